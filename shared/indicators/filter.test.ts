import { describe, expect, it } from 'vitest';
import { canonicalFilter, checkFilter, describeFilter, evaluateFilter, type Filter } from './filter';
import { CASE_FIELDS, CASE_RECORDS, FILTER_CASES } from './filter-test-helpers';
import { SOURCES } from './sources';

describe('evaluateFilter', () => {
  const rec = {
    outcome: 'live_birth',
    immediate_ssc: null,
    weight_band: 'lbw',
    flags: ['ssc_short'],
    w: 2400,
    d1: '2020-01-01',
    d2: '2021-01-01',
  };
  it.each<[string, Filter, boolean]>([
    ['eq true', { field: 'outcome', eq: 'live_birth' }, true],
    ['eq against unknown is false', { field: 'immediate_ssc', eq: true }, false],
    ['not of an unknown comparison is true', { not: { field: 'immediate_ssc', eq: true } }, true],
    ['isNull', { field: 'immediate_ssc', isNull: true }, true],
    ['missing field is null', { field: 'nothing', isNull: true }, true],
    ['in', { field: 'weight_band', in: ['elbw', 'lbw'] }, true],
    ['lt', { field: 'w', lt: 2500 }, true],
    ['gte', { field: 'w', gte: 2500 }, false],
    ['has', { field: 'flags', has: 'ssc_short' }, true],
    ['lteField', { field: 'd1', lteField: 'd2' }, true],
    ['lteField with unknown', { field: 'd1', lteField: 'nothing' }, false],
    ['empty all is true', { all: [] }, true],
    [
      'any',
      {
        any: [
          { field: 'w', lt: 1 },
          { field: 'w', gt: 2000 },
        ],
      },
      true,
    ],
  ])('%s', (_name, f, expected) => {
    expect(evaluateFilter(f, rec)).toBe(expected);
  });

  it('compares with the end of the period', () => {
    const f: Filter = { field: 'd', reachedBy: 'periodEnd' };
    expect(evaluateFilter(f, { d: '2020-03-31' }, { periodEnd: '2020-03-31' })).toBe(true);
    expect(evaluateFilter(f, { d: '2020-04-01' }, { periodEnd: '2020-03-31' })).toBe(false);
    expect(evaluateFilter(f, { d: null }, { periodEnd: '2020-03-31' })).toBe(false);
  });
});

describe('evaluateFilter on the cases the SQL compiler is checked against', () => {
  it.each(FILTER_CASES)('%s', (_name, f, expected) => {
    expect(CASE_RECORDS.map((r) => evaluateFilter(f, r))).toEqual(expected);
    expect(checkFilter(f, CASE_FIELDS, 'f')).toEqual([]);
  });
});

describe('array comparisons', () => {
  it('are checked: both fields text[], the other one known', () => {
    const f: Filter = {
      all: [
        { field: 't', isEmpty: true },
        { field: 'a', overlapsField: 'num' },
        { field: 'a', overlapsField: 'nothing' },
      ],
    };
    expect(checkFilter(f, CASE_FIELDS, 'x').map((i) => [i.path, i.message])).toEqual([
      ['x.all.0.isEmpty', 'indicators.def.wrongType'],
      ['x.all.1.overlapsField', 'indicators.def.wrongType'],
      ['x.all.2.overlapsField', 'indicators.def.unknownField'],
    ]);
  });

  it('are described in words', () => {
    expect(
      describeFilter({
        any: [
          { field: 'a', isEmpty: true },
          { field: 'a', overlapsField: 'b' },
        ],
      }),
    ).toBe('a empty or a shares a value with b');
  });
});

describe('checkFilter', () => {
  it('collects every problem with its path', () => {
    const f: Filter = {
      all: [
        { field: 'nope', eq: true },
        { field: 'outcome', eq: 'alive' },
        { field: 'immediate_ssc', lt: 3 },
      ],
    };
    expect(checkFilter(f, SOURCES.newborn.fields, 'x').map((i) => [i.path, i.message])).toEqual([
      ['x.all.0.field', 'indicators.def.unknownField'],
      ['x.all.1.eq', 'indicators.def.unknownValue'],
      ['x.all.2.lt', 'indicators.def.wrongType'],
    ]);
  });
});

describe('canonicalFilter', () => {
  it('is the same for the same condition written with keys in another order', () => {
    expect(canonicalFilter({ field: 'a', eq: 1 })).toBe(canonicalFilter({ eq: 1, field: 'a' }));
  });
});
