/**
 * `tsx bench/dashboard-profile.ts` — where a region's and a country's dashboard request (the web's:
 * previous period and 12-month trend) spend their statement time (issue 21). Reads only.
 *
 *   BENCH_DATABASE_URL=postgres://… [BENCH_RUNS=3] tsx bench/dashboard-profile.ts
 *     each request through the service, each statement timed and named by the tables it reads, summed
 *     per name over all requests (statements of a large request run at once: their times overlap and
 *     include waiting for a core; the load average is printed).
 *   BENCH_DATABASE_URL=… BENCH_EXPLAIN='{"period":"2019Q2"}' [BENCH_LEVEL=country] tsx bench/dashboard-profile.ts
 *     one request's statements captured, then each run alone under EXPLAIN (ANALYZE, BUFFERS): its own
 *     execution time and shared buffers (what does not depend on the load), largest first.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { openPostgresDb } from '../server/db/postgres-db';
import { getIndicatorValues } from '../server/features/indicators/indicators.service';
import { systemClock } from '../server/lib/clock';
import { regionManager } from './bench-kit';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required');
const RUNS = Number(process.env.BENCH_RUNS ?? '3');
const EXPLAIN = process.env.BENCH_EXPLAIN;
const say = (s: string) => process.stdout.write(`${s}\n`);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
/** A statement's name: the tables it reads. */
const tablesOf = (sql: string) =>
  [...new Set([...sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]!))]
    .filter((t) => t.length > 2 && !['unnest', 'lateral'].includes(t))
    .sort()
    .join(' ') || sql.replace(/\s+/g, ' ').slice(0, 60);

const db = await openPostgresDb(url);
const seen: Array<{ sql: string; params: unknown[]; ms: number }> = [];
/** The database with each statement recorded (text, parameters, time). */
const timed = new Proxy(db, {
  get: (target, key) => {
    if (key === 'query')
      return async (sql: string, params?: unknown[], opts?: Parameters<Db['query']>[2]) => {
        const t0 = performance.now();
        try {
          return await target.query(sql, params, opts);
        } finally {
          seen.push({ sql, params: params ?? [], ms: performance.now() - t0 });
        }
      };
    const v = Reflect.get(target, key) as unknown;
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
  },
});
try {
  const [admin] = await db.query<{ id: string }>("select id from users where username = 'admin'");
  const [region] = await db.query<{ id: string; name: string; path: string }>(
    "select id, name, path from org_units where kind = 'region' limit 1",
  );
  // Countries with the most facilities first.
  const countries = await db.query<{ id: string }>(
    `select o.id from org_units o where kind = 'country'
      order by (select count(*) from org_units f where f.path like o.path || '%') desc`,
  );
  const principal = regionManager(admin!.id, 'admin', region!);
  const deps = { config: loadConfig({ LOG_LEVEL: 'silent' }), db: timed, clock: systemClock };
  const ask = (orgUnit: string, p: Record<string, string>) =>
    getIndicatorValues(deps, principal, { orgUnit, ...p, compare: 'previous', include: 'trends' });
  if (EXPLAIN) {
    const p = JSON.parse(EXPLAIN) as Record<string, string>;
    const level = process.env.BENCH_LEVEL ?? 'region';
    await ask(level === 'region' ? region!.id : countries[0]!.id, p);
    say(`${level} ${EXPLAIN}: ${seen.length} statements, load ${load()}`);
    type Plan = { 'Execution Time': number; Plan: Record<string, number> };
    const rows = [];
    for (const s of seen.splice(0)) {
      if (!/^\s*(with|select)/i.test(s.sql)) continue;
      const [r] = await db.query<{ 'QUERY PLAN': Plan[] }>(
        `explain (analyze, buffers, format json) ${s.sql}`,
        s.params,
      );
      const plan = r!['QUERY PLAN'][0]!;
      rows.push({
        ms: plan['Execution Time'],
        hit: plan.Plan['Shared Hit Blocks']!,
        read: plan.Plan['Shared Read Blocks']!,
        name: tablesOf(s.sql),
      });
    }
    for (const r of rows.sort((x, y) => y.ms - x.ms))
      say(
        `  ${r.ms.toFixed(1).padStart(7)} ms  buffers hit ${String(r.hit).padStart(6)} read ${String(r.read).padStart(5)}  ${r.name.slice(0, 120)}`,
      );
    say(`load at the end ${load()}`);
  } else {
    const periods: Array<Record<string, string>> = [
      { period: '2019Q2' },
      { from: '2023-04-04', to: '2023-12-13' },
      { from: '2018-06-01', to: '2018-12-10' },
      { period: '2020' },
      { period: '2023Q1' },
      { period: '201907' },
    ];
    for (const [label, units] of [
      ['region', [region!.id]],
      ['country', countries.map((c) => c.id)],
    ] as const) {
      say(`${label}, load ${load()}`);
      seen.length = 0;
      let requests = 0;
      for (let r = 0; r < RUNS; r++)
        for (const [k, p] of periods.entries()) {
          const t0 = performance.now();
          await ask(units[(k + r * 7) % units.length]!, p);
          if (r === RUNS - 1)
            say(`  ${JSON.stringify(p).padEnd(42)} ${(performance.now() - t0).toFixed(1)} ms wall`);
          requests++;
        }
      const stats = new Map<string, { n: number; ms: number; max: number }>();
      for (const s of seen) {
        const t = stats.get(tablesOf(s.sql)) ?? { n: 0, ms: 0, max: 0 };
        stats.set(tablesOf(s.sql), { n: t.n + 1, ms: t.ms + s.ms, max: Math.max(t.max, s.ms) });
      }
      for (const [key, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms))
        say(
          `  ${(s.ms / requests).toFixed(1).padStart(7)} ms/req ${(s.n / requests).toFixed(1).padStart(5)} st/req max ${s.max.toFixed(1).padStart(6)}  ${key.slice(0, 120)}`,
        );
    }
    say(`load at the end ${load()}`);
  }
} finally {
  await db.close();
}
