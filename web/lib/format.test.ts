import { describe, expect, it } from 'vitest';
import { formatDate, formatMonth, formatNumber, formatPercent } from './format';

describe('locale formatting', () => {
  it("formats numbers with each language's separators", () => {
    expect(formatNumber(14000.5, 'vi', 1)).toBe('14.000,5');
    expect(formatNumber(14000.5, 'en', 1)).toBe('14,000.5');
  });
  it('formats a calendar date without shifting it across time zones', () => {
    expect(formatDate('2014-06-01', 'en')).toBe('1 Jun 2014');
    expect(formatDate('2014-06-01', 'vi')).toMatch(/1.*6.*2014/);
  });
  it('formats percentages and leaves missing values empty', () => {
    expect(formatPercent(0.8, 'en')).toBe('80.0%');
    expect(formatPercent(null, 'vi')).toBe('');
  });
  it('formats for any language code through Intl, even one whose catalogue is not present', () => {
    expect(formatNumber(14000.5, 'de', 1)).toBe('14.000,5');
    expect(formatDate('2014-06-01', 'fr')).toBe('1 juin 2014');
  });
});

describe('formatMonth', () => {
  it.each([
    ['vi', 'Thg 1 2026'],
    ['en', 'Jan 2026'],
  ])('%s writes January 2026 as %s', (locale, text) => {
    expect(formatMonth('2026-01', locale)).toBe(text);
  });
});
