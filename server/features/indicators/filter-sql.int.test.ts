import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_FIELDS,
  CASE_RECORDS,
  type CaseRecord,
  FILTER_CASES,
} from '../../../shared/indicators/filter-test-helpers';
import { createEmptyTestDb, type TestDb } from '../../test/test-db';
import { compileFilter } from './indicator-sources';

/**
 * The SQL compiler of filters against the same table of cases as `evaluateFilter` (filter.test.ts):
 * each record is bound as parameters, so the engine (PGlite, or PostgreSQL with DATABASE_URL) answers.
 */
const SQL_TYPES: Record<keyof CaseRecord, string> = {
  a: 'text[]',
  b: 'text[]',
  t: 'text',
  flag: 'boolean',
  num: 'integer',
  d1: 'date',
  d2: 'date',
};
const NAMES = Object.keys(CASE_FIELDS) as (keyof CaseRecord)[];
const source = {
  id: 'cases',
  fields: Object.fromEntries(NAMES.map((n) => [n, { sql: `r.${n}` }])),
};
const recordSql = `(select ${NAMES.map((n, i) => `$${i + 1}::${SQL_TYPES[n]} as ${n}`).join(', ')}) r`;

describe('filters compiled to SQL answer as evaluateFilter does', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createEmptyTestDb();
  });
  afterAll(() => t.drop());

  it.each(FILTER_CASES)('%s', async (_name, f, expected) => {
    const sql = `select ${compileFilter(source, f)} as v from ${recordSql}`;
    const got: boolean[] = [];
    for (const r of CASE_RECORDS) {
      const [row] = await t.db.query<{ v: boolean }>(
        sql,
        NAMES.map((n) => r[n]),
      );
      got.push(row!.v);
    }
    expect(got).toEqual(expected);
  });
});
