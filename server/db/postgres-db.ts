import pg from 'pg';
import { type Db, type QueryOptions, retryTransient, type Tx } from './db';
import { MAX_PREPARED_TEXTS, statementName } from './prepared-names';
import { TYPE_PARSERS } from './type-parsers';

const types = {
  getTypeParser: (oid: number, format?: string) =>
    TYPE_PARSERS[oid] ?? (pg.types.getTypeParser(oid, format as 'text') as (text: string) => unknown),
} as pg.CustomTypesConfig;

/** `readOnly`: every session `default_transaction_read_only` (a bench reading a data set it must not change). */
export async function openPostgresDb(
  connectionString: string,
  poolSize = 10,
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<Db> {
  const ro = readOnly ? ' -c default_transaction_read_only=on' : '';
  // JIT off for the app's sessions: its queries are short, and compiling costs 50–100 ms whenever the
  // planner's estimate crosses jit_above_cost (correlated subqueries inflate it) — more than the query.
  const pool = new pg.Pool({ connectionString, max: poolSize, types, options: `-c jit=off${ro}` });
  // Prepared statements run on connections of their own that always use the generic plan: PostgreSQL
  // would otherwise keep planning the engine's statements at every run (their array parameters make
  // the generic plan look costlier than a custom one: 0.6–1.4 ms of planning for 0.2–0.6 ms of work),
  // and the setting cannot be given per statement, nor set on the main pool, where it would also apply
  // to every unnamed statement that needs its parameter values to be planned well.
  const preparedPool = new pg.Pool({
    connectionString,
    max: poolSize,
    types,
    options: `-c jit=off -c plan_cache_mode=force_generic_plan${ro}`,
  });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  preparedPool.on('error', () => {});
  await pool.query('select 1');

  const prepared = new Set<string>();
  const nameFor = (sql: string) => {
    const name = statementName(sql);
    if (prepared.has(name)) return name;
    if (prepared.size >= MAX_PREPARED_TEXTS) return undefined;
    prepared.add(name);
    return name;
  };
  /** Inside a transaction, prepared statements use its connection (and the usual plan choice). */
  const queryOn =
    (client: pg.Pool | pg.PoolClient, preparedOn: pg.Pool | pg.PoolClient = client) =>
    async <T>(sql: string, params?: readonly unknown[], opts?: QueryOptions) => {
      const name = opts?.prepare ? nameFor(sql) : undefined;
      const values = params as unknown[] | undefined;
      const res = name
        ? await preparedOn.query({ name, text: sql, values })
        : await client.query({ text: sql, values });
      return res.rows as T[];
    };

  async function runTransaction<T>(fn: (tx: Tx) => Promise<T>, asyncCommit = false): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(asyncCommit ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
      const tx: Tx = {
        query: queryOn(client),
        execScript: async (sql) => {
          await client.query(sql);
        },
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  return {
    engine: 'postgres',
    connectionString,
    concurrent: true,
    query: queryOn(pool, preparedPool),
    transaction(fn, opts) {
      const once = () => runTransaction(fn, opts?.asyncCommit);
      return opts?.retry === false ? once() : retryTransient(once);
    },
    async execScript(sql) {
      await pool.query(sql);
    },
    // Autovacuum keeps the statistics of every table.
    refreshStatistics: async () => {},
    vacuumTablesThatNeedIt: async () => [],
    close: async () => {
      await Promise.all([pool.end(), preparedPool.end()]);
    },
  };
}
