import { describe, expect, it } from 'vitest';
import { testEngine } from '../test/test-db';
import { useTestDb } from '../test/use-test-db';
import type { Tx } from './db';

/** Resolves once `n` callers have arrived: both transactions hold their first lock before either asks for the second. */
function barrier(n: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return () => {
    if (++arrived === n) release();
    return all;
  };
}

// PGlite is one connection: its transactions cannot interleave, so they cannot deadlock.
describe.runIf(testEngine === 'postgres')('a transaction that loses a deadlock', () => {
  const t = useTestDb(
    'create table deadlock_probe (id int primary key, n int not null); insert into deadlock_probe values (1, 0), (2, 0);',
  );

  it('is run again by the Db port, so both writers commit', async () => {
    const bothHoldOne = barrier(2);
    const attempts = { a: 0, b: 0 };
    // Each adds 1 to both rows, in opposite orders: PostgreSQL aborts one of them with 40P01.
    const writer = (key: 'a' | 'b', first: number, second: number) => async (tx: Tx) => {
      attempts[key]++;
      await tx.query('update deadlock_probe set n = n + 1 where id = $1', [first]);
      if (attempts[key] === 1) await bothHoldOne();
      await tx.query('update deadlock_probe set n = n + 1 where id = $1', [second]);
    };
    await Promise.all([t.db.transaction(writer('a', 1, 2)), t.db.transaction(writer('b', 2, 1))]);
    expect(await t.db.query('select id, n from deadlock_probe order by id')).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
    expect(attempts.a + attempts.b).toBe(3);
  });

  it('is reported, not run again, when the caller asks for one attempt', async () => {
    const bothHoldOne = barrier(2);
    const writer = (first: number, second: number) => async (tx: Tx) => {
      await tx.query('update deadlock_probe set n = n + 1 where id = $1', [first]);
      await bothHoldOne();
      await tx.query('update deadlock_probe set n = n + 1 where id = $1', [second]);
    };
    const results = await Promise.allSettled([
      t.db.transaction(writer(1, 2), { retry: false }),
      t.db.transaction(writer(2, 1), { retry: false }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: '40P01' });
  });
});
