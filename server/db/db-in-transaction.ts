import type { Db, Engine, Tx } from './db';

/**
 * A Db whose every statement runs inside the transaction `tx`; its own `transaction` calls become
 * savepoints. Code written against Db that opens transactions of its own (the demo seeders) then runs as
 * one all-or-nothing unit. Settings made with `set_config(…, true)` and `on commit drop` tables last until
 * the outer transaction ends, so such code must reset what it sets. With `savepoints: false` they simply
 * join `tx` (two round trips fewer each): for a caller that rolls the whole of `tx` back when one fails.
 */
export function dbInTransaction(engine: Engine, tx: Tx, opts: { savepoints?: boolean } = {}): Db {
  let savepoints = 0;
  return {
    engine,
    query: (sql, params, opts) => tx.query(sql, params, opts),
    async transaction(fn) {
      if (opts.savepoints === false) return fn(tx);
      const name = `nested_${++savepoints}`;
      await tx.query(`savepoint ${name}`);
      try {
        const result = await fn(tx);
        await tx.query(`release savepoint ${name}`);
        return result;
      } catch (err) {
        await tx.query(`rollback to savepoint ${name}`);
        throw err;
      }
    },
    execScript: (sql) => tx.execScript(sql),
    refreshStatistics: async (tables) => {
      if (tables.length) await tx.query(`analyze ${tables.join(', ')}`);
    },
    vacuumTablesThatNeedIt: async () => [],
    close: async () => {},
  };
}
