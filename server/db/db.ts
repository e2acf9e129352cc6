/**
 * The database port. Both engines speak the PostgreSQL dialect; the only branch on the engine lives in
 * `open-db.ts`. Services receive a `Queryable` so that the same code runs inside or outside a transaction.
 */
export type Engine = 'pglite' | 'postgres';

export type QueryOptions = {
  /**
   * Run as a prepared statement: parsed and planned once per connection, with a generic plan (one that
   * does not depend on the parameters' values, so only for statements whose best plan does not either).
   * Only for a fixed set of texts run often (the indicator engine's), since every distinct text stays
   * prepared on each connection. PostgreSQL uses named statements on a pool of their own; PGlite,
   * SQL-level PREPARE and EXECUTE outside transactions (`pglite-prepared.ts`).
   */
  prepare?: boolean;
};

export interface Queryable {
  /**
   * Statements sent at once run at once (a pool of connections). False or absent where they queue:
   * PGlite's single connection, a transaction's connection.
   */
  readonly concurrent?: boolean;
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<T[]>;
}

export interface Tx extends Queryable {
  /** Runs a script of several statements (migrations). */
  execScript(sql: string): Promise<void>;
}

export type TransactionOptions = {
  retry?: boolean;
  /**
   * PostgreSQL: commit without waiting for the commit record to reach the disk (`synchronous_commit`
   * off for this transaction). The caller must make it durable before it answers anyone, by a later
   * transaction that commits synchronously (the log is flushed in order). PGlite: no effect.
   */
  asyncCommit?: boolean;
};

export interface Db extends Queryable {
  readonly engine: Engine;
  /**
   * Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. After a
   * deadlock or a serialization failure (PostgreSQL) the whole of `fn` runs again, a few times at most:
   * `fn` must do nothing outside the transaction that cannot be done twice. Pass `{ retry: false }` when
   * it consumes input that a second run would not see again (a streamed upload).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /** Runs a script of several statements (migrations only). */
  execScript(sql: string): Promise<void>;
  /**
   * After a bulk write (an import): refreshes the planner's statistics of these tables where nothing else
   * will. PGlite has no autovacuum, so it runs ANALYZE; on PostgreSQL autovacuum does it and this does nothing.
   */
  refreshStatistics(tables: readonly string[]): Promise<void>;
  /**
   * Vacuums and analyzes the tables that need it where nothing else does (PGlite, see
   * `pglite-vacuum.ts`), and returns their names. On PostgreSQL autovacuum does it: returns none.
   */
  vacuumTablesThatNeedIt(): Promise<string[]>;
  close(): Promise<void>;
}

/** Maps PostgreSQL errors to something the services can branch on without string matching on messages. */
export function pgErrorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = err.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK_DETECTED = '40P01';

/** How often a transaction that lost a deadlock or a serialization conflict is tried in all. */
export const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `attempt` again after a deadlock or serialization failure, up to TRANSACTION_ATTEMPTS in all,
 * after a short random pause that grows with each try, so the transactions that met do not meet again.
 */
export async function retryTransient<T>(
  attempt: () => Promise<T>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const code = pgErrorCode(err);
      const transient = code === PG_DEADLOCK_DETECTED || code === PG_SERIALIZATION_FAILURE;
      if (!transient || n >= TRANSACTION_ATTEMPTS) throw err;
      await sleep(Math.random() * 20 * n);
    }
  }
}
