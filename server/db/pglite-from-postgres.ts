import { spawn } from 'node:child_process';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import { openPgliteDb } from './pglite-db';
import type { Db } from './db';

/**
 * Copies a PostgreSQL database of the app into a new PGlite data directory, so that PGlite can be measured
 * on a data set that would take hours to generate in it (bench/pglite-from-postgres.ts, BENCHMARKS.md).
 *
 * 1. PGlite is migrated by the caller's `migrate` (the server's own, so schema and generated rollup SQL are
 *    the ones a server start makes). The source must be at the same migrations (version and checksum) and
 *    the same rollup definition fingerprints, or nothing is copied.
 * 2. Every table but `schema_migrations` is emptied in PGlite, its secondary indexes dropped, and its rows
 *    streamed from PostgreSQL in foreign-key order: `COPY (select …) TO STDOUT` by `psql` (one exported
 *    snapshot for all tables, read-only), cut at row ends into chunks of `chunkBytes`, each loaded with
 *    `COPY … FROM '/dev/blob'`. Triggers (the rollup triggers, foreign keys) are off while loading
 *    (`session_replication_role = replica`): the rollup tables are copied, not rebuilt.
 * 3. The indexes are created again, sequences set to the source's values, each table's row count checked
 *    against the rows streamed, then `VACUUM ANALYZE` unless `vacuum: false`.
 *
 * The source is only read: the session is `default_transaction_read_only`.
 */
export type CopyOptions = {
  sourceUrl: string;
  /** PGlite's data directory (the server's is `DATA_DIR/pglite`). */
  pgliteDir: string;
  migrate: (db: Db, log: (line: string) => void) => Promise<unknown>;
  chunkBytes?: number;
  /** Tables to leave empty (their rows are not read by what is measured). */
  skipTables?: readonly string[];
  vacuum?: boolean;
  log?: (line: string) => void;
};

export type CopyResult = {
  tables: Array<{ table: string; rows: number; bytes: number; seconds: number }>;
  seconds: number;
};

type Table = { name: string; columns: string[] };

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Tables in an order where each comes after the tables its foreign keys point to. */
export function dependencyOrder(tables: readonly string[], edges: ReadonlyArray<[string, string]>): string[] {
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const [from, to] of edges) if (from !== to && deps.has(to)) deps.get(from)?.add(to);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t) || path.has(t)) return;
    path.add(t);
    for (const d of deps.get(t) ?? []) visit(d, path);
    path.delete(t);
    seen.add(t);
    order.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return order;
}

/** Streams `COPY (select cols from table) TO STDOUT` out of PostgreSQL, in the given snapshot, by `psql`. */
async function* copyOut(sourceUrl: string, snapshot: string, table: Table): AsyncGenerator<Buffer> {
  const child = spawn(
    'psql',
    [
      sourceUrl,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      'begin isolation level repeatable read read only',
      '-c',
      `set transaction snapshot '${snapshot}'`,
      '-c',
      `copy (select ${table.columns.map(quoteIdent).join(', ')} from ${quoteIdent(table.name)}) to stdout`,
      '-c',
      'commit',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  for await (const buf of child.stdout) yield buf as Buffer;
  const code = await exited;
  if (code !== 0) throw new Error(`psql copy of ${table.name} failed (${code}): ${stderr.trim()}`);
}

/** Cuts a stream of COPY text into chunks of about `size` bytes that end at a row's end. */
export async function* rowChunks(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const buf of source) {
    parts.push(buf);
    length += buf.length;
    if (length < size) continue;
    const all = Buffer.concat(parts);
    const end = all.lastIndexOf(10) + 1;
    if (end === 0) continue;
    yield all.subarray(0, end);
    parts = [all.subarray(end)];
    length = all.length - end;
  }
  if (length) yield Buffer.concat(parts);
}

const countLines = (b: Buffer) => {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
};

async function readSource(source: pg.Client) {
  const migrations = await source.query<{ version: number; checksum: string }>(
    'select version, checksum from schema_migrations order by version',
  );
  const fingerprints = await source.query<{ part: string; fingerprint: string }>(
    'select part, fingerprint from indicator_rollup_state order by part',
  );
  return { migrations: migrations.rows, fingerprints: fingerprints.rows };
}

/** Migrates the new PGlite directory and checks that the source is at the same schema. */
async function migrateAndCompare(o: CopyOptions, source: pg.Client, log: (l: string) => void) {
  const db = await openPgliteDb({ dataDir: o.pgliteDir });
  try {
    await o.migrate(db, log);
    const mine = {
      migrations: await db.query<{ version: number; checksum: string }>(
        'select version, checksum from schema_migrations order by version',
      ),
      fingerprints: await db.query<{ part: string; fingerprint: string }>(
        'select part, fingerprint from indicator_rollup_state order by part',
      ),
    };
    const theirs = await readSource(source);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(mine.migrations, theirs.migrations))
      throw new Error(
        `The source is not at this code's migrations (source ${theirs.migrations.at(-1)?.version}, ` +
          `PGlite ${mine.migrations.at(-1)?.version}, or a checksum differs); nothing copied.`,
      );
    if (!same(mine.fingerprints, theirs.fingerprints))
      throw new Error(
        "The source's rollup definitions differ from this code's (indicator_rollup_state fingerprints); " +
          'nothing copied.',
      );
    log(
      `same schema: migrations up to ${mine.migrations.at(-1)?.version}, ${mine.fingerprints.length} rollup fingerprints equal`,
    );
  } finally {
    await db.close();
  }
}

export async function copyPostgresToPglite(o: CopyOptions): Promise<CopyResult> {
  const log = o.log ?? (() => {});
  const chunkBytes = o.chunkBytes ?? 32 * 1024 * 1024;
  const started = Date.now();
  const source = new pg.Client({ connectionString: o.sourceUrl });
  await source.connect();
  try {
    await source.query('set default_transaction_read_only = on');
    await migrateAndCompare(o, source, log);
    // One snapshot for every table, held by this transaction until the copy ends.
    await source.query('begin isolation level repeatable read read only');
    const [{ snapshot }] = (
      await source.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot')
    ).rows as [{ snapshot: string }];
    const sequences = (
      await source.query<{ name: string; last: string | null }>(
        `select quote_ident(sequencename) as name, last_value::text as last from pg_sequences
         where schemaname = 'public'`,
      )
    ).rows;

    const unlock = lockDataDir(o.pgliteDir);
    const lite = await PGlite.create(o.pgliteDir, { postgresqlconf: ['shared_buffers=128MB'] });
    try {
      const result = await load(o, lite, snapshot, chunkBytes, log);
      for (const s of sequences)
        await lite.query(
          s.last === null
            ? `select setval('${s.name}', 1, false)`
            : `select setval('${s.name}', ${s.last}, true)`,
        );
      log(`${sequences.length} sequences set`);
      await source.query('commit');
      if (o.vacuum !== false) {
        const t = Date.now();
        await lite.exec('vacuum analyze');
        log(`vacuum analyze: ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      return { tables: result, seconds: (Date.now() - started) / 1000 };
    } finally {
      await lite.close();
      unlock();
    }
  } finally {
    await source.end();
  }
}

async function load(
  o: CopyOptions,
  lite: PGlite,
  snapshot: string,
  chunkBytes: number,
  log: (l: string) => void,
): Promise<CopyResult['tables']> {
  const names = (
    await lite.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations'",
    )
  ).rows.map((r) => r.name);
  const edges = (
    await lite.query<{ from: string; to: string }>(
      `select c.conrelid::regclass::text as "from", c.confrelid::regclass::text as "to"
       from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
    )
  ).rows.map((r) => [r.from, r.to] as [string, string]);
  const columns = new Map<string, string[]>();
  for (const r of (
    await lite.query<{ table: string; column: string }>(
      `select c.relname as "table", a.attname as "column" from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
         and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
       order by c.relname, a.attnum`,
    )
  ).rows)
    columns.set(r.table, [...(columns.get(r.table) ?? []), r.column]);
  // Secondary indexes (not a primary key's or unique constraint's) are built once after the load.
  const indexes = (
    await lite.query<{ name: string; def: string }>(
      `select quote_ident(c.relname) as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class c on c.oid = i.indexrelid
       where c.relnamespace = 'public'::regnamespace
         and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    )
  ).rows;

  await lite.exec(`set session_replication_role = replica; set maintenance_work_mem = '256MB';
    truncate ${names.map(quoteIdent).join(', ')};
    ${indexes.map((i) => `drop index ${i.name};`).join('\n')}`);
  log(`${names.length} tables emptied, ${indexes.length} secondary indexes dropped for the load`);

  const skip = new Set(o.skipTables ?? []);
  const done: CopyResult['tables'] = [];
  let totalBytes = 0;
  const t0 = Date.now();
  for (const name of dependencyOrder(names, edges)) {
    if (skip.has(name)) {
      log(`${name}: skipped (left empty)`);
      continue;
    }
    const table = { name, columns: columns.get(name)! };
    const t = Date.now();
    let rows = 0;
    let bytes = 0;
    const into = `copy ${quoteIdent(name)} (${table.columns.map(quoteIdent).join(', ')}) from '/dev/blob'`;
    for await (const chunk of rowChunks(copyOut(o.sourceUrl, snapshot, table), chunkBytes)) {
      await lite.query(into, [], { blob: new Blob([chunk]) });
      rows += countLines(chunk);
      bytes += chunk.length;
      totalBytes += chunk.length;
      if (bytes >= chunkBytes)
        log(
          `  ${name}: ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(0)} MB ` +
            `(all: ${(totalBytes / 1e6).toFixed(0)} MB, ${(totalBytes / 1e6 / ((Date.now() - t0) / 1000)).toFixed(1)} MB/s)`,
        );
    }
    const [{ n }] = (await lite.query<{ n: number }>(`select count(*)::int as n from ${quoteIdent(name)}`))
      .rows as [{ n: number }];
    if (n !== rows) throw new Error(`${name}: ${rows} rows streamed but ${n} in PGlite`);
    const seconds = (Date.now() - t) / 1000;
    done.push({ table: name, rows, bytes, seconds });
    log(
      `${name}: ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`,
    );
  }
  for (const i of indexes) {
    const t = Date.now();
    await lite.exec(i.def);
    log(`index ${i.name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  await lite.exec('reset session_replication_role');
  return done;
}
