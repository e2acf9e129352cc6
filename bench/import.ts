/**
 * `npm run bench:import [-- --births 1000000] [--engine pglite|postgres|both] [--baseline 10000]
 *   [--mode valid_only|all_or_nothing] [--no-audit-records] [--batch 1000] [--writers 1] [--keep-file]
 *   [--thread here|worker]`
 *
 * Generates N deterministic births as an import CSV in a temp folder, then, for each engine, in a child
 * process of its own (so that peak RSS is that engine's): prepares a fresh database (PGlite in a temp
 * folder; PostgreSQL from DATABASE_URL or 127.0.0.1:5433 in a new database), measures the naive path on
 * a sample (one POST-equivalent `createBirth` per birth, as the births API does), then streams the file
 * through the bulk importer. Prints births/s, rows/s, elapsed, peak RSS and the ratio to the naive path,
 * and what the import leaves to a server in the same process: the event loop's delay and the time of a
 * probe (five queries one after another, as a dashboard request's steps, every 20 ms) while it runs.
 * `--thread` runs the import in this thread or in a worker thread (PostgreSQL; default: the service's).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Principal } from '../shared/auth/principal';
import { BirthInputSchema } from '../shared/births/birth.schema';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { migrate } from '../server/migrate';
import { openPgliteDb } from '../server/db/pglite-db';
import { openPostgresDb } from '../server/db/postgres-db';
import type { AppDeps } from '../server/deps';
import { createBirth } from '../server/features/births/births.service';
import { openBirthImport } from '../server/features/births-import/births-import.service';
import {
  demoGeneratorFacilities,
  generateBirths,
  writeBirthCsvFile,
} from '../server/features/births-import/births-csv-generator';
import { systemClock } from '../server/lib/clock';
import { bootstrapAdmin, ROOT_REGION_ID } from '../server/seed/bootstrap';
import { seedDemo, userIdOf } from '../server/seed/demo';
import { tempDatabaseUrl } from './bench-kit';

type Args = {
  births: number;
  engine: 'pglite' | 'postgres' | 'both';
  baseline: number;
  mode: 'valid_only' | 'all_or_nothing';
  auditRecords: boolean;
  batch: number;
  writers: number;
  keepFile: boolean;
  thread?: 'here' | 'worker';
  child?: 'prepare' | 'import';
  target?: string;
  file?: string;
};

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    births: Number(get('births') ?? 1_000_000),
    engine: (get('engine') ?? 'both') as Args['engine'],
    baseline: Number(get('baseline') ?? 10_000),
    mode: (get('mode') ?? 'valid_only') as Args['mode'],
    auditRecords: !argv.includes('--no-audit-records'),
    batch: Number(get('batch') ?? 1000),
    writers: Number(get('writers') ?? 1),
    keepFile: argv.includes('--keep-file'),
    ...(get('thread') ? { thread: get('thread') as Args['thread'] } : {}),
    ...(get('child') ? { child: get('child') as Args['child'] } : {}),
    ...(get('target') ? { target: get('target')! } : {}),
    ...(get('file') ? { file: get('file')! } : {}),
  };
}

const SEED = 20260310;
const BASELINE_SEED = 4242;
const PG_DEFAULT = 'postgres://postgres@127.0.0.1:5433/postgres';
const say = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function openTarget(target: string): Promise<Db> {
  // PGlite with the server's own settings (PGLITE_SHARED_BUFFERS_MB, default 64 MB).
  return target.startsWith('postgres')
    ? openPostgresDb(target, 4)
    : openPgliteDb({ dataDir: target, sharedBuffersMb: loadConfig(process.env).pgliteSharedBuffersMb });
}

/** Child 1: a fresh, migrated database with the demo org units and users. */
async function prepare(target: string) {
  const db = await openTarget(target);
  await migrate(db);
  const now = systemClock.now();
  await bootstrapAdmin(db, 'bench-password-123', now);
  await seedDemo(db, 'bench-password-123', now);
  await db.close();
}

/** Child 2: the naive path on a sample, then the bulk import of the file; prints one JSON line. */
async function runImport(args: Args) {
  const db = await openTarget(args.target!);
  const deps: AppDeps = { config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock: systemClock };
  const until = systemClock.now();

  // Naive path: one createBirth per birth (a transaction, checks, the insert, the audit snapshot), as a
  // client posting births one by one to POST /api/births would cause.
  const principal: Principal = {
    userId: userIdOf('midwife.dn'),
    username: 'bench',
    displayName: 'bench',
    role: 'clinician',
    locale: 'en',
    scopes: [{ id: ROOT_REGION_ID, code: 'ROOT', name: 'root', kind: 'region', path: `/${ROOT_REGION_ID}/` }],
  };
  const facilities = demoGeneratorFacilities();
  const ids = new Map(
    (await db.query<{ id: string; code: string }>('select id, code from org_units')).map((r) => [
      r.code,
      r.id,
    ]),
  );
  let naiveRate = 0;
  if (args.baseline > 0) {
    const docs = [...generateBirths({ births: args.baseline, seed: BASELINE_SEED, facilities, until })].map(
      (b) =>
        BirthInputSchema.parse({
          id: b.id,
          facilityId: ids.get(b.facilityCode),
          mother: { ...b.input.mother, communeId: b.communeCode ? ids.get(b.communeCode) : null },
          delivery: b.input.delivery,
          newborns: b.input.newborns.map(({ id: _id, ...n }) => n),
        }),
    );
    const t0 = performance.now();
    for (const d of docs) await createBirth(deps, principal, d);
    naiveRate = docs.length / ((performance.now() - t0) / 1000);
    say(`  naive path: ${fmt(docs.length)} births one by one at ${fmt(naiveRate)} births/s`);
  }

  // CPU time is what the import costs whatever else the machine runs; wall time depends on the load.
  // PostgreSQL backends are separate processes: their CPU is read from /proc for the bench database.
  const backendCpu = new Map<number, number>();
  const pollBackends = async () => {
    if (db.engine !== 'postgres') return;
    const pids = await db.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database()',
    );
    for (const { pid } of pids) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        backendCpu.set(pid, (Number(f[11]) + Number(f[12])) * (1000 / 100));
      } catch {
        // not on this machine, or gone
      }
    }
  };
  await pollBackends();
  const backendCpuBefore = new Map(backendCpu);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    void pollBackends().catch(() => {});
  }, 500);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const probes: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const p0 = performance.now();
      for (let i = 0; i < 5; i++) await db.query('select 1');
      probes.push(performance.now() - p0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let lastSay = 0;
  const job = await openBirthImport(deps, null, createReadStream(args.file!, { highWaterMark: 1 << 20 }), {
    mode: args.mode,
    via: 'bench',
    batchSize: args.batch,
    writeConcurrency: args.writers,
    auditEachRecord: args.auditRecords,
    log: (err) => say(String(err instanceof Error ? err.stack : err)),
    ...(args.thread ? { thread: args.thread } : {}),
  });
  const report = await job.run((p) => {
    const s = (performance.now() - t0) / 1000;
    if (s - lastSay >= 10) {
      lastSay = s;
      say(
        `  ${fmt(s)} s: ${fmt(p.births)} births read, ${fmt(p.inserted)} written, ${fmt(p.inserted / s)} births/s`,
      );
    }
  });
  const elapsed = (performance.now() - t0) / 1000;
  const nodeCpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  loop.disable();
  probing = false;
  await probe;
  const sorted = probes.sort((a, b) => a - b);
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.ceil(f * sorted.length) - 1)] ?? NaN;
  const ms = (ns: number) => fmt(ns / 1e6, 1);
  say(
    `  while importing (${args.thread ?? 'default'} thread, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}): ` +
      `event-loop delay p50 ${ms(loop.percentile(50))} / p99 ${ms(loop.percentile(99))} / max ${ms(loop.max)} ms; ` +
      `probe (5 queries) p50 ${fmt(q(0.5), 1)} / p95 ${fmt(q(0.95), 1)} / max ${fmt(q(1), 1)} ms (n=${sorted.length})`,
  );
  await pollBackends();
  let pgCpuMs = 0;
  for (const [pid, ms] of backendCpu) pgCpuMs += ms - (backendCpuBefore.get(pid) ?? 0);
  const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from births')) as [{ n: number }];
  await db.close();
  const maxRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(
    `${JSON.stringify({
      births: report.births,
      rows: report.rows,
      inserted: report.inserted,
      errors: report.errors,
      fatal: report.fatal,
      stored: n,
      elapsed,
      birthsPerSecond: report.inserted / elapsed,
      rowsPerSecond: report.rows / elapsed,
      peakRssMb: Math.max(peakRss, maxRssKb * 1024) / (1024 * 1024),
      naiveRate,
      nodeCpuMsPer1000: (nodeCpu.user + nodeCpu.system) / 1000 / (report.inserted / 1000),
      pgCpuMsPer1000: pgCpuMs / (report.inserted / 1000),
      loadAverage: os.loadavg()[0],
    })}\n`,
  );
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`child ${args.join(' ')} exited ${code}`)),
    );
  });
}

const HELP = `Birth import benchmark (see the header of bench/import.ts and BENCHMARKS.md, "Birth import").

  --births N             births generated and imported (default 1,000,000)
  --engine E             pglite, postgres or both (default both); PostgreSQL in a new database on
                         DATABASE_URL (default 127.0.0.1:5433), dropped after the run (BENCH_KEEP=1 keeps it)
  --baseline N           births of the naive sample, one createBirth each (default 10,000; 0: none)
  --mode M               valid_only or all_or_nothing (default valid_only)
  --batch N              births per batch (default 1000)
  --writers N            batches written at once (default 1)
  --no-audit-records     no per-record audit entries
  --thread T             here or worker: where the PostgreSQL import runs (default: the service's)
  --keep-file            keep the generated CSV file
  --help                 this text

Internal (a child process per engine): --child prepare|import --target URL|DIR [--file CSV].
Prints births/s, rows/s, peak RSS, the naive rate, and CPU ms per 1,000 births of Node and PostgreSQL.
`;

async function main() {
  if (process.argv.includes('--help')) {
    process.stdout.write(HELP);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  if (args.child === 'prepare') return prepare(args.target!);
  if (args.child === 'import') return runImport(args);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'openeenc-bench-import-'));
  const file = path.join(dir, `births-${args.births}.csv`);
  say(`Generating ${fmt(args.births)} births (seed ${SEED}) into ${file} ...`);
  const g0 = performance.now();
  const bytes = await writeBirthCsvFile(file, {
    births: args.births,
    seed: SEED,
    facilities: demoGeneratorFacilities(),
    until: new Date(),
  });
  say(`  ${fmt(bytes / 1e6, 1)} MB in ${fmt((performance.now() - g0) / 1000, 1)} s`);

  const engines = args.engine === 'both' ? (['pglite', 'postgres'] as const) : [args.engine];
  type ChildResult = {
    births: number;
    rows: number;
    inserted: number;
    errors: number;
    fatal: unknown;
    stored: number;
    elapsed: number;
    birthsPerSecond: number;
    rowsPerSecond: number;
    peakRssMb: number;
    naiveRate: number;
    nodeCpuMsPer1000: number;
    pgCpuMsPer1000: number;
    loadAverage: number;
  };
  const results: Array<{ engine: string; r: ChildResult }> = [];
  const passThrough = [
    '--mode',
    args.mode,
    '--batch',
    String(args.batch),
    '--baseline',
    String(args.baseline),
  ];
  if (!args.auditRecords) passThrough.push('--no-audit-records');
  if (args.thread) passThrough.push('--thread', args.thread);
  for (const engine of engines) {
    let target: string;
    let cleanup: () => Promise<void>;
    if (engine === 'pglite') {
      target = path.join(dir, 'pglite');
      cleanup = async () => rmSync(target, { recursive: true, force: true });
    } else {
      const temp = await tempDatabaseUrl(process.env.DATABASE_URL ?? PG_DEFAULT);
      target = temp.url;
      cleanup = temp.drop;
    }
    try {
      say(`\n${engine}: preparing a fresh database ...`);
      await runChild(['--child', 'prepare', '--target', target]);
      say(`${engine}: importing ...`);
      const out = await runChild(['--child', 'import', '--target', target, '--file', file, ...passThrough]);
      results.push({ engine, r: JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult });
    } finally {
      await cleanup();
    }
  }
  if (!args.keepFile) rmSync(dir, { recursive: true, force: true });

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let pgVersion = '';
  try {
    pgVersion = execFileSync('psql', ['--version']).toString().trim();
  } catch {
    pgVersion = 'PostgreSQL (server on DATABASE_URL / 127.0.0.1:5433)';
  }
  const targets: Record<string, number> = { pglite: 1000, postgres: 5000 };
  const rows = results.map(({ engine, r }) => ({
    engine,
    ...r,
    ratio: r.naiveRate ? r.birthsPerSecond / r.naiveRate : NaN,
    pass: r.birthsPerSecond >= targets[engine]! && r.stored >= args.births && !r.fatal,
  }));
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log('');
  log(
    `Birth import: ${fmt(args.births)} births, ${fmt(bytes / 1e6, 1)} MB CSV, mode ${args.mode}, batch ${args.batch}, ${args.writers} writer(s), per-record audit ${args.auditRecords ? 'on' : 'off'}`,
  );
  log(
    `machine: ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 1)} GB, Node ${process.version}; ${pgVersion}`,
  );
  log('');
  log(
    '| engine | births/s | rows/s | elapsed | peak RSS | naive births/s (sample) | ratio | CPU ms per 1,000 births (Node / PostgreSQL) | load avg | target | result |',
  );
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows)
    log(
      `| ${r.engine} | ${fmt(r.birthsPerSecond)} | ${fmt(r.rowsPerSecond)} | ${fmt(r.elapsed, 1)} s | ${fmt(r.peakRssMb)} MB | ${fmt(r.naiveRate)} (${fmt(args.baseline)}) | ${fmt(r.ratio, 1)}× | ${fmt(r.nodeCpuMsPer1000)} / ${r.engine === 'postgres' ? fmt(r.pgCpuMsPer1000) : 'in-process'} | ${fmt(r.loadAverage, 1)} | ≥ ${fmt(targets[r.engine]!)}/s | ${r.pass ? 'PASS' : 'FAIL'} (${fmt(r.stored)} stored) |`,
    );
  if (rows.some((r) => !r.pass)) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
