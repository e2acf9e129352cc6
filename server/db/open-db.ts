import path from 'node:path';
import type { Config } from '../config';
import type { Db } from './db';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';

/** The one place that chooses the engine: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export async function openDb(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgliteSharedBuffersMb'>,
): Promise<Db> {
  if (config.databaseUrl) return openPostgresDb(config.databaseUrl);
  return openPgliteDb({
    dataDir: path.join(config.dataDir, 'pglite'),
    sharedBuffersMb: config.pgliteSharedBuffersMb,
  });
}
