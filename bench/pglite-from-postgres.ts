/**
 * `npm run bench:pglite-from-postgres -- --to DIR [--from URL] [--chunk-mb 32] [--skip-table T]… [--no-vacuum]`
 *
 * Makes a PGlite data set (a `DATA_DIR`: PGlite in `DIR/pglite`, as the server and `--pglite-dir` of
 * `bench:indicators` take it) by copying a PostgreSQL database of the app (default `openeenc_bench` on
 * 127.0.0.1:5433), which is only read. PGlite is migrated as the server does at start; the source must be
 * at the same migrations and rollup fingerprints. Then every table's rows are streamed in by COPY with
 * triggers off, the rollup tables included (no rebuild). Needs `psql` on the PATH. Stops before writing
 * when the target's file system would keep less than `--min-free-gb` (15) free after a copy of the
 * source's size. See server/db/pglite-from-postgres.ts and BENCHMARKS.md.
 */
import { existsSync, statfsSync } from 'node:fs';
import { mkdirSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { copyPostgresToPglite } from '../server/db/pglite-from-postgres';
import { migrate } from '../server/migrate';
import { hasFlag, option } from './cli-args';

if (hasFlag('help') || !process.argv.includes('--to')) {
  process.stdout.write(`Copy a PostgreSQL database of the app into a new PGlite data set.

  --to DIR          the data set to make (DATA_DIR; PGlite goes in DIR/pglite, which must not exist)
  --from URL        the source, only read (default postgres://postgres@127.0.0.1:5433/openeenc_bench)
  --chunk-mb N      rows are loaded in COPY chunks of about N MB (default 32)
  --skip-table T    leave table T empty (repeatable)
  --no-vacuum       skip the final VACUUM ANALYZE
  --min-free-gb N   stop unless N GB stay free after a copy of the source's size (default 15)
`);
  process.exit(hasFlag('help') ? 0 : 1);
}

const say = (l: string) =>
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} [load ${loadavg()[0]!.toFixed(1)}] ${l}\n`);
const from = option('from', 'postgres://postgres@127.0.0.1:5433/openeenc_bench');
const dir = path.resolve(option('to', ''));
const pgliteDir = path.join(dir, 'pglite');
if (existsSync(pgliteDir) && readdirSync(pgliteDir).length)
  throw new Error(`${pgliteDir} exists and is not empty: give a new --to`);
mkdirSync(dir, { recursive: true });

const client = new pg.Client({ connectionString: from });
await client.connect();
const { rows } = await client.query<{ bytes: string }>(
  'select pg_database_size(current_database())::text as bytes',
);
await client.end();
const size = Number(rows[0]!.bytes);
const fs = statfsSync(dir);
const free = fs.bavail * fs.bsize;
const minFree = Number(option('min-free-gb', '15')) * 1e9;
say(`source ${(size / 1e9).toFixed(1)} GB, free at ${dir}: ${(free / 1e9).toFixed(1)} GB`);
if (free - size < minFree) {
  say(`stopped: would leave ${((free - size) / 1e9).toFixed(1)} GB free, under ${minFree / 1e9} GB`);
  process.exit(2);
}

const skipTables = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--skip-table' ? [a] : []));
const result = await copyPostgresToPglite({
  sourceUrl: from,
  pgliteDir,
  migrate,
  chunkBytes: Number(option('chunk-mb', '32')) * 1024 * 1024,
  skipTables,
  vacuum: !hasFlag('no-vacuum'),
  log: say,
});
const rowsCopied = result.tables.reduce((s, t) => s + t.rows, 0);
const bytes = result.tables.reduce((s, t) => s + t.bytes, 0);
say(
  `done: ${result.tables.length} tables, ${rowsCopied.toLocaleString('en')} rows, ${(bytes / 1e9).toFixed(2)} GB ` +
    `of COPY text in ${result.seconds.toFixed(0)} s; ${pgliteDir}`,
);
