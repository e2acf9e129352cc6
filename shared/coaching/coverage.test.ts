import { describe, expect, it } from 'vitest';
import { addYears, coveredUntil, isCovered, isInDenominator, type Posting } from './coverage';

describe('addYears', () => {
  it.each([
    ['2026-02-03', -3, '2023-02-03'],
    ['2024-02-29', -3, '2021-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2026-12-31', -1, '2025-12-31'],
  ])('%s moved by %i years is %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('isCovered (coached in the last N years)', () => {
  it.each([
    ['coached exactly 3 years before', ['2023-02-03'], '2026-02-03', 3, true],
    ['coached 3 years and 1 day before', ['2023-02-02'], '2026-02-03', 3, false],
    ['coached on the day itself', ['2026-02-03'], '2026-02-03', 3, true],
    ['coached after the day (a later course)', ['2026-02-04'], '2026-02-03', 3, false],
    ['an old and a recent course', ['2015-05-01', '2025-01-01'], '2026-02-03', 3, true],
    ['3 years and 1 day before, with N = 4', ['2023-02-02'], '2026-02-03', 4, true],
    ['never coached', [], '2026-02-03', 3, false],
  ])('%s: %s on %s with N = %i is %s', (_name, completed, asOf, years, expected) => {
    expect(isCovered(completed, asOf, years)).toBe(expected);
  });
});

describe("coveredUntil (the first day no longer covered: the rollup's change)", () => {
  it.each([
    ['2027-06-15', 3, '2030-06-16'],
    ['2028-02-29', 3, '2031-03-01'],
    ['2023-02-28', 1, '2024-03-01'],
    ['2024-02-29', 1, '2025-03-01'],
    ['2026-12-31', 3, '2030-01-01'],
  ])('a course ending %s with N = %i covers until the day before %s', (ended, years, until) => {
    expect(coveredUntil(ended, years)).toBe(until);
  });
  it('agrees with isCovered on every day around the window ends of four years of courses', () => {
    for (let day = Date.parse('2023-01-01'); day < Date.parse('2027-01-01'); day += 86_400_000) {
      const ended = new Date(day).toISOString().slice(0, 10);
      for (const years of [1, 3]) {
        const until = coveredUntil(ended, years);
        const before = new Date(Date.parse(until) - 86_400_000).toISOString().slice(0, 10);
        expect([isCovered([ended], before, years), isCovered([ended], until, years)]).toEqual([true, false]);
      }
    }
  });
});

describe('isInDenominator (delivery-room staff of a facility on a day)', () => {
  const dr = (facilityId: string, activeFrom: string, endedOn: string | null = null): Posting => ({
    facilityId,
    ward: 'delivery_room',
    activeFrom,
    endedOn,
  });
  it.each([
    ['working there', [dr('A', '2020-01-01')], 'A', '2026-03-31', true],
    ['deactivated on that day', [dr('A', '2020-01-01', '2026-03-31')], 'A', '2026-03-31', false],
    ['deactivated the day after', [dr('A', '2020-01-01', '2026-04-01')], 'A', '2026-03-31', true],
    ['not yet started', [dr('A', '2026-04-01')], 'A', '2026-03-31', false],
    [
      'moved away during the period',
      [dr('A', '2020-01-01', '2026-03-07'), dr('B', '2026-03-07')],
      'A',
      '2026-03-31',
      false,
    ],
    [
      'moved in during the period',
      [dr('A', '2020-01-01', '2026-03-07'), dr('B', '2026-03-07')],
      'B',
      '2026-03-31',
      true,
    ],
    [
      'postnatal ward',
      [{ facilityId: 'A', ward: 'postnatal_ward', activeFrom: '2020-01-01', endedOn: null }],
      'A',
      '2026-03-31',
      false,
    ],
  ])('%s', (_name, postings, facility, day, expected) => {
    expect(isInDenominator(postings, facility, day)).toBe(expected);
  });
});
