/**
 * BENCH_DATABASE_URL=postgres://… npm run bench:indicators [-- --database URL] [--engine postgres|pglite|both] [--samples 200] [--raw-samples 50]
 *   [--http [--during-import 200000] [--http-samples 40] [--http-slowest] [--day-rollup-ab[-recounted|-clocked]]] [--births N --facilities N --countries N]
 *   [--pglite-dir bench/out/pglite-programme]
 *   [--coaching-samples 50] [--coaching-heavy-runs 3] [--coaching-only] [--kmc-only] [--read-only]
 *
 * `--http` runs only the HTTP phase (bench/indicators-http.ts): the web app's own requests per page over
 * HTTP against the server built in this process, p50/p95 per kind with the load average; with
 * `--during-import N` the same while N births are imported in parallel, and the p95 ratios. `--births`,
 * `--facilities`, `--countries` generate a smaller programme data set (a quick check on a temp database
 * through BENCH_DATABASE_URL); the default is the programme scale. The HTTP phase also asks for the core
 * indicators alone per level ("core <level>") and runs the raw query on the same pairs in the same run.
 * `--day-rollup-ab` times the same requests with every edge day read from the records, then from the day
 * rollups; `--day-rollup-ab-recounted` with only the recounted sources' edge days from the records (main
 * before their day rollups, below a country); `--day-rollup-ab-clocked` with only the postnatal
 * follow-ups' (a clock) from the records (before their day rollup).
 * `--pglite-dir` names PGlite's data set (a DATA_DIR, as `npm run seed` takes it).
 *
 * Indicator dashboard at programme scale (4,000,000 births, 2,522 facilities, 16 countries), on PostgreSQL
 * (the database of `--database` or BENCH_DATABASE_URL: there is no default, because a run migrates and writes
 * to it unless `--read-only`) and on PGlite (bench/out/pglite-programme). `--help` prints the options.
 * The data are generated once per engine (npm run seed -- --scale programme) and reused.
 * Prints, per engine: p50/p95/max of all core indicators for random (org unit, period) pairs at every level
 * and for the heaviest view (every country × every quarter), the same computed by a straightforward
 * GROUP BY … COUNT(*) FILTER (…) over the raw tables in the same run and the ratio, the time until a new
 * birth is counted, the extra cost per birth insert and bulk-insert throughput with and without the
 * rollup triggers, and the server's peak memory while serving. Then the same per level and for the
 * heaviest view for the coaching indicators, counted live (bench/indicators-coaching.ts); with
 * `--coaching-only`, only that. Then the KMC indicators against their raw query (bench/indicators-kmc.ts); with
 * `--kmc-only`, only that (`--raw-samples` pairs per level, `--heavy-runs` of the heaviest view).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildBirth, buildNewbornRaw } from '../shared/births/birth-builders';
import { DEFAULT_EENC_SETTINGS } from '../shared/births/eenc-settings';
import { loadIndicators } from '../shared/indicators/definitions';
import {
  monthPeriod,
  type Period,
  periodFromRange,
  periodsBetween,
  quarterPeriod,
  yearPeriod,
} from '../shared/indicators/period';
import { type Config, loadConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { migrate } from '../server/migrate';
import { openPgliteDb } from '../server/db/pglite-db';
import { openPostgresDb } from '../server/db/postgres-db';
import { prepareBirth } from '../server/features/births/births.service';
import { insertBirthRows } from '../server/features/births/births.repo';
import { type Cell, countCells, type EngineUnit } from '../server/features/indicators/indicator-engine';
import { rebuildPendingRollups } from '../server/features/indicators/indicator-schema';
import { findRolledUpSource } from '../server/features/indicators/indicator-source-registry';
import { compileFilter } from '../server/features/indicators/indicator-sources';
import { getIndicatorValues } from '../server/features/indicators/indicators.service';
import { systemClock } from '../server/lib/clock';
import { createRng } from '../server/lib/rng';
import { ensureBenchReader, regionManager } from './bench-kit';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { generateProgramme, PROGRAMME_SCALE } from '../server/seed/programme';
import { hasFlag, option } from './cli-args';
import { benchCoaching } from './indicators-coaching';
import { benchHttp } from './indicators-http';
import { benchKmcIndicators } from './indicators-kmc';

const HELP = `Indicator dashboard benchmark (see the header of bench/indicators.bench.ts and BENCHMARKS.md).

  --database URL         the PostgreSQL database to measure (or BENCH_DATABASE_URL); required for the
                         postgres engine, no default: a run migrates it, writes an admin and a bench
                         reader and generates the programme data set when it is missing (not with --read-only)
  --engine E             postgres, pglite or both (default both)
  --pglite-dir DIR       PGlite's data set, a DATA_DIR (default bench/out/pglite-programme)
  --read-only            no migration and no writes; the in-process reads only (someone else's data set)
  --samples N            (unit, period) pairs per level in-process (default 200)
  --raw-samples N        pairs per level for the raw GROUP BY query (default 50)
  --heavy-runs N         runs of the heaviest view (default 30)
  --http                 only the web app's own requests over HTTP, per page and level
    --http-samples N     requests per kind (default 40)
    --http-slowest       print the slowest requests per kind
    --during-import N    the same while N births are imported in parallel
    --day-rollup-ab      A/B: edge days from the records, then from the day rollups
    --day-rollup-ab-recounted  the same with only the recounted sources' edge days from the records
    --day-rollup-ab-clocked    the same with only the postnatal follow-ups' (a clock) from the records
  --births N --facilities N --countries N   a smaller generated data set (default: programme scale)
  --coaching-samples N --coaching-heavy-runs N --coaching-only   the coaching phase
  --kmc-only             only the KMC phase
  --help                 this text
`;
if (hasFlag('help')) {
  process.stdout.write(HELP);
  process.exit(0);
}

const ENGINES = option('engine', 'both') === 'both' ? ['postgres', 'pglite'] : [option('engine', 'postgres')];
const SAMPLES = Number(option('samples', '200'));
const RAW_SAMPLES = Number(option('raw-samples', '50'));
const HEAVY_RUNS = Number(option('heavy-runs', '30'));
const PASSWORD = 'correct-horse-battery';
const HTTP = hasFlag('http');
const DURING_IMPORT = Number(option('during-import', '0'));
const HTTP_SAMPLES = Number(option('http-samples', '40'));
const COACHING_SAMPLES = Number(option('coaching-samples', '50'));
const COACHING_HEAVY_RUNS = Number(option('coaching-heavy-runs', '3'));
const COACHING_ONLY = hasFlag('coaching-only');
const KMC_ONLY = hasFlag('kmc-only');
/**
 * `--read-only`: no migration, no admin or bench reader written, the PostgreSQL sessions read-only
 * (`default_transaction_read_only`), and only the in-process phases that read (core indicators per level,
 * the province dashboard, the heaviest view, the raw query): for a data set that belongs to someone else.
 */
const READ_ONLY = hasFlag('read-only');
if (READ_ONLY && (HTTP || COACHING_ONLY || KMC_ONLY))
  throw new Error('--read-only runs the in-process reads only: drop --http, --coaching-only and --kmc-only');
/** The data set's scale: the programme's unless made smaller for a quick check. */
const SCALE = {
  ...PROGRAMME_SCALE,
  births: Number(option('births', String(PROGRAMME_SCALE.births))),
  facilities: Number(option('facilities', String(PROGRAMME_SCALE.facilities))),
  countries: Number(option('countries', String(PROGRAMME_SCALE.countries))),
};
// The programme's workers per facility (about 12), not its 30,000 crowded into a smaller set's facilities.
SCALE.healthWorkers = Math.round(
  (PROGRAMME_SCALE.healthWorkers * SCALE.facilities) / PROGRAMME_SCALE.facilities,
);
const PG_ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';
/** No default: a run migrates and writes to this database, which must be named on purpose. */
const PG_URL = option('database', process.env.BENCH_DATABASE_URL ?? '');
if (ENGINES.includes('postgres') && !PG_URL) {
  process.stderr.write(
    'bench:indicators: name the PostgreSQL database to measure with --database URL or BENCH_DATABASE_URL ' +
      '(a run migrates and writes to it unless --read-only), or run --engine pglite. See --help.\n',
  );
  process.exit(2);
}
const PGLITE_DIR = path.resolve(option('pglite-dir', 'bench/out/pglite-programme'));
const PORT = 3917;
const say = (s: string) => process.stdout.write(`${s}\n`);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s.at(-1)! };
};
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmt = (s: ReturnType<typeof stats>) =>
  `p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms, max ${ms(s.max)} ms (n=${s.n})`;

async function openEngine(engine: string): Promise<Db> {
  if (engine === 'postgres' && READ_ONLY) return openPostgresDb(PG_URL, 10, { readOnly: true });
  if (engine === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const name = new URL(PG_URL).pathname.slice(1);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`create database ${name}`);
    await admin.end();
    // The server's own pool size: one dashboard request runs its sources' queries at once.
    return openPostgresDb(PG_URL);
  }
  return openPgliteDb({ dataDir: path.join(PGLITE_DIR, 'pglite'), sharedBuffersMb: 128 });
}

async function ensureData(db: Db) {
  if (READ_ONLY) {
    const [row] = await db.query<{ summary: { births: number } }>(
      "select summary from synthetic_datasets where name = 'programme'",
    );
    if (!row) throw new Error('--read-only needs a generated programme data set');
    say(`data present: ${row.summary.births.toLocaleString('en')} births (read only)`);
    return;
  }
  await migrate(db, say);
  // A changed rollup is rebuilt online after migrations; measure only once it is complete.
  await rebuildPendingRollups(db, { log: say, chunk: 20 });
  await bootstrapAdmin(db, PASSWORD, systemClock.now());
  await ensureBenchReader(db, PASSWORD);
  const [row] = await db.query<{ summary: { births: number } }>(
    "select summary from synthetic_datasets where name = 'programme'",
  );
  if (row && row.summary.births === SCALE.births) {
    say(`data present: ${row.summary.births.toLocaleString('en')} births (reused)`);
    return;
  }
  say('generating the programme data set (once per engine)…');
  await generateProgramme(db, { ...SCALE, log: say });
}

type Unit = EngineUnit & { name: string; level: number };

const periodQuery = (p: Period) => (p.kind === 'custom' ? { from: p.from, to: p.to } : { period: p.id });

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

function randomPeriod(r: () => number): Period {
  const y = 2015 + Math.floor(r() * 10);
  const kind = r();
  if (kind < 0.25) return yearPeriod(y);
  if (kind < 0.5) return quarterPeriod(y, 1 + Math.floor(r() * 4));
  if (kind < 0.75) return monthPeriod(y, 1 + Math.floor(r() * 12));
  // custom range, not aligned to months: 1 to 400 days
  const start = Date.UTC(2015, 0, 1) + Math.floor(r() * 3200) * 86_400_000;
  const len = 1 + Math.floor(r() * 400);
  const from = new Date(start).toISOString().slice(0, 10);
  const to = new Date(Math.min(start + (len - 1) * 86_400_000, Date.UTC(2024, 11, 31)))
    .toISOString()
    .slice(0, 10);
  const p = periodFromRange(from, to);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

/** The straightforward query: GROUP BY … COUNT(*) FILTER (…) over the raw records, no rollup. */
function rawSql(source: 'newborn' | 'delivery', groupBy: 'none' | 'countryQuarter') {
  const { registry } = loadIndicators();
  const s = findRolledUpSource(source)!;
  const ms = (registry.bySource[source] ?? []).filter((m) =>
    loadIndicators().definitions.some(
      (d) =>
        d.core && (registry.parts[d.id]!.numerator === m.id || registry.parts[d.id]!.denominator === m.id),
    ),
  );
  const needBirth = source === 'newborn' && ms.some((m) => compileFilter(s, m.where).includes('b.'));
  const needStatus = ms.some((m) => compileFilter(s, m.where).includes('s.'));
  const from = `${s.factTable} ${needBirth ? s.birthJoin : ''} join org_units f on f.id = ${s.facility}
    ${needStatus ? `left join facility_eenc_status s on s.facility_id = ${s.facility}` : ''}`;
  const counts = ms.map((m) => `count(*) filter (where ${compileFilter(s, m.where)})`).join(', ');
  if (groupBy === 'countryQuarter')
    // The country is the second id of the facility's path.
    return `select split_part(f.path, '/', 3) as country, date_trunc('quarter', ${s.date}) as q, ${counts}
      from ${from}
      where ${s.date} between '2015-01-01' and '2024-12-31' group by 1, 2`;
  return `select ${counts} from ${from} where f.path like $1 || '%' and ${s.date} between $2 and $3`;
}

async function benchEngine(engine: string) {
  say(`\n=== ${engine} ===`);
  const db = await openEngine(engine);
  await ensureData(db);
  if (HTTP) {
    // The import's connections are named, so that the wait events sampled during it tell writer from reader.
    const importUrl = new URL(PG_URL);
    importUrl.searchParams.set('application_name', 'openeenc-import');
    const importDb = engine === 'postgres' ? await openPostgresDb(importUrl.toString(), 4) : db;
    try {
      return await benchHttp({
        db,
        importDb,
        config: loadConfig({ LOG_LEVEL: 'silent' }),
        username: 'bench-reader',
        password: PASSWORD,
        samples: HTTP_SAMPLES,
        duringImport: DURING_IMPORT,
        ...(engine === 'postgres' ? { waitsUrl: PG_URL } : {}),
        dayRollupAb: hasFlag('day-rollup-ab-recounted')
          ? 'not recounted'
          : hasFlag('day-rollup-ab-clocked')
            ? 'not clocked'
            : hasFlag('day-rollup-ab')
              ? 'none'
              : undefined,
        raw: {
          coreIds: loadIndicators()
            .definitions.filter((d) => d.core)
            .map((d) => d.id)
            .join(','),
          run: async (unit, period) => {
            await db.query(rawSql('newborn', 'none'), [unit.path, period.from, period.to]);
            await db.query(rawSql('delivery', 'none'), [unit.path, period.from, period.to]);
          },
        },
      });
    } finally {
      if (importDb !== db) await importDb.close();
      await db.close();
    }
  }
  const { definitions, registry } = loadIndicators();
  const core = definitions.filter((d) => d.core);
  const coreMeasures = registry.measures.filter((m) =>
    core.some((d) => registry.parts[d.id]!.numerator === m.id || registry.parts[d.id]!.denominator === m.id),
  );
  const units = await db.query<Unit>(
    "select id, path, kind, name, level from org_units where kind <> 'commune' order by path",
  );
  const byKind = (k: string) => units.filter((u) => u.kind === k && (k !== 'facility' || true));
  const [admin] = await db.query<{ id: string }>("select id from users where username = 'admin'");
  const region = units.find((u) => u.kind === 'region')!;
  const principal = regionManager(admin!.id, 'admin', region);
  const config: Config = loadConfig({ LOG_LEVEL: 'silent' });
  const deps = { config, db, clock: systemClock };
  const result: Record<string, unknown> = { engine, cpu: readFileSync('/proc/loadavg', 'utf8').trim() };
  const r = createRng(42);
  const levels: Array<[string, Unit[]]> = [
    ['region', [region]],
    ['country', byKind('country')],
    ['province', byKind('province')],
    ['district', byKind('district')],
    ['facility', byKind('facility')],
  ];
  const countries = byKind('country');
  const quarters = periodsBetween('quarter', '2015-01-01', '2024-12-31');
  const coaching = (pairs: Record<string, Array<{ unit: Unit; period: Period }>>) =>
    benchCoaching({
      db,
      config,
      principal,
      levels: levels.map(([level]) => [level, pairs[level]!.slice(0, COACHING_SAMPLES)] as const),
      countries,
      quarters,
      rawSamples: Math.min(RAW_SAMPLES, COACHING_SAMPLES),
      heavyRuns: COACHING_HEAVY_RUNS,
    });
  /** `n` random (unit, period) pairs per level, for a phase run on its own. */
  const randomPairs = (n: number): Record<string, Array<{ unit: Unit; period: Period }>> =>
    Object.fromEntries(
      levels.map(([level, list]) => [
        level,
        Array.from({ length: n }, () => ({
          unit: list[Math.floor(r() * list.length)]!,
          period: randomPeriod(r),
        })),
      ]),
    );
  const kmc = (pairs: Record<string, Array<{ unit: Unit; period: Period }>>) =>
    benchKmcIndicators({
      deps,
      db,
      principal,
      pairs,
      countries,
      quarters,
      samples: RAW_SAMPLES,
      heavyRuns: HEAVY_RUNS,
      stats,
      fmt,
      say,
    });
  if (COACHING_ONLY || KMC_ONLY) {
    if (COACHING_ONLY) result.coaching = await coaching(randomPairs(COACHING_SAMPLES));
    if (KMC_ONLY) result.kmc = await kmc(randomPairs(RAW_SAMPLES));
    await db.close();
    return result;
  }
  // warm-up
  for (let i = 0; i < 30; i++) {
    const u = units[Math.floor(r() * units.length)]!;
    await getIndicatorValues(deps, principal, {
      orgUnit: u.id,
      period: randomPeriod(r).id.includes('..') ? '2020' : '2021',
      indicators: core.map((d) => d.id).join(','),
    });
  }
  const pairs: Record<string, Array<{ unit: Unit; period: Period }>> = {};
  const levelStats: Record<string, unknown> = {};
  say(
    `all ${core.length} core indicators for one (org unit, period), through the service of GET /api/indicators/values:`,
  );
  /** All core indicators of one (unit, period) through the service of GET /api/indicators/values. */
  const timeCoreIndicators = async (unit: Unit, period: Period) =>
    (
      await timed(() =>
        getIndicatorValues(deps, principal, {
          orgUnit: unit.id,
          ...periodQuery(period),
          indicators: core.map((d) => d.id).join(','),
        }),
      )
    )[0];
  for (const [level, list] of levels) {
    const times: number[] = [];
    pairs[level] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const unit = list[Math.floor(r() * list.length)]!;
      const period = randomPeriod(r);
      pairs[level].push({ unit, period });
      const t = await timeCoreIndicators(unit, period);
      times.push(t);
    }
    const s = stats(times);
    levelStats[level] = s;
    say(`  ${level.padEnd(9)} ${fmt(s)}`);
  }
  result.levels = levelStats;
  // Dashboard bundle: values + previous period + children + 12-month trend.
  {
    const times: number[] = [];
    for (const { unit, period } of pairs.province!.slice(0, 100)) {
      const q = periodQuery(period);
      const [t] = await timed(() =>
        getIndicatorValues(deps, principal, {
          orgUnit: unit.id,
          ...q,
          compare: 'previous',
          include: 'children,trends',
        }),
      );
      times.push(t);
    }
    result.provinceDashboard = stats(times);
    say(
      `  province dashboard (all indicators, previous period, children, 12-month trend): ${fmt(stats(times))}`,
    );
  }
  // Heaviest view: every country × every quarter.
  const cells: Cell[] = countries.flatMap((c) => quarters.map((q) => ({ unit: c, from: q.from, to: q.to })));
  const heavy: number[] = [];
  for (let i = 0; i < HEAVY_RUNS; i++)
    heavy.push((await timed(() => countCells(db, cells, coreMeasures)))[0]);
  const heavyStats = stats(heavy);
  say(
    `heaviest view (${countries.length} countries × ${quarters.length} quarters = ${cells.length} cells): ${fmt(heavyStats)}`,
  );
  // Baseline: the same with a straightforward GROUP BY over the raw tables.
  const rawHeavy: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [t] = await timed(async () => {
      await db.query(rawSql('newborn', 'countryQuarter'));
      await db.query(rawSql('delivery', 'countryQuarter'));
    });
    rawHeavy.push(t);
  }
  const rawHeavyStats = stats(rawHeavy);
  say(
    `  raw GROUP BY baseline: ${fmt(rawHeavyStats)}; ratio raw/engine: p50 ${(rawHeavyStats.p50 / heavyStats.p50).toFixed(0)}×, p95 ${(rawHeavyStats.p95 / heavyStats.p95).toFixed(0)}×`,
  );
  result.heaviest = heavyStats;
  result.heaviestRaw = rawHeavyStats;
  // Raw baseline per level on the first pairs of each level: all raw queries, then the engine on the
  // same pairs (alternating them would measure each right after the other had churned the caches).
  const rawLevels: Record<string, unknown> = {};
  for (const [level] of levels) {
    if (level === 'region') continue;
    const sample = pairs[level]!.slice(0, RAW_SAMPLES);
    const times: number[] = [];
    for (const { unit, period } of sample) {
      const [t] = await timed(async () => {
        await db.query(rawSql('newborn', 'none'), [unit.path, period.from, period.to]);
        await db.query(rawSql('delivery', 'none'), [unit.path, period.from, period.to]);
      });
      times.push(t);
    }
    const engineTimes: number[] = [];
    for (const { unit, period } of sample) {
      const t = await timeCoreIndicators(unit, period);
      engineTimes.push(t);
    }
    const s = stats(times);
    const e = stats(engineTimes);
    rawLevels[level] = { raw: s, engine: e, ratioP50: s.p50 / e.p50, ratioP95: s.p95 / e.p95 };
    say(
      `  raw baseline ${level.padEnd(9)} ${fmt(s)}; engine on the same pairs p50 ${ms(e.p50)} ms, p95 ${ms(e.p95)} ms → ${(s.p50 / e.p50).toFixed(0)}× faster at p50, ${(s.p95 / e.p95).toFixed(0)}× at p95`,
    );
  }
  result.rawLevels = rawLevels;
  if (READ_ONLY) {
    await db.close();
    return result;
  }
  result.coaching = await coaching(pairs);
  // KMC indicators (issue 16): the engine against the raw query on the same pairs (bench/indicators-kmc.ts).
  result.kmc = await kmc(pairs);
  // Freshness and insert cost.
  const facility = byKind('facility')[7]!;
  const country = units.find((u) => u.kind === 'country' && facility.path.startsWith(u.path))!;
  let seq = 0;
  const prepared = (n: number, tag: 'ON' | 'OFF', birthDate = '2024-06-15') =>
    Array.from({ length: n }, () => {
      seq++;
      const input = buildBirth({
        facilityId: facility.id,
        mother: { recordNumber: `BENCH-${tag}-${seq}` },
        delivery: { bornAt: `${birthDate}T03:00:00Z` },
        newborns: [buildNewbornRaw({ sscStartedMinutes: seq % 3 })],
      });
      const p = prepareBirth(input, {
        id: crypto.randomUUID(),
        facility: { id: facility.id, timezone: 'UTC' },
        settings: DEFAULT_EENC_SETTINGS,
        now: new Date(),
        actorId: null,
      });
      if (!p.prepared) throw new Error(JSON.stringify(p.issues));
      return p.prepared;
    });
  const countNow = async () =>
    (
      await getIndicatorValues(deps, principal, {
        orgUnit: country.id,
        period: '202406',
        indicators: 'live_births',
      })
    ).indicators[0]!.numerator!;
  const before = await countNow();
  const [one] = prepared(1, 'ON');
  await db.transaction((tx) => insertBirthRows(tx, [one!.birthRow], one!.newbornRows));
  const [tNext, after] = await timed(countNow);
  const fresh = after === before + 1;
  say(
    `freshness: a committed birth ${fresh ? 'is' : 'is NOT'} counted by the very next query (country, month: ${before} → ${after}; that query took ${ms(tNext)} ms)`,
  );
  result.freshness = { countedByNextQuery: fresh, nextQueryMs: tNext };
  const insertSingles = async (off: boolean, n: number) => {
    const rows = prepared(n, off ? 'OFF' : 'ON');
    const t0 = performance.now();
    for (const p of rows)
      await db.transaction(async (tx) => {
        if (off) await tx.query("select set_config('openeenc.rollups', 'off', true)");
        await insertBirthRows(tx, [p.birthRow], p.newbornRows);
      });
    return (performance.now() - t0) / n;
  };
  const insertBatches = async (off: boolean, batches: number, size: number) => {
    const rows = prepared(batches * size, off ? 'OFF' : 'ON');
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) {
      const part = rows.slice(b * size, (b + 1) * size);
      await db.transaction(async (tx) => {
        if (off) await tx.query("select set_config('openeenc.rollups', 'off', true)");
        await insertBirthRows(
          tx,
          part.map((p) => p.birthRow),
          part.flatMap((p) => p.newbornRows),
        );
      });
    }
    return (batches * size) / ((performance.now() - t0) / 1000);
  };
  // Interleave on/off to share the machine's noise.
  const singleOn: number[] = [];
  const singleOff: number[] = [];
  for (let i = 0; i < 4; i++) {
    singleOn.push(await insertSingles(false, 50));
    singleOff.push(await insertSingles(true, 50));
  }
  const on = singleOn.reduce((a, b) => a + b) / singleOn.length;
  const offMs = singleOff.reduce((a, b) => a + b) / singleOff.length;
  say(
    `single-birth transaction: ${ms(on)} ms with rollup triggers, ${ms(offMs)} ms without → extra cost per birth insert ${ms(on - offMs)} ms`,
  );
  const bulkOn: number[] = [];
  const bulkOff: number[] = [];
  for (let i = 0; i < 2; i++) {
    bulkOn.push(await insertBatches(false, 5, 1000));
    bulkOff.push(await insertBatches(true, 5, 1000));
  }
  const bOn = bulkOn.reduce((a, b) => a + b) / bulkOn.length;
  const bOff = bulkOff.reduce((a, b) => a + b) / bulkOff.length;
  say(
    `bulk insert (insertBirthRows, batches of 1,000): ${Math.round(bOn).toLocaleString('en')} births/s with triggers, ${Math.round(bOff).toLocaleString('en')}/s without (${((1 - bOn / bOff) * 100).toFixed(0)}% slower)`,
  );
  result.insert = {
    singleMsWithTriggers: on,
    singleMsWithout: offMs,
    extraMsPerBirth: on - offMs,
    bulkPerSecondWith: bOn,
    bulkPerSecondWithout: bOff,
  };
  // Clean up: births counted by the rollups are deleted with upkeep on (babies first: one set-based
  // statement), the others with it off.
  await db.transaction(async (tx) => {
    await tx.query(
      `delete from newborns where birth_id in (select id from births where mother_record_number like 'BENCH-ON-%')`,
    );
    await tx.query(`delete from births where mother_record_number like 'BENCH-ON-%'`);
  });
  await db.transaction(async (tx) => {
    await tx.query("select set_config('openeenc.rollups', 'off', true)");
    await tx.query(`delete from births where mother_record_number like 'BENCH-OFF-%'`);
  });
  const check = await countNow();
  say(`after clean-up the count is back to ${check} (was ${before})`);
  await db.close();
  // Server peak memory while serving the data set over HTTP.
  result.server = await serverMemory(engine, pairs, region, countries);
  return result;
}

async function serverMemory(
  engine: string,
  pairs: Record<string, Array<{ unit: Unit; period: Period }>>,
  region: Unit,
  countries: Unit[],
) {
  const env = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    OPENEENC_SEED: 'none',
    ...(engine === 'postgres'
      ? { DATABASE_URL: PG_URL }
      : { DATA_DIR: PGLITE_DIR, PGLITE_SHARED_BUFFERS_MB: '64' }),
  };
  if (engine === 'pglite') delete (env as Record<string, string | undefined>).DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  // The server must not outlive a failed run: it would hold the port for the next one.
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  try {
    return await measureServer(child, () => out, engine, pairs, region, countries);
  } finally {
    await stop();
  }
}

async function measureServer(
  child: ChildProcess,
  output: () => string,
  engine: string,
  pairs: Record<string, Array<{ unit: Unit; period: Period }>>,
  region: Unit,
  countries: Unit[],
) {
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 600 && !output().includes('is running'); i++)
    await new Promise((r) => setTimeout(r, 200));
  if (!output().includes('is running')) throw new Error(`server did not start:\n${output()}`);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-reader', password: PASSWORD }),
  });
  const setCookie = login.headers.get('set-cookie');
  if (!setCookie) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = setCookie.split(';')[0]!;
  const times: number[] = [];
  const get = async (url: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  };
  const q = (p: Period) => (p.kind === 'custom' ? `from=${p.from}&to=${p.to}` : `period=${p.id}`);
  for (const level of ['country', 'province', 'district', 'facility'])
    for (const { unit, period } of pairs[level]!.slice(0, 60))
      await get(
        `/api/indicators/values?orgUnit=${unit.id}&${q(period)}&compare=previous&include=children,trends`,
      );
  for (let y = 2015; y <= 2024; y++)
    await get(
      `/api/indicators/values?orgUnit=${region.id}&period=${y}&compare=previous&include=children,trends`,
    );
  for (const c of countries.slice(0, 4))
    await get(`/api/indicators/disaggregation?orgUnit=${c.id}&period=2023&dimension=facility_level`);
  await get(`/api/indicators/export?orgUnit=${region.id}&period=2024&format=xlsx`);
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const peak = Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  const s = stats(times);
  say(
    `server (${engine}): peak RSS ${peak.toFixed(0)} MB (now ${rss.toFixed(0)} MB) after ${times.length} dashboard requests over HTTP; request ${fmt(s)}`,
  );
  return { peakRssMb: peak, rssMb: rss, http: s };
}

const all: Record<string, unknown> = {};
for (const engine of ENGINES) all[engine] = await benchEngine(engine);
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/indicators.json', JSON.stringify(all, null, 2));
say('\nwritten bench/out/indicators.json');
process.exit(0);
