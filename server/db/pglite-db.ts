import { mkdirSync } from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';
import type { Db, QueryOptions, Tx } from './db';
import { pglitePreparedRunner } from './pglite-prepared';
import { vacuumTablesThatNeedIt } from './pglite-vacuum';
import { TYPE_PARSERS } from './type-parsers';

export type PgliteOpenOptions = {
  /** Folder to persist in; in memory when omitted. */
  dataDir?: string;
  sharedBuffersMb?: number;
  /** A data-directory tarball to start from (tests start from a migrated template). */
  loadDataDir?: Blob;
};

export type PgliteDb = Db & {
  /** Serializes the data directory, so that tests can start many databases from one migrated template. */
  dumpDataDir(): Promise<Blob>;
};

export async function openPgliteDb(opts: PgliteOpenOptions = {}): Promise<PgliteDb> {
  const options: PGliteOptions = {
    parsers: TYPE_PARSERS,
    postgresqlconf: [`shared_buffers=${opts.sharedBuffersMb ?? 64}MB`],
  };
  if (opts.loadDataDir) options.loadDataDir = opts.loadDataDir;
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  let pg: PGlite;
  try {
    pg = await PGlite.create(opts.dataDir, options);
  } catch (err) {
    unlock();
    throw err;
  }
  const runPrepared = pglitePreparedRunner(pg);

  return {
    engine: 'pglite',
    query: async <T>(sql: string, params?: readonly unknown[], opts?: QueryOptions) =>
      opts?.prepare
        ? runPrepared<T>(sql, params)
        : (await pg.query<T>(sql, params as unknown[] | undefined)).rows,
    // Inside a transaction statements run unprepared (the runner speaks to the database outside it).
    // PGlite is one connection: its transaction() holds a lock that makes other queries wait until it ends.
    transaction: (fn) =>
      pg.transaction(async (tx) => {
        const q: Tx = {
          query: async <T>(sql: string, params?: readonly unknown[]) =>
            (await tx.query<T>(sql, params as unknown[] | undefined)).rows,
          execScript: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(q);
      }),
    execScript: async (sql) => {
      await pg.exec(sql);
    },
    refreshStatistics: async (tables) => {
      if (tables.length) await pg.exec(`analyze ${tables.join(', ')}`);
    },
    vacuumTablesThatNeedIt: () => vacuumTablesThatNeedIt(pg),
    dumpDataDir: async () => pg.dumpDataDir('none'),
    close: async () => {
      await pg.close();
      unlock();
    },
  };
}
