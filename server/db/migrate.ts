import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { Db, Tx } from './db';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any constant works; it only has to be the same for every instance that may migrate at once. */
const MIGRATION_LOCK_KEY = 4_242_001;

export type Migration = { version: number; name: string; sql: string; checksum: string };

/**
 * A step run after the numbered migrations, every time: database objects generated from code (the
 * indicator rollups). Each must be idempotent and cheap when nothing changed. The caller passes them
 * (server/migrate.ts), so that db/ depends on no feature.
 */
export type PostMigrateHook = (db: Db, log: (line: string) => void) => Promise<unknown>;

export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE_RE.exec(file);
    if (!m) throw new Error(`Migration file name must look like 0001_name.sql: ${file}`);
    const sql = await readFile(new URL(file, dir), 'utf8');
    migrations.push({
      version: Number(m[1]),
      name: m[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  const versions = new Set(migrations.map((x) => x.version));
  if (versions.size !== migrations.length) throw new Error('Two migration files share a number');
  return migrations;
}

/**
 * Applies every migration not yet applied, each in its own transaction, for both engines. On PostgreSQL
 * a transaction-level advisory lock lets several app instances start at once without racing.
 * A migration that changed after it was applied stops the start: fix it with a new migration instead.
 * Then runs the `postMigrate` hooks in order.
 */
/** The record of which migrations were applied. */
export const createMigrationsTable = (db: Db) =>
  db.execScript(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);

/** Runs one migration and records it, in the caller's transaction. */
export async function runMigration(tx: Tx, m: Migration): Promise<void> {
  await tx.execScript(m.sql);
  await tx.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
    m.version,
    m.name,
    m.checksum,
  ]);
}

export async function applyMigrations(
  db: Db,
  log: (line: string) => void,
  postMigrate: readonly PostMigrateHook[],
): Promise<number> {
  const migrations = await loadMigrations();
  await createMigrationsTable(db);
  let applied = 0;
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      if (db.engine === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const [row] = await tx.query<{ checksum: string }>(
        'select checksum from schema_migrations where version = $1',
        [m.version],
      );
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied`);
        }
        return false;
      }
      await runMigration(tx, m);
      return true;
    });
    if (done) {
      applied++;
      log(`applied migration ${String(m.version).padStart(4, '0')}_${m.name}`);
    }
  }
  for (const hook of postMigrate) await hook(db, log);
  return applied;
}
