import { describe, expect, it } from 'vitest';
import { testEngine } from '../test/test-db';
import { useTestDb } from '../test/use-test-db';

describe('vacuuming the tables that need it', () => {
  const t = useTestDb(
    `create table vacuum_probe (id int primary key, note text);
       create table vacuum_quiet (id int primary key);
       insert into vacuum_quiet select g from generate_series(1, 1000) g;`,
  );
  const deadRows = async () => {
    await t.db.query('select pg_stat_force_next_flush()');
    const [row] = await t.db.query<{ dead: number; vacuumed: boolean }>(
      `select n_dead_tup::int as dead, (last_vacuum is not null) as vacuumed
         from pg_stat_user_tables where relname = 'vacuum_probe'`,
    );
    return row!;
  };

  it.runIf(testEngine === 'pglite')(
    'on PGlite, vacuums a table with many dead rows, then leaves it until it needs it again',
    async () => {
      await t.db.vacuumTablesThatNeedIt(); // whatever the migrations left
      await t.db.query("insert into vacuum_probe select g, 'x' from generate_series(1, 2000) g");
      await t.db.query('delete from vacuum_probe where id % 2 = 0');
      await t.db.query("update vacuum_probe set note = 'y' where id % 5 = 1");
      expect((await deadRows()).dead).toBeGreaterThan(1000);

      expect(await t.db.vacuumTablesThatNeedIt()).toEqual(['public.vacuum_probe']);
      expect(await deadRows()).toEqual({ dead: 0, vacuumed: true });
      const [{ n }] = (await t.db.query<{ n: number }>('select count(*) as n from vacuum_probe')) as [
        { n: number },
      ];
      expect(n).toBe(1000);
      // Below the threshold (50 + 20 % of 1,000 live rows) nothing is vacuumed.
      await t.db.query('delete from vacuum_probe where id < 100');
      expect(await t.db.vacuumTablesThatNeedIt()).toEqual([]);
    },
  );

  it.runIf(testEngine === 'postgres')('on PostgreSQL, leaves it to autovacuum', async () => {
    await t.db.query("insert into vacuum_probe select g, 'x' from generate_series(1, 2000) g");
    await t.db.query('delete from vacuum_probe');
    expect(await t.db.vacuumTablesThatNeedIt()).toEqual([]);
    expect((await deadRows()).vacuumed).toBe(false);
  });
});
