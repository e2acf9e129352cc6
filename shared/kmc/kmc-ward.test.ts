import { describe, expect, it } from 'vitest';
import { isImmediateKmc, isWeightJump, wardFlags, weightBefore } from './kmc-ward';

const born = '2026-03-01T10:00:00Z';

describe('immediate KMC', () => {
  it.each([
    ['started at 60 min, no incubator', '2026-03-01T11:00:00Z', false, true],
    ['started at 61 min', '2026-03-01T11:01:00Z', false, false],
    ['started at 20 min after a period in an incubator', '2026-03-01T10:20:00Z', true, false],
    ['started at 20 min, incubator not recorded', '2026-03-01T10:20:00Z', null, null],
    ['not started', null, false, false],
  ] as const)('%s', (_l, startedAt, incubator, expected) => {
    expect(isImmediateKmc(born, startedAt, incubator)).toBe(expected);
  });
});

describe('weight jumps asked to confirm', () => {
  it.each([
    ['1,800 → 2,160 g next day (+20 %)', 1800, '2026-03-02', 2160, false],
    ['1,800 → 2,170 g next day (+20.6 %)', 1800, '2026-03-02', 2170, true],
    ['1,800 → 1,430 g next day (−20.6 %)', 1800, '2026-03-02', 1430, true],
    ['1,800 → 2,170 g two days later (+10 % a day)', 1800, '2026-03-03', 2170, false],
  ] as const)('%s', (_l, prev, date, next, expected) => {
    expect(isWeightJump({ date: '2026-03-01', grams: prev }, { date, grams: next })).toBe(expected);
  });

  it('compares with the nearest earlier weight, not a later one', () => {
    const weights = [
      { date: '2026-03-01', grams: 1700 },
      { date: '2026-03-03', grams: 1750 },
      { date: '2026-03-05', grams: 1800 },
    ];
    expect(weightBefore('2026-03-04', weights)).toEqual({ date: '2026-03-03', grams: 1750 });
    expect(weightBefore('2026-03-01', weights)).toBeNull();
  });
});

describe('ward flags', () => {
  const log = (date: string, sscHours: number | null, weightGrams: number | null) => ({
    date,
    sscHours,
    weightGrams,
  });

  it('flags under 8 hours on the most recent day logged only', () => {
    expect(wardFlags([log('2026-03-02', 6, null), log('2026-03-03', 8, null)]).belowMinHours).toBe(false);
    expect(wardFlags([log('2026-03-02', 9, null), log('2026-03-03', 7.5, null)]).belowMinHours).toBe(true);
  });

  it('flags a weight that fell two days running, on consecutive days', () => {
    const falling = [log('2026-03-02', 10, 1800), log('2026-03-03', 10, 1780), log('2026-03-04', 10, 1770)];
    expect(wardFlags(falling).weightFalling).toBe(true);
    expect(wardFlags(falling.slice(1)).weightFalling).toBe(false);
    const gap = [log('2026-03-01', 10, 1800), log('2026-03-03', 10, 1780), log('2026-03-04', 10, 1770)];
    expect(wardFlags(gap).weightFalling).toBe(false);
    const steady = [log('2026-03-02', 10, 1800), log('2026-03-03', 10, 1780), log('2026-03-04', 10, 1780)];
    expect(wardFlags(steady).weightFalling).toBe(false);
  });
});
