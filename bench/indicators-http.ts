/**
 * The HTTP phase of `npm run bench:indicators -- --http [--during-import N]`: the server built in this
 * process (buildApp + listen on a free port) and exactly the requests the web app makes for each
 * dashboard page (web/features/indicators: indicators.api.ts), timed over HTTP per kind of request, with
 * the load average printed beside the figures. With `--during-import N`, the same requests again while
 * the births import service writes N generated births into the same database (as `npm run bench:import`
 * does), and the ratio of each kind's p95 to the idle p95.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { type Period, periodFromRange } from '../shared/indicators/period';
import { buildApp } from '../server/app';
import type { Config } from '../server/config';
import type { Db } from '../server/db/db';
import { openBirthImport } from '../server/features/births-import/births-import.service';
import { writeBirthCsvFile } from '../server/features/births-import/births-csv-generator';
import { type DayRollupReads, setDayRollupReads } from '../server/features/indicators/indicator-day-rollup';
import { systemClock } from '../server/lib/clock';
import { createRng } from '../server/lib/rng';
import { loadIndicators } from '../shared/indicators/definitions';
import { fmt, type Timing } from './bench-kit';
import { COACHING_SOURCES } from './indicators-coaching';

type Unit = { id: string; kind: string; path: string };
type Pair = { unit: Unit; period: Period };
/** A kind of request: its URLs and, for a dashboard level, the (unit, period) each URL asks about. */
type Kind = { name: string; urls: string[]; pairs?: Pair[] };
const say = (s: string) => process.stdout.write(`${s}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export const periodParams = (p: Period) =>
  p.kind === 'custom' ? `from=${p.from}&to=${p.to}` : `period=${p.id}`;

/** Periods the dashboard offers: years, quarters, months and custom ranges, inside the data's years. */
export function periods(years: readonly number[], n: number, seed: number): Period[] {
  const r = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const y = years[Math.floor(r() * years.length)]!;
    const m = 1 + Math.floor(r() * 12);
    const mm = String(m).padStart(2, '0');
    const p = [
      `${y}`,
      `${y}Q${1 + Math.floor(r() * 4)}`,
      `${y}${mm}`,
      `${y}-${mm}-0${1 + Math.floor(r() * 9)}..${y}-12-1${Math.floor(r() * 9)}`,
    ][i % 4]!;
    if (!p.includes('..')) {
      const kind = p.length === 4 ? 'year' : p.includes('Q') ? 'quarter' : 'month';
      return { kind, id: p } as Period;
    }
    const [from, to] = p.split('..') as [string, string];
    const range = periodFromRange(from, to);
    if (typeof range === 'string') throw new Error(range);
    return range;
  });
}

/**
 * The requests of each page, as the web app sends them (web/features/indicators/indicators.api.ts and
 * use-dashboard.ts): the dashboard's values request (previous period and 12-month trend) and its
 * "units under it" comparison at every level; the comparison of all countries; the disaggregation box;
 * a drill-down list.
 */
function requestKinds(
  units: readonly Unit[],
  ps: readonly Period[],
  samples: number,
  coreIds: string | undefined,
): Kind[] {
  const r = createRng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const of = (kind: string) => units.filter((u) => u.kind === kind);
  // The fixed cost of any request on this machine: one small statement, no session (GET /api/health).
  const kinds: Kind[] = [
    { name: 'floor (GET /api/health)', urls: Array.from({ length: samples }, () => '/api/health') },
  ];
  const sample = (name: string, list: readonly Unit[], url: (u: Unit, p: Period) => string) => {
    if (!list.length) return;
    const pairs = Array.from({ length: samples }, () => ({ unit: pick(list), period: pick(ps) }));
    kinds.push({ name, urls: pairs.map((x) => url(x.unit, x.period)), pairs });
  };
  for (const level of ['region', 'country', 'province', 'district', 'facility'])
    sample(
      `dashboard ${level}`,
      of(level),
      (u, p) => `/api/indicators/values?orgUnit=${u.id}&${periodParams(p)}&compare=previous&include=trends`,
    );
  // The core indicators of the same (unit, period) pairs alone: the numbers the raw query counts.
  if (coreIds)
    for (const k of kinds.filter((x) => x.name.startsWith('dashboard ')))
      kinds.push({
        name: k.name.replace('dashboard', 'core'),
        pairs: k.pairs!,
        urls: k.pairs!.map(
          (x) =>
            `/api/indicators/values?orgUnit=${x.unit.id}&${periodParams(x.period)}&indicators=${coreIds}`,
        ),
      });
  for (const level of ['region', 'country', 'province', 'district'])
    sample(
      `units under a ${level}`,
      of(level),
      (u, p) => `/api/indicators/compare?parent=${u.id}&${periodParams(p)}`,
    );
  // The coaching indicators alone, as the dashboard's "Count coaching indicators" asks for them.
  const coaching = loadIndicators()
    .definitions.filter((d) => COACHING_SOURCES.includes(d.source))
    .map((d) => d.id)
    .join(',');
  for (const level of ['region', 'country', 'province', 'district', 'facility'])
    sample(
      `coaching ${level}`,
      of(level),
      (u, p) =>
        `/api/indicators/values?orgUnit=${u.id}&${periodParams(p)}&compare=previous&indicators=${coaching}`,
    );
  sample(
    'disaggregation province',
    of('province'),
    (u, p) => `/api/indicators/disaggregation?orgUnit=${u.id}&${periodParams(p)}&dimension=sex`,
  );
  sample(
    'drill-down district',
    of('district'),
    (u, p) =>
      `/api/indicators/records?orgUnit=${u.id}&${periodParams(p)}&indicator=immediate_ssc&part=numerator&limit=50`,
  );
  return kinds;
}

function percentiles(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: s.at(-1)!, n: s.length };
}

/**
 * Where a reader's time goes while the import runs: the event loop's delay in this process (the server's
 * and, in-process, the import's parsing share it), this process's CPU, and what the database's active
 * backends wait on (sampled every 100 ms; the import's connections are named `openeenc-import`).
 */
async function observed<T>(waitsUrl: string | undefined, label: string, run: () => Promise<T>) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const waits = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const client = waitsUrl ? new pg.Client({ connectionString: waitsUrl }) : null;
  await client?.connect();
  const sampler = (async () => {
    while (client && sampling) {
      const { rows } = await client.query<{ who: string; wait: string; n: number }>(
        `select case when application_name = 'openeenc-import' then 'import' else 'reader' end as who,
                coalesce(wait_event_type || ':' || wait_event, 'CPU') as wait, count(*)::int as n
           from pg_stat_activity
          where state = 'active' and datname = current_database() and pid <> pg_backend_pid()
          group by 1, 2`,
      );
      samples++;
      for (const r of rows) waits.set(`${r.who} ${r.wait}`, (waits.get(`${r.who} ${r.wait}`) ?? 0) + r.n);
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  loop.enable();
  try {
    return await run();
  } finally {
    loop.disable();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    sampling = false;
    await sampler;
    await client?.end();
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    say(
      `  [${label}] event-loop delay p50 ${ms(loop.percentile(50))} / p99 ${ms(loop.percentile(99))} / max ${ms(loop.max)} ms; ` +
        `this process's CPU ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)} % of a core`,
    );
    if (samples)
      say(
        `  [${label}] active backends per sample (${samples} samples): ${[...waits.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ${(n / samples).toFixed(2)}`)
          .join(', ')}`,
      );
  }
}

/** `--http-slowest`: each kind's three slowest requests, with their period, to see what makes the p95. */
const SLOWEST = process.argv.includes('--http-slowest');
const slowest = (urls: readonly string[], ms: readonly number[]) =>
  ms
    .map((t, i) => ({ t, period: /(?:period=[^&]+|from=[^&]+&to=[^&]+)/.exec(urls[i]!)?.[0] ?? '' }))
    .sort((a, b) => b.t - a.t)
    .slice(0, 3)
    .map((x) => `      ${x.t.toFixed(1).padStart(7)} ms  ${x.period}`)
    .join('\n');

/** The server's statements: how many, and their time in the database (requests are sent one at a time). */
const statements = { n: 0, ms: 0 };
function counted(db: Db): Db {
  const query: Db['query'] = async (sql, params, opts) => {
    const t0 = performance.now();
    try {
      return await db.query(sql, params, opts);
    } finally {
      statements.n++;
      statements.ms += performance.now() - t0;
    }
  };
  return new Proxy(db, {
    get: (target, key) => {
      if (key === 'query') return query;
      const v = Reflect.get(target, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function timeKinds(base: string, cookie: string, kinds: readonly Kind[], label: string) {
  say(`${label} (load average ${load()}):`);
  const out: Record<string, Timing> = {};
  for (const k of kinds) {
    const ms: number[] = [];
    const n0 = statements.n;
    const db0 = statements.ms;
    for (const url of k.urls) {
      const t0 = performance.now();
      const res = await fetch(`${base}${url}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString()}`);
      ms.push(performance.now() - t0);
    }
    const t = percentiles(ms);
    out[k.name] = t;
    const per = (x: number) => (x / k.urls.length).toFixed(1);
    say(
      `  ${k.name.padEnd(26)} ${fmt(t)}   ${per(statements.n - n0)} statements, ${per(statements.ms - db0)} ms in them per request`,
    );
    if (SLOWEST) say(slowest(k.urls, ms));
  }
  say(`  (load average at the end ${load()})`);
  return out;
}

/**
 * `--day-rollup-ab`: the same requests with the edge days of a province and above read from the records
 * (as before the day rollups) and from the day rollups, in turn twice, so that both ways meet the same
 * load; each kind's p95 both ways per round.
 */
async function dayRollupAb(
  base: string,
  cookie: string,
  all: readonly Kind[],
  before: Exclude<DayRollupReads, 'all'>,
) {
  // The coaching requests count only live sources, which have no day rollup.
  const kinds = all.filter((k) => !k.name.startsWith('coaching'));
  const rounds: Array<{ records: Record<string, Timing>; dayRollup: Record<string, Timing> }> = [];
  try {
    for (let round = 1; round <= 2; round++) {
      setDayRollupReads(before);
      const records = await timeKinds(
        base,
        cookie,
        kinds,
        `round ${round}, edge days from the records${
          before === 'none'
            ? ''
            : before === 'not clocked'
              ? ' for the clocked sources'
              : ' for the recounted sources'
        }`,
      );
      setDayRollupReads('all');
      const dayRollup = await timeKinds(
        base,
        cookie,
        kinds,
        `round ${round}, edge days from the day rollups`,
      );
      rounds.push({ records, dayRollup });
    }
  } finally {
    setDayRollupReads('all');
  }
  for (const k of kinds)
    say(
      `  ${k.name.padEnd(26)} p95 records / day rollups: ${rounds
        .map((r) => `${r.records[k.name]!.p95.toFixed(1)} / ${r.dayRollup[k.name]!.p95.toFixed(1)} ms`)
        .join(', ')}`,
    );
  return rounds;
}

/**
 * The raw query on each "core <level>" kind's own pairs, right after the HTTP requests (same run), and
 * raw / HTTP at p50 and p95: how many times faster the request is than the query it replaces.
 */
async function rawRatios(
  run: (unit: Unit, period: Period) => Promise<unknown>,
  kinds: readonly Kind[],
  http: Record<string, Timing>,
) {
  say(`raw query on the same pairs, in-process (load average ${load()}):`);
  const out: Record<string, { raw: Timing; ratioP50: number; ratioP95: number }> = {};
  for (const k of kinds.filter((x) => x.name.startsWith('core '))) {
    // The region's raw query reads every birth: a few pairs tell its cost.
    const pairs = k.name === 'core region' ? k.pairs!.slice(0, 5) : k.pairs!;
    const ms: number[] = [];
    for (const { unit, period } of pairs) {
      const t0 = performance.now();
      await run(unit, period);
      ms.push(performance.now() - t0);
    }
    const raw = percentiles(ms);
    const h = http[k.name]!;
    out[k.name] = { raw, ratioP50: raw.p50 / h.p50, ratioP95: raw.p95 / h.p95 };
    say(
      `  raw ${k.name.slice(5).padEnd(9)} ${fmt(raw)}   raw / HTTP: ${(raw.p50 / h.p50).toFixed(1)}× at p50, ${(raw.p95 / h.p95).toFixed(1)}× at p95`,
    );
  }
  return out;
}

/** Writes a CSV of `births` generated births for the database's own facilities; returns its path. */
export async function writeImportFile(db: Db, births: number) {
  const facilities = await db.query<{ code: string; timezone: string }>(
    "select code, timezone from org_units where kind = 'facility' and provides_births and active order by code limit 200",
  );
  const communes = (
    await db.query<{ code: string }>(
      "select code from org_units where kind = 'commune' order by code limit 50",
    )
  ).map((c) => c.code);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openeenc-bench-http-'));
  const file = path.join(dir, 'births.csv');
  await writeBirthCsvFile(file, {
    births,
    // A new seed each run: births already imported by an earlier run would be skipped, not written.
    seed: Date.now() % 1_000_000_007,
    facilities: facilities.map((f) => ({ code: f.code, timezone: f.timezone, communes })),
    until: new Date(),
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Imports the file through the import service, as the server's route does. */
export async function runImport(db: Db, config: Config, file: string) {
  const t0 = performance.now();
  const job = await openBirthImport(
    { config, db, clock: systemClock },
    null,
    createReadStream(file, { highWaterMark: 1 << 20 }),
    { mode: 'valid_only', via: 'bench', log: (e) => say(String(e)) },
  );
  const report = await job.run(() => {});
  // A benchmark of refused rows measures nothing: say why, loudly.
  if (report.inserted === 0)
    throw new Error(
      `import wrote nothing: ${JSON.stringify({ fatal: report.fatal, issues: report.issues.slice(0, 3), births: report.births, rows: report.rows, present: report.alreadyPresent, bytes: report.bytes })}`,
    );
  return { report, seconds: (performance.now() - t0) / 1000 };
}

export async function benchHttp(opts: {
  db: Db;
  /** A second connection to the same database for the import (PGlite: the same one). */
  importDb: Db;
  config: Config;
  username: string;
  password: string;
  samples: number;
  duringImport: number;
  /** PostgreSQL: where to sample pg_stat_activity's wait events during each phase. */
  waitsUrl?: string;
  /** Time every kind without and with the day rollups' edge days, twice in turn (same run, same load). */
  /** The edge-day reads the day rollups are compared with (`none`: every source's from the records). */
  dayRollupAb?: Exclude<DayRollupReads, 'all'>;
  /**
   * The core indicators' ids and the straightforward query for the same numbers of one (unit, period):
   * "core <level>" kinds over HTTP, then the raw query on the same pairs in the same run, and the ratio.
   */
  raw?: { coreIds: string; run: (unit: Unit, period: Period) => Promise<unknown> };
}) {
  const { config } = opts;
  const db = counted(opts.db);
  const app = await buildApp({ config, db, clock: systemClock }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: opts.username, password: opts.password }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const units = await db.query<Unit>("select id, kind, path from org_units where kind <> 'commune'");
    const [span] = await db.query<{ lo: number; hi: number }>(
      'select extract(year from min(birth_date))::int as lo, extract(year from max(birth_date))::int as hi from births',
    );
    const years = Array.from({ length: span!.hi - span!.lo + 1 }, (_, i) => span!.lo + i);
    const kinds = requestKinds(units, periods(years, 200, 11), opts.samples, opts.raw?.coreIds);
    // Warm-up: every kind once (plans, caches), untimed.
    for (const k of kinds) await fetch(`${base}${k.urls[0]}`, { headers: { cookie } });
    if (opts.dayRollupAb) return { ab: await dayRollupAb(base, cookie, kinds, opts.dayRollupAb) };
    const idle = await observed(opts.waitsUrl, 'idle', () =>
      timeKinds(base, cookie, kinds, 'over HTTP, idle'),
    );
    const raw = opts.raw ? await rawRatios(opts.raw.run, kinds, idle) : undefined;
    if (!opts.duringImport) return { idle, raw };
    // The file is generated before the timing starts: generating it is not the import.
    const csv = await writeImportFile(db, opts.duringImport);
    say(`importing ${opts.duringImport.toLocaleString('en')} births in parallel…`);
    let importDone = false;
    const importing = runImport(opts.importDb, config, csv.file).finally(() => {
      importDone = true;
      csv.remove();
    });
    const busy = await observed(opts.waitsUrl, 'during the import', () =>
      timeKinds(base, cookie, kinds, 'over HTTP, during the import'),
    );
    if (importDone) say('  note: the import ended before the requests did; the ratios understate the effect');
    // The ratios before the import's end: on a loaded machine it may run long after the requests.
    for (const [name, t] of Object.entries(busy))
      say(`  ${name.padEnd(26)} p95 during import / idle: ${(t.p95 / idle[name]!.p95).toFixed(2)}×`);
    const imported = await importing;
    say(
      `  import: ${imported.report.inserted.toLocaleString('en')} births in ${imported.seconds.toFixed(1)} s`,
    );
    return { idle, busy, import: { births: imported.report.inserted, seconds: imported.seconds } };
  } finally {
    await app.close();
  }
}
