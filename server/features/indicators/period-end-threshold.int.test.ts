import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter } from '../../../shared/indicators/filter';
import { evaluateFilter } from '../../../shared/indicators/filter';
import { indicatorLibrary } from './indicators.service';
import { createEmptyTestDb, type TestDb } from '../../test/test-db';
import { periodEndThresholdSql } from './indicator-sources';

/**
 * The period-end threshold the engine counts the EENC ladder with (`periodEndThresholdSql`), against
 * `evaluateFilter` at a period's end: for each filter and facility, "counted at the end E" holds exactly
 * when the threshold is on or before E, at every end tried. The library's facility measures, plus filters
 * that nest `all` and `any` around dates. Both engines (PGlite, or PostgreSQL with DATABASE_URL).
 */
const FIELDS = {
  kind: 'text',
  provides_births: 'boolean',
  active: 'boolean',
  facility_introduced_on: 'date',
  facility_team_formed_on: 'date',
  facility_assessed_on: 'date',
  facility_meets_standards_on: 'date',
  facility_implementing_on: 'date',
} as const;
const NAMES = Object.keys(FIELDS) as (keyof typeof FIELDS)[];
const source = { id: 'facility', fields: Object.fromEntries(NAMES.map((n) => [n, { sql: `r.${n}` }])) };
const recordSql = `(select ${NAMES.map((n, i) => `$${i + 1}::${FIELDS[n]} as ${n}`).join(', ')}) r`;

type Facility = Record<(typeof NAMES)[number], string | boolean | null>;
const facility = (over: Partial<Facility>): Facility => ({
  kind: 'facility',
  provides_births: true,
  active: true,
  facility_introduced_on: null,
  facility_team_formed_on: null,
  facility_assessed_on: null,
  facility_meets_standards_on: null,
  facility_implementing_on: null,
  ...over,
});
const FACILITIES: Facility[] = [
  facility({}),
  facility({ provides_births: false, facility_introduced_on: '2020-01-01' }),
  facility({ kind: 'commune', active: false, facility_implementing_on: '2019-05-05' }),
  facility({ facility_introduced_on: '2018-03-01', facility_team_formed_on: '2019-12-31' }),
  facility({
    facility_introduced_on: '2017-01-01',
    facility_team_formed_on: '2017-06-30',
    facility_assessed_on: '2018-02-28',
    facility_meets_standards_on: '2020-02-29',
    facility_implementing_on: '2018-02-28',
  }),
];
const ENDS = [
  '2016-12-31',
  '2017-06-30',
  '2018-02-27',
  '2018-02-28',
  '2019-12-31',
  '2020-02-29',
  '2024-12-31',
];
const reached = (field: string): Filter => ({ field, reachedBy: 'periodEnd' });
const FILTERS: Array<[string, Filter]> = [
  ...indicatorLibrary.registry.measures
    .filter((m) => m.source === 'facility')
    .map((m) => [m.id, m.where] as [string, Filter]),
  ['empty all', { all: [] }],
  ['empty any', { any: [] }],
  [
    'any of two steps, with a condition',
    {
      all: [
        { field: 'active', eq: true },
        { any: [reached('facility_assessed_on'), reached('facility_team_formed_on')] },
      ],
    } as Filter,
  ],
  ['all of two steps', { all: [reached('facility_introduced_on'), reached('facility_meets_standards_on')] }],
];

describe('the period-end threshold in SQL counts as evaluateFilter does at each period end', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createEmptyTestDb();
  });
  afterAll(() => t.drop());

  it.each(FILTERS)('%s', async (_name, where) => {
    const sql = `select e.d, (${periodEndThresholdSql(source, where)}) <= e.d::date as v
                   from ${recordSql}, unnest($${NAMES.length + 1}::text[]) as e(d)`;
    for (const r of FACILITIES) {
      const rows = await t.db.query<{ d: string; v: boolean | null }>(sql, [...NAMES.map((n) => r[n]), ENDS]);
      expect(rows.map((x) => x.v === true)).toEqual(
        ENDS.map((end) => evaluateFilter(where, r, { periodEnd: end })),
      );
    }
  });
});
