/**
 * `tsx bench/coaching-range.bench.ts` — the dashboard request over custom ranges at every level (issue 15,
 * distinct health workers coached over any range): for the unit with the most health workers at each
 * level, `getIndicatorValues` with the web's dashboard query (previous period, children, 12-month trend)
 * over ranges that are no calendar month, quarter or year, `BENCH_RUNS` times each (default 8), first the
 * indicator list as the dashboard sends it (none named: what is slow above a province is left out), then
 * the coaching indicators named. Prints p50 / p95 in ms with the load average. Reads only; the database
 * is not migrated: run it on each version of the code to compare, alternately, against the same database.
 * Then, on this code alone, an A/B of the count that changed in the same run: "health workers coached"
 * over the ranges and their previous ranges (`countCells`) from the range facts (as defined) and from the
 * month rows and cut days (the measure without its grains: what the engine did before), alternately.
 *
 *   BENCH_DATABASE_URL=postgres://… [BENCH_RUNS=8] [BENCH_DUMP=values.json] [BENCH_ENGINE_ONLY=1] \
 *     tsx bench/coaching-range.bench.ts
 *
 * `BENCH_DUMP` writes the values of the coaching indicators of each (level, range), to compare versions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../server/config';
import { openPostgresDb } from '../server/db/postgres-db';
import { type Cell, countCells, type EngineUnit } from '../server/features/indicators/indicator-engine';
import {
  getIndicatorValues,
  indicatorLibrary as LIBRARY,
} from '../server/features/indicators/indicators.service';
import { systemClock } from '../server/lib/clock';
import { percentiles, regionManager } from './bench-kit';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required');
const runs = Number(process.env.BENCH_RUNS ?? 8);
const say = (s: string) => process.stdout.write(`${s}\n`);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Two whole months, days cutting months inside a year, and days across a year boundary. */
const RANGES = (y: number) => [
  { from: `${y}-05-01`, to: `${y}-06-30` },
  { from: `${y}-03-02`, to: `${y}-12-16` },
  { from: `${y - 1}-11-15`, to: `${y}-02-20` },
];

const db = await openPostgresDb(url);
try {
  const [admin] = await db.query<{ id: string }>("select id from users where username = 'admin'");
  const [region] = await db.query<{ id: string; name: string; path: string }>(
    "select id, name, path from org_units where kind = 'region' limit 1",
  );
  const [last] = await db.query<{ y: number }>(
    'select extract(year from max(ends_on))::int as y from coaching_courses',
  );
  const principal = regionManager(admin!.id, 'admin', region!);
  const deps = { config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock: systemClock };
  const units: EngineUnit[] = [];
  for (const kind of ['facility', 'district', 'province', 'country', 'region']) {
    const [u] = await db.query<EngineUnit>(
      `select u.id, u.path, u.kind from org_units u
        where u.kind = $1
        order by (select count(*) from health_worker_postings p join org_units f on f.id = p.facility_id
                   where f.path like u.path || '%') desc, u.id
        limit 1`,
      [kind],
    );
    units.push(u!);
  }
  const coaching = LIBRARY.definitions.filter((d) => d.source === 'coaching').map((d) => d.id);
  const ranges = RANGES(last!.y);
  say(`load at the start ${load()}; ranges ${ranges.map((r) => `${r.from}..${r.to}`).join(', ')}`);
  const dump: Record<string, string> = {};
  // BENCH_ENGINE_ONLY=1: the engine's A/B below alone.
  for (const [kind, indicators] of process.env.BENCH_ENGINE_ONLY
    ? []
    : ([
        ['dashboard', undefined],
        ['coaching', coaching.join(',')],
      ] as const)) {
    for (const u of units) {
      const ask = (r: { from: string; to: string }) =>
        getIndicatorValues(deps, principal, {
          orgUnit: u.id,
          ...r,
          compare: 'previous',
          include: 'children,trends',
          ...(indicators ? { indicators } : {}),
        });
      // Warm-up, untimed (plans, caches); its values are the ones dumped.
      for (const r of ranges) {
        const res = await ask(r);
        if (kind === 'coaching')
          for (const v of res.indicators)
            dump[`${u.kind} ${r.from}..${r.to} ${v.id}`] = JSON.stringify([v.numerator, v.denominator]);
      }
      const ms: number[] = [];
      for (let i = 0; i < runs; i++)
        for (const r of ranges) {
          const t0 = performance.now();
          await ask(r);
          ms.push(performance.now() - t0);
        }
      const p = percentiles(ms);
      say(
        `${kind.padEnd(9)} ${u.kind.padEnd(8)} p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms (${ms.length} requests), load ${load()}`,
      );
    }
  }
  const coached = LIBRARY.registry.measures.find(
    (m) => m.id === LIBRARY.registry.byRef({ indicator: 'health_workers_coached', part: 'numerator' }),
  );
  if (coached?.grains) {
    const { grains: _, ...monthly } = coached;
    for (const u of units) {
      const cells: Cell[] = ranges.flatMap((r) => {
        const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 + 1;
        const before = new Date(Date.parse(r.from) - days * 86_400_000).toISOString().slice(0, 10);
        const last = new Date(Date.parse(r.from) - 86_400_000).toISOString().slice(0, 10);
        return [
          { unit: u, from: r.from, to: r.to },
          { unit: u, from: before, to: last },
        ];
      });
      await countCells(db, cells, [coached]);
      await countCells(db, cells, [monthly]);
      const after: number[] = [];
      const months: number[] = [];
      for (let i = 0; i < runs; i++)
        for (const [list, ms] of (i % 2
          ? [
              [after, [coached]],
              [months, [monthly]],
            ]
          : [
              [months, [monthly]],
              [after, [coached]],
            ]) as Array<[number[], [typeof coached]]>) {
          const t0 = performance.now();
          await countCells(db, cells, ms);
          list.push(performance.now() - t0);
        }
      const a = percentiles(after);
      const m = percentiles(months);
      say(
        `coached  ${u.kind.padEnd(8)} ${cells.length} cells: range facts p50 ${a.p50.toFixed(1)} / p95 ${a.p95.toFixed(1)} ms; month rows and cut days p50 ${m.p50.toFixed(1)} / p95 ${m.p95.toFixed(1)} ms, load ${load()}`,
      );
    }
  }
  if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(dump, null, 1));
} finally {
  await db.close();
}
