import { describe, expect, it } from 'vitest';
import {
  calendarGrainOf,
  countGrainOf,
  parsePeriod,
  periodFromRange,
  periodsBetween,
  previousPeriod,
  splitWindow,
  trendPoints,
} from './period';

describe('parsePeriod', () => {
  it.each([
    ['2024', 'year', '2024-01-01', '2024-12-31'],
    ['2024Q1', 'quarter', '2024-01-01', '2024-03-31'],
    ['2024q4', 'quarter', '2024-10-01', '2024-12-31'],
    ['202402', 'month', '2024-02-01', '2024-02-29'],
    ['202302', 'month', '2023-02-01', '2023-02-28'],
    ['2024-01-05..2024-02-10', 'custom', '2024-01-05', '2024-02-10'],
    ['2024-04-01..2024-06-30', 'quarter', '2024-04-01', '2024-06-30'],
    ['2024-01-01..2024-12-31', 'year', '2024-01-01', '2024-12-31'],
    ['2024-03-01..2024-03-31', 'month', '2024-03-01', '2024-03-31'],
    ['2024-02-01..2024-04-30', 'custom', '2024-02-01', '2024-04-30'],
  ])('reads %s as a %s from %s to %s', (text, kind, from, to) => {
    expect(parsePeriod(text)).toMatchObject({ kind, from, to });
  });

  it.each([
    ['2024Q5', 'period.format'],
    ['202413', 'period.format'],
    ['24', 'period.format'],
    ['1200', 'period.range'],
    ['2024-02-30..2024-03-01', 'period.format'],
    ['2024-03-02..2024-03-01', 'period.order'],
    ['1990-01-01..2040-01-01', 'period.tooLong'],
  ])('rejects %s with %s', (text, problem) => {
    expect(parsePeriod(text)).toBe(problem);
  });

  it('rejects from/to in the wrong order', () => {
    expect(periodFromRange('2024-05-01', '2024-04-30')).toBe('period.order');
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2024', '2023'],
    ['2024Q1', '2023Q4'],
    ['2024Q3', '2024Q2'],
    ['202401', '202312'],
    ['202403', '202402'],
    ['2024-01-10..2024-01-19', '2023-12-31..2024-01-09'],
  ])('before %s comes %s', (text, prev) => {
    const p = parsePeriod(text);
    if (typeof p === 'string') throw new Error(p);
    expect(previousPeriod(p).id).toBe(prev);
  });
});

describe('splitWindow', () => {
  it.each([
    ['2024-01-01', '2024-12-31', ['2024-01-01', '2024-12-01'], []],
    [
      '2024-01-15',
      '2024-03-10',
      ['2024-02-01', '2024-02-01'],
      [
        ['2024-01-15', '2024-01-31'],
        ['2024-03-01', '2024-03-10'],
      ],
    ],
    ['2024-01-15', '2024-01-20', null, [['2024-01-15', '2024-01-20']]],
    ['2024-01-15', '2024-02-10', null, [['2024-01-15', '2024-02-10']]],
    ['2024-01-01', '2024-01-31', ['2024-01-01', '2024-01-01'], []],
    ['2024-02-02', '2024-03-31', ['2024-03-01', '2024-03-01'], [['2024-02-02', '2024-02-29']]],
    ['2023-12-31', '2024-01-31', ['2024-01-01', '2024-01-01'], [['2023-12-31', '2023-12-31']]],
  ])('answers %s..%s with whole months %j and raw days %j', (from, to, months, edges) => {
    expect(splitWindow(from, to)).toEqual({ months, edges });
  });
});

describe('trendPoints', () => {
  it('gives the 12 months ending with a quarter', () => {
    const p = parsePeriod('2024Q2');
    if (typeof p === 'string') throw new Error(p);
    const pts = trendPoints(p);
    expect(pts).toHaveLength(12);
    expect(pts[0]).toEqual({ month: '2023-07', from: '2023-07-01', to: '2023-07-31', partial: false });
    expect(pts.at(-1)?.month).toBe('2024-06');
  });

  it('clips the months of a long custom range to the range', () => {
    const p = periodFromRange('2022-01-15', '2024-02-10');
    if (typeof p === 'string') throw new Error(p);
    const pts = trendPoints(p);
    expect(pts).toHaveLength(26);
    expect(pts[0]).toEqual({ month: '2022-01', from: '2022-01-15', to: '2022-01-31', partial: true });
    expect(pts.at(-1)).toEqual({ month: '2024-02', from: '2024-02-01', to: '2024-02-10', partial: true });
  });
});

describe('periodsBetween', () => {
  it('lists every quarter of 2015–2024', () => {
    const qs = periodsBetween('quarter', '2015-01-01', '2024-12-31');
    expect(qs).toHaveLength(40);
    expect(qs[0]!.id).toBe('2015Q1');
    expect(qs[39]!.id).toBe('2024Q4');
  });
});

describe('calendarGrainOf', () => {
  it.each([
    ['2024-01-01', '2024-12-31', 'year'],
    ['2024-01-01', '2024-03-31', 'quarter'],
    ['2024-10-01', '2024-12-31', 'quarter'],
    ['2024-02-01', '2024-04-30', null],
    ['2024-01-01', '2024-01-31', null],
    ['2024-01-02', '2024-03-31', null],
    ['2024-04-01', '2024-06-29', null],
    ['2023-01-01', '2024-12-31', null],
  ])('%s..%s is %s', (from, to, grain) => {
    expect(calendarGrainOf(from, to)).toBe(grain);
  });
});

describe('countGrainOf', () => {
  it.each([
    ['2024-01-01', '2024-12-31', 'year'],
    ['2024-04-01', '2024-06-30', 'quarter'],
    ['2024-02-01', '2024-02-29', 'month'],
    ['2023-02-01', '2023-02-28', 'month'],
    ['2023-02-01', '2023-02-27', 'range'],
    ['2024-05-01', '2024-06-30', 'range'],
    ['2024-05-10', '2024-06-25', 'range'],
    ['2023-12-15', '2024-01-20', 'range'],
    ['2024-03-09', '2024-03-09', 'range'],
    ['2023-01-01', '2024-12-31', 'range'],
  ])('%s..%s is %s', (from, to, grain) => {
    expect(countGrainOf(from, to)).toBe(grain);
  });
});
