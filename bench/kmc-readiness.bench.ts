/**
 * npx tsx bench/kmc-readiness.bench.ts (BENCH_DATABASE_URL: a kept programme data set with KMC, already
 * migrated; nothing is migrated, generated or written) [--runs 20]
 *
 * Where the KMC indicators' heaviest view and the dashboard requests above a province spend their time
 * (issues 16, 21), through the engine and the services the routes call:
 * - the heaviest view (every country × every quarter of 2015–2024, the ten KMC indicators): per source
 *   (`kmc`, rolled up; `kmc_facility`, the facility timeline) and both, with each statement's own time;
 * - the web's dashboard request of the region and of each country (previous period and 12-month trend)
 *   and the region's "units under it" comparison, for years, quarters, months and ranges that cut months:
 *   as the service answers it (what it defers left out) and with the two readiness indicators named
 *   (what counting them at a country and the region adds).
 * Run it on two versions of the code against the same database, in turn, to compare them (BENCHMARKS.md).
 */
import { loadIndicators } from '../shared/indicators/definitions';
import { periodsBetween } from '../shared/indicators/period';
import { KMC_INDICATORS } from '../shared/kmc/kmc-indicators';
import { loadConfig } from '../server/config';
import type { Queryable } from '../server/db/db';
import { openPostgresDb } from '../server/db/postgres-db';
import { type Cell, countCells, type EngineUnit } from '../server/features/indicators/indicator-engine';
import { getComparison } from '../server/features/indicators/indicators.compare';
import { getIndicatorValues } from '../server/features/indicators/indicators.service';
import { systemClock } from '../server/lib/clock';
import { fmt, machine, percentiles, regionReader } from './bench-kit';
import { option } from './cli-args';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5433/openeenc_bench';
const RUNS = Number(option('runs', '20'));
const say = (s: string) => process.stdout.write(`${s}\n`);

const db = await openPostgresDb(DB_URL);
say(`kmc-readiness bench on ${new URL(DB_URL).pathname.slice(1)}, ${machine()}`);
const { registry } = loadIndicators();
const kmcIds = new Set(
  KMC_INDICATORS.flatMap((d) => [registry.parts[d.id]!.numerator, registry.parts[d.id]!.denominator]),
);
const measures = registry.measures.filter((m) => kmcIds.has(m.id));

// Each statement's time, by the first words of its text (the parts of a request).
const statements = new Map<string, number[]>();
const timed: Queryable = {
  concurrent: db.concurrent,
  async query(sql, params, opts) {
    const t0 = performance.now();
    const rows = await db.query(sql, params, opts);
    const key = sql.replace(/\s+/g, ' ').slice(0, 100);
    statements.set(key, [...(statements.get(key) ?? []), performance.now() - t0]);
    return rows as never;
  },
};

const countries = await db.query<EngineUnit>(
  `select id, path, kind from org_units where kind = 'country' order by path`,
);
const quarters = periodsBetween('quarter', '2015-01-01', '2024-12-31');
const cells: Cell[] = countries.flatMap((unit) => quarters.map((q) => ({ unit, from: q.from, to: q.to })));
say(`heaviest view: ${cells.length} cells (${countries.length} countries × ${quarters.length} quarters)`);
for (const [label, ofSource] of [
  ['kmc (rolled up)', measures.filter((m) => m.source === 'kmc')],
  ['kmc_facility (timeline)', measures.filter((m) => m.source === 'kmc_facility')],
  ['both (the view)', measures],
] as const) {
  statements.clear();
  const total: number[] = [];
  await countCells(timed, cells, ofSource); // warm-up: the prepared plans
  statements.clear();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await countCells(timed, cells, ofSource);
    total.push(performance.now() - t0);
  }
  say(`  ${label.padEnd(24)} ${fmt(percentiles(total))}`);
  for (const [sql, xs] of statements) say(`    statement ${fmt(percentiles(xs))}: ${sql.slice(0, 70)}…`);
}

const [admin] = await db.query<{ id: string }>("select id from users where username = 'admin'");
const principal = await regionReader(db, admin!.id);
const region = principal.scopes[0]!;
const deps = { config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock: systemClock };
const readiness = KMC_INDICATORS.filter((d) => d.source === 'kmc_facility').map((d) => d.id);
// Years, quarters, months and ranges that cut months of the data set's years.
const periods = [2016, 2018, 2020, 2022, 2024].flatMap((y) => [
  { period: `${y}` },
  { period: `${y}Q2` },
  { period: `${y}07` },
  { from: `${y}-03-05`, to: `${y}-11-20` },
]);
say(`dashboard requests (${periods.length} periods: years, quarters, months, ranges), ${machine()}:`);
for (const [label, units] of [
  ['region', [region]],
  ['a country', countries],
] as const) {
  const served: number[] = [];
  const withReadiness: number[] = [];
  const readinessAlone: number[] = [];
  let deferred = new Set<string>();
  for (let r = 0; r < Math.max(1, Math.round(RUNS / 10)); r++)
    for (const [k, p] of periods.entries()) {
      const unit = units[(k + r) % units.length]!;
      const query = { orgUnit: unit.id, ...p, compare: 'previous' as const, include: 'trends' };
      let t0 = performance.now();
      const res = await getIndicatorValues(deps, principal, query);
      served.push(performance.now() - t0);
      deferred = new Set([...deferred, ...res.deferred]);
      const ids = [...new Set([...res.indicators.map((v) => v.id), ...readiness])].join(',');
      t0 = performance.now();
      await getIndicatorValues(deps, principal, { ...query, indicators: ids });
      withReadiness.push(performance.now() - t0);
      t0 = performance.now();
      await getIndicatorValues(deps, principal, { ...query, indicators: readiness.join(',') });
      readinessAlone.push(performance.now() - t0);
    }
  say(`  dashboard, ${label}: as served ${fmt(percentiles(served))}`);
  say(`    with the readiness indicators named ${fmt(percentiles(withReadiness))}`);
  say(`    the readiness indicators alone ${fmt(percentiles(readinessAlone))}`);
  say(`    deferred (any period): ${[...deferred].sort().join(', ') || 'none'}`);
}
const compared: number[] = [];
const comparedWith: number[] = [];
for (let r = 0; r < Math.max(1, Math.round(RUNS / 10)); r++)
  for (const p of periods) {
    let t0 = performance.now();
    const res = await getComparison(deps, principal, { parent: region.id, ...p });
    compared.push(performance.now() - t0);
    const ids = [...new Set([...(res.units[0]?.indicators ?? []).map((v) => v.id), ...readiness])].join(',');
    t0 = performance.now();
    await getComparison(deps, principal, { parent: region.id, ...p, indicators: ids });
    comparedWith.push(performance.now() - t0);
  }
say(`  units under the region: as served ${fmt(percentiles(compared))}`);
say(`    with the readiness indicators named ${fmt(percentiles(comparedWith))}`);
say(machine());
await db.close();
