import { readFile } from 'node:fs/promises';
import type { Db } from '../db/db';
import { createMigrationsTable, loadMigrations, runMigration } from '../db/migrate';
import { migrate } from '../migrate';
import { openPgliteDb } from '../db/pglite-db';
import { openPostgresDb } from '../db/postgres-db';
import { createScratchDatabase } from '../db/scratch-database';
import { PGLITE_TEMPLATE_ENV, POSTGRES_TEMPLATE_ENV } from './global-setup';

export type TestDb = { db: Db; drop(): Promise<void> };

/** Which engine integration tests run on: PostgreSQL when DATABASE_URL is set, PGlite otherwise. */
export const testEngine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

let template: Promise<Blob> | undefined;
async function pgliteTemplate(): Promise<Blob> {
  const file = process.env[PGLITE_TEMPLATE_ENV];
  if (file) return new Blob([await readFile(file)]);
  const db = await openPgliteDb();
  await migrate(db);
  const blob = await db.dumpDataDir();
  await db.close();
  return blob;
}

/**
 * A fresh, migrated database for one test file. Both engines start from a migrated template made once
 * per run by the global setup (PGlite: a dump; PostgreSQL: a database copied on the server); on
 * PostgreSQL each file gets its own database on the server, dropped afterwards (named
 * `<prefix>_<random hex>`, `openeenc_test` unless a benchmark names its own). Without a global setup
 * (benchmarks), the database is migrated here.
 */
export async function createTestDb(opts: { prefix?: string | undefined } = {}): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    template ??= pgliteTemplate();
    const db = await openPgliteDb({ loadDataDir: await template, sharedBuffersMb: 32 });
    return { db, drop: () => db.close() };
  }
  const pgTemplate = process.env[POSTGRES_TEMPLATE_ENV];
  const created = await createPostgresTestDb(url, opts.prefix, pgTemplate);
  if (!pgTemplate) await migrate(created.db);
  return created;
}

/** A database on the PostgreSQL server of `url` under a fresh name (a copy of `template`), dropped by `drop`. */
async function createPostgresTestDb(
  url: string,
  prefix = 'openeenc_test',
  template?: string,
): Promise<TestDb> {
  const scratch = await createScratchDatabase(url, prefix, template);
  const db = await openPostgresDb(scratch.url, 5);
  return {
    db,
    drop: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

/** An empty database, not migrated (upgrade tests apply old migrations to it first). */
export async function createEmptyTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (url) return createPostgresTestDb(url);
  const db = await openPgliteDb();
  return { db, drop: () => db.close() };
}

/**
 * A previous release's database, for upgrade tests: every migration but `skipped`, recorded as applied.
 * Migrations after the skipped ones change other tables (today's seeders need their columns), so the
 * database is the previous release's as far as the skipped ones are concerned; `migrate` then applies
 * them as an upgrade does.
 */
export async function createDbWithoutMigrations(skipped: readonly number[]): Promise<TestDb> {
  const t = await createEmptyTestDb();
  await createMigrationsTable(t.db);
  for (const m of (await loadMigrations()).filter((x) => !skipped.includes(x.version)))
    await t.db.transaction((tx) => runMigration(tx, m));
  return t;
}
