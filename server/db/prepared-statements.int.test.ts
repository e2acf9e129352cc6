import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testEngine } from '../test/test-db';
import { useTestDb } from '../test/use-test-db';
import type { Db } from './db';
import { pglitePreparedRunner } from './pglite-prepared';
import { openPostgresDb } from './postgres-db';
import { MAX_PREPARED_TEXTS, statementName } from './prepared-names';
import { TYPE_PARSERS } from './type-parsers';

describe('prepared statements through the Db port', () => {
  const t = useTestDb();

  it('gives the same rows prepared or not, with new parameters each time', async () => {
    const sql = 'select $1::int + g as n from generate_series(1, 3) g order by g';
    for (const base of [0, 10, -5]) {
      const plain = await t.db.query<{ n: number }>(sql, [base]);
      const prepared = await t.db.query<{ n: number }>(sql, [base], { prepare: true });
      expect(prepared).toEqual(plain);
      expect(prepared.map((r) => r.n)).toEqual([base + 1, base + 2, base + 3]);
    }
  });

  it('passes parameters of every kind intact: quotes, backslashes, nulls, arrays, dates, JSON', async () => {
    // PGlite writes the parameters of a prepared statement into the SQL text: escaping must be exact.
    const sql = `select $1::text as t, $2::text[] as a, $3::date as d, $4::int[] as ids, $5::jsonb as j,
      $6::boolean as b, $7::text as n, (select count(*) from unnest($4::int[])) as c`;
    const params = [
      `O'Brien \\ "x" ''; drop table users; --`,
      ["a'b", 'c\\d', null, 'e,f', '', 'NULL', '{x}'],
      '2024-02-29',
      [1, 2, 3],
      { k: "it's", v: [1, null] },
      true,
      null,
    ];
    const [prepared] = await t.db.query(sql, params, { prepare: true });
    expect(prepared).toEqual({
      t: `O'Brien \\ "x" ''; drop table users; --`,
      a: ["a'b", 'c\\d', null, 'e,f', '', 'NULL', '{x}'],
      d: '2024-02-29',
      ids: [1, 2, 3],
      j: { k: "it's", v: [1, null] },
      b: true,
      n: null,
      c: 3,
    });
    expect(prepared).toEqual((await t.db.query(sql, params))[0]);
    expect(await t.db.query('select count(*) as n from users', [], { prepare: true })).toEqual(
      await t.db.query('select count(*) as n from users'),
    );
  });

  it('returns the same types and error codes as an unprepared statement', async () => {
    const sql = `select now() as t, 5::bigint as n, 1.5::numeric as x, $1::uuid as u`;
    const id = '6f1c1d6e-0000-4000-8000-000000000001';
    const [row] = await t.db.query<{ t: Date; n: number; x: number; u: string }>(sql, [id], {
      prepare: true,
    });
    expect(row!.t).toBeInstanceOf(Date);
    expect([row!.n, row!.x, row!.u]).toEqual([5, 1.5, id]);
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: { code?: string }) => e.code,
      );
    expect(await codeOf(t.db.query(sql, ['not-a-uuid'], { prepare: true }))).toBe('22P02');
    expect(await codeOf(t.db.query(sql, ['not-a-uuid']))).toBe('22P02');
  });

  it('runs a new text sent by several requests at once', async () => {
    const sql = 'select $1::int * 3 as n';
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => t.db.query(sql, [i], { prepare: true })));
    expect(results).toEqual([[{ n: 3 }], [{ n: 6 }], [{ n: 9 }], [{ n: 12 }], [{ n: 15 }]]);
  });

  it('reports a bad parameter or a bad text, keeps working, and leaves other statements their plan choice', async () => {
    const sql = 'select $1::int as n';
    await expect(t.db.query(sql, ['not a number'], { prepare: true })).rejects.toThrow(/integer/);
    expect(await t.db.query(sql, [7], { prepare: true })).toEqual([{ n: 7 }]);
    await expect(t.db.query('select $1::int from no_such_table', [1], { prepare: true })).rejects.toThrow(
      /no_such_table/,
    );
    await expect(t.db.query('select $1::int from no_such_table', [1], { prepare: true })).rejects.toThrow(
      /no_such_table/,
    );
    expect(await t.db.query("select current_setting('plan_cache_mode') as mode")).toEqual([{ mode: 'auto' }]);
  });

  it('runs prepared texts inside a transaction, and rolls back with it', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        const [row] = await tx.query<{ n: number }>('select $1::int + 1 as n', [41], { prepare: true });
        expect(row).toEqual({ n: 42 });
        await tx.query("update users set display_name = 'changed' where $1::int = 1", [1], { prepare: true });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.db.query("select count(*) as n from users where display_name = 'changed'")).toEqual([
      { n: 0 },
    ]);
  });
});

describe('prepared statements: planned once per text, generic plans, a limit', () => {
  let db: Db;
  let done: () => Promise<void>;
  // On PostgreSQL one connection, so that pg_prepared_statements shows everything this pool prepared.
  beforeAll(async () => {
    if (testEngine === 'postgres') {
      db = await openPostgresDb(process.env.DATABASE_URL!, 1);
      done = () => db.close();
    } else {
      const t = await createTestDb();
      db = t.db;
      done = () => t.drop();
    }
  });
  afterAll(() => done());
  const listing =
    "select name, generic_plans, custom_plans from pg_prepared_statements where name like 's\\_%'";
  const ours = () =>
    db.query<{ name: string; generic_plans: string; custom_plans: string }>(listing, [], { prepare: true });

  it('prepares a text once with a generic plan, and stops preparing past the limit', async () => {
    const probe = 'select $1::int as probe';
    for (let i = 0; i < 8; i++) await db.query(probe, [i], { prepare: true });
    await db.query('select $1::int as unprepared', [2]);
    const first = await ours();
    // The probe and the listing itself; the unprepared text is not there.
    expect(first.map((r) => r.name).sort()).toEqual([statementName(probe), statementName(listing)].sort());
    const row = first.find((r) => r.name === statementName(probe))!;
    expect([Number(row.generic_plans), Number(row.custom_plans)]).toEqual([8, 0]);
    for (let i = 0; i < 100; i++) await db.query(`select $1::int + ${i} as n`, [i], { prepare: true });
    const names = (await ours()).map((r) => r.name);
    expect(names).toHaveLength(MAX_PREPARED_TEXTS);
    // Past the limit a text still runs: PostgreSQL keeps the first texts and runs later ones unprepared;
    // PGlite deallocates the least recently used text.
    expect(await db.query('select $1::int * 2 as n', [21], { prepare: true })).toEqual([{ n: 42 }]);
    const after = (await ours()).map((r) => r.name);
    expect(after).toHaveLength(MAX_PREPARED_TEXTS);
    const newest = statementName('select $1::int * 2 as n');
    if (testEngine === 'postgres') {
      expect(names).toContain(statementName(probe));
      expect(after).not.toContain(newest);
    } else {
      expect(names).not.toContain(statementName(probe));
      expect(names).toContain(statementName('select $1::int + 99 as n'));
      expect(after).toContain(newest);
    }
  });

  it('runs every text right when more new texts than the limit arrive at once', async () => {
    const texts = Array.from({ length: MAX_PREPARED_TEXTS + 40 }, (_, i) => `select $1::int - ${i} as n`);
    const results = await Promise.all(texts.map((sql) => db.query(sql, [1000], { prepare: true })));
    expect(results).toEqual(texts.map((_, i) => [{ n: 1000 - i }]));
  });
});

describe.runIf(testEngine === 'pglite')('prepared statements on PGlite', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create({ parsers: TYPE_PARSERS });
  });
  afterAll(() => pg.close());
  const plansOf = async (sql: string) => {
    const { rows } = await pg.query<{ generic_plans: number; custom_plans: number }>(
      'select generic_plans, custom_plans from pg_prepared_statements where name = $1',
      [statementName(sql)],
    );
    return rows.map((r) => [Number(r.generic_plans), Number(r.custom_plans)]);
  };

  it.each(['on', 'off'])(
    'reads a backslash-and-quote parameter as data with standard_conforming_strings %s',
    async (setting) => {
      // With the setting off, a plain '…' literal ended early at \' and the rest ran as SQL.
      await pg.exec(`set standard_conforming_strings = ${setting}`);
      try {
        const run = pglitePreparedRunner(pg);
        const value = `x\\'; create table injected_${setting} (); select '`;
        expect(await run(`select $1::text as t -- ${setting}`, [value])).toEqual([{ t: value }]);
        const { rows } = await pg.query('select to_regclass($1) as t', [`injected_${setting}`]);
        expect(rows).toEqual([{ t: null }]);
      } finally {
        await pg.exec('reset standard_conforming_strings');
      }
    },
  );

  it('keeps a plan until it is too old, then plans the text again', async () => {
    const keep = pglitePreparedRunner(pg);
    const sql = 'select $1::int * 10 as n';
    for (const i of [1, 2, 3]) expect(await keep(sql, [i])).toEqual([{ n: i * 10 }]);
    expect(await plansOf(sql)).toEqual([[3, 0]]);

    const replan = pglitePreparedRunner(pg, 0);
    const other = 'select $1::int * 100 as n';
    for (const i of [1, 2, 3]) expect(await replan(other, [i])).toEqual([{ n: i * 100 }]);
    // Prepared again before each run: the counters start again each time.
    expect(await plansOf(other)).toEqual([[1, 0]]);
  });
});
