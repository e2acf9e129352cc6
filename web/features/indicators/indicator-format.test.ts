import { describe, expect, it } from 'vitest';
import { formatChange, formatValue, isWithinNoise } from './indicator-format';

describe('formatValue', () => {
  it.each([
    ['percent', 'en', 88.24, '88.2 %'],
    ['percent', 'vi', 88.24, '88,2 %'],
    ['per1000', 'en', 12.36, '12.4 ‰'],
    ['per1000', 'vi', 12.36, '12,4 ‰'],
    ['count', 'en', 1234, '1,234'],
    ['count', 'vi', 1234, '1.234'],
  ] as const)('%s in %s: %d → %s', (unit, locale, value, text) => {
    expect(formatValue({ value }, { unit }, locale)).toBe(text);
  });
});

describe('formatChange', () => {
  it.each([
    ['percent', 'en', 3.24, 'pp', '+3.2 pp'],
    ['percent', 'vi', 3.24, 'điểm %', '+3,2 điểm %'],
    ['percent', 'en', -0.96, 'pp', '−1.0 pp'],
    ['percent', 'en', 0.01, 'pp', '0.0 pp'],
    ['per1000', 'en', -2.5, 'pp', '−2.5 ‰'],
    ['count', 'vi', 1200, 'điểm %', '+1.200'],
  ] as const)('%s in %s: %d → %s', (unit, locale, change, pp, text) => {
    expect(formatChange(change, unit, locale, pp)).toBe(text);
  });
});

describe('isWithinNoise', () => {
  const v = (numerator: number, denominator: number) => ({ numerator, denominator });
  it.each([
    ['a few births either way in a small unit', v(8, 10), v(6, 10), true],
    ['the same shift over thousands of births', v(800, 1000), v(600, 1000), false],
    ['one point over 200 births', v(161, 200), v(159, 200), true],
    ['from none to all', v(20, 20), v(0, 20), false],
    ['no births in the previous period', v(5, 10), v(0, 0), true],
  ])('%s → %s', (_name, current, previous, noise) => {
    expect(isWithinNoise(current, previous, 'percent')).toBe(noise);
  });

  it('never labels a change of a count', () => {
    expect(isWithinNoise(v(900, 0), v(100, 0), 'count')).toBe(true);
  });
});
