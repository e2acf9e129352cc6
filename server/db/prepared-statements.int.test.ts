import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngine } from '../test/test-db';
import type { Db } from './db';
import { openPostgresDb } from './postgres-db';

describe('prepared statements through the Db port', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('gives the same rows prepared or not, with new parameters each time', async () => {
    const sql = 'select $1::int + g as n from generate_series(1, 3) g order by g';
    for (const base of [0, 10, -5]) {
      const plain = await t.db.query<{ n: number }>(sql, [base]);
      const prepared = await t.db.query<{ n: number }>(sql, [base], { prepare: true });
      expect(prepared).toEqual(plain);
      expect(prepared.map((r) => r.n)).toEqual([base + 1, base + 2, base + 3]);
    }
  });

  it('reports a bad parameter of a prepared statement and keeps working', async () => {
    const sql = 'select $1::int as n';
    await expect(t.db.query(sql, ['not a number'], { prepare: true })).rejects.toThrow(/integer/);
    expect(await t.db.query(sql, [7], { prepare: true })).toEqual([{ n: 7 }]);
  });
});

describe.runIf(testEngine === 'postgres')('prepared statements on PostgreSQL', () => {
  let db: Db;
  // One connection, so that pg_prepared_statements shows what this pool prepared.
  beforeAll(async () => {
    db = await openPostgresDb(process.env.DATABASE_URL!, 1);
  });
  afterAll(() => db.close());
  const ours = () =>
    db.query<{ statement: string; generic_plans: string; custom_plans: string }>(
      "select statement, generic_plans, custom_plans from pg_prepared_statements where name like 's\\_%'",
      [],
      { prepare: true },
    );

  it('prepares a text once per connection with a generic plan, and stops preparing past the limit', async () => {
    expect(db.concurrent).toBe(true);
    for (let i = 0; i < 8; i++) await db.query('select $1::int as probe', [i], { prepare: true });
    await db.query('select $1::int as unprepared', [2]);
    const first = await ours();
    // The probe and the listing itself; the unprepared text is not there.
    expect(first.map((r) => r.statement).sort()).toEqual([
      'select $1::int as probe',
      "select statement, generic_plans, custom_plans from pg_prepared_statements where name like 's\\_%'",
    ]);
    const probe = first.find((r) => r.statement.includes('probe'))!;
    expect([Number(probe.generic_plans), Number(probe.custom_plans)]).toEqual([8, 0]);
    for (let i = 0; i < 300; i++) await db.query(`select $1::int + ${i} as n`, [i], { prepare: true });
    expect(await ours()).toHaveLength(256);
    // Past the limit the text still runs, unprepared.
    expect(await db.query('select $1::int * 2 as n', [21], { prepare: true })).toEqual([{ n: 42 }]);
    expect(await ours()).toHaveLength(256);
  });
});
