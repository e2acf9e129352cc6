/**
 * The coaching phase of `npm run bench:indicators` (issue 15): the coverage indicators (source `coaching`,
 * the roster's changes rolled up per facility and month) and the skills-checklist indicators (source
 * `coaching_checklist`, rolled up per venue and month) for one (org unit, period) at every level,
 * through the service of GET /api/indicators/values, against a straightforward query over the raw tables
 * in the same run, and the heaviest view (every country × every quarter) against the same raw query
 * grouped by country and quarter. Same targets as the birth indicators: heaviest view p95 ≤ 100 ms,
 * subtree ≤ 20 ms, ≥ 20× the raw query. The raw query's counts are checked against the engine's.
 */
import type { Principal } from '../shared/auth/principal';
import { CHANGE_SCALE, MEAN_CHANGE } from '../shared/coaching/checklist-indicators';
import { loadIndicators } from '../shared/indicators/definitions';
import type { Period } from '../shared/indicators/period';
import type { Config } from '../server/config';
import type { Db } from '../server/db/db';
import { type Cell, countCells, type EngineUnit } from '../server/features/indicators/indicator-engine';
import { getIndicatorValues } from '../server/features/indicators/indicators.service';
import { systemClock } from '../server/lib/clock';
import { fmt, percentiles, type Timing } from './bench-kit';

/**
 * The sources of Module 2 timed here: the roster's coverage and the skills checklists (per domain, at the
 * passing score, pairs, mean change). bench/checklist-rollup.bench.ts times the checklists' rollup
 * against the same facts counted live.
 */
export const COACHING_SOURCES: readonly string[] = ['coaching', 'coaching_checklist'];

type Unit = EngineUnit & { name: string };
const say = (s: string) => process.stdout.write(`${s}\n`);

/**
 * The raw query, written without the engine from the rules of docs/coaching.md: the states at each
 * period's end from the postings that cover that day (delivery-room staff, covered by a course in the
 * last N years, ever coached, facilitators), and the workers coached in it: each worker once in the
 * period, whatever its range, counted where they were posted on the day of their first course of it;
 * COUNT(*) FILTER per count, grouped by country and period.
 */
const RAW_SQL = `
with per(d1, d2) as (select * from unnest($2::date[], $3::date[])),
states as (
  select split_part(f.path, '/', 3) as country, per.d1,
         count(*) filter (where x.last is not null)::int as cumulative,
         count(*) filter (where p.ward = 'delivery_room')::int as delivery_staff,
         count(*) filter (where p.ward = 'delivery_room'
                            and x.last >= per.d2 - make_interval(years => coalesce(cs.coverage_years, 3)))::int as covered,
         count(*) filter (where w.facilitator_level is not null)::int as facilitators
    from per join health_worker_postings p on p.active_from <= per.d2 and (p.ended_on is null or p.ended_on > per.d2)
    join org_units f on f.id = p.facility_id and f.path like $1 || '%'
    join health_workers w on w.id = p.worker_id
    left join coaching_settings cs on cs.country_id = w.country_id
    cross join lateral (
      select max(cc.ends_on) as last from coaching_participants cp join coaching_courses cc on cc.id = cp.course_id
       where cp.worker_id = p.worker_id and cp.completed and cc.ends_on <= per.d2) x
   group by 1, 2),
firsts as (
  select per.d1, per.d2, (array_agg(f.path order by cc.ends_on, p.id))[1] as path, min(cc.ends_on) as first_on,
         bool_or(exists (select 1 from coaching_checklists ck
                          where ck.course_id = cp.course_id and ck.worker_id = cp.worker_id and ck.moment = 'after'
                            and ck.percent >= coalesce(cs.passing_percent, 80))) as to_standard
    from per join coaching_courses cc on cc.ends_on between per.d1 and per.d2
    join coaching_participants cp on cp.course_id = cc.id and cp.completed
    join health_worker_postings p on p.worker_id = cp.worker_id and p.active_from <= cc.ends_on
                                  and (p.ended_on is null or p.ended_on > cc.ends_on)
    join org_units f on f.id = p.facility_id
    join health_workers w on w.id = p.worker_id
    left join coaching_settings cs on cs.country_id = w.country_id
   where exists (select 1 from health_worker_postings p2 join org_units f2 on f2.id = p2.facility_id
                  where p2.worker_id = cp.worker_id and f2.path like $1 || '%')
   group by per.d1, per.d2, cp.worker_id),
events as (
  select split_part(path, '/', 3) as country, d1, count(*)::int as coached, count(*) filter (where to_standard)::int as to_standard
    from firsts where first_on between d1 and d2 and path like $1 || '%' group by 1, 2)
select coalesce(s.country, e.country) as country, coalesce(s.d1, e.d1)::text as d1,
       coalesce(e.coached, 0) as coached, coalesce(e.to_standard, 0) as to_standard,
       coalesce(s.cumulative, 0) as cumulative, coalesce(s.delivery_staff, 0) as delivery_staff,
       coalesce(s.covered, 0) as covered, coalesce(s.facilitators, 0) as facilitators
  from states s full join events e on e.country = s.country and e.d1 = s.d1`;

/**
 * The checklists' raw query, from docs/coaching.md without the engine: checklists of the period at their
 * course's venue (at the worker's country's passing score), and the mean change's pairs (per participant,
 * course and checklist version, the last before and last after, both with a percentage, dated by the
 * after one): their number and the changes summed in tenths of a point. Grouped by country and period.
 */
const RAW_CHECKLIST_SQL = `
with per(d1, d2) as (select * from unnest($2::date[], $3::date[])),
k as (
  select k.id, k.course_id, k.worker_id, k.checklist_id, k.checklist_version, k.moment, k.observed_on,
         k.created_at, k.percent, f.path, coalesce(cs.passing_percent, 80) as passing_at
    from coaching_checklists k join coaching_courses cc on cc.id = k.course_id
    join org_units f on f.id = cc.venue_id and f.path like $1 || '%'
    join health_workers w on w.id = k.worker_id
    left join coaching_settings cs on cs.country_id = w.country_id),
checks as (
  select split_part(k.path, '/', 3) as country, per.d1, count(*)::int as checklists,
         count(*) filter (where k.percent >= k.passing_at)::int as passing
    from per join k on k.observed_on between per.d1 and per.d2 group by 1, 2),
lasts as (
  select distinct on (course_id, worker_id, checklist_id, checklist_version, moment) *
    from k order by course_id, worker_id, checklist_id, checklist_version, moment,
                    observed_on desc, created_at desc, id desc),
pairs as (
  select split_part(a.path, '/', 3) as country, per.d1, count(*)::int as pairs,
         sum((a.percent - b.percent) * 10)::int as change
    from per join lasts a on a.moment = 'after' and a.observed_on between per.d1 and per.d2
    join lasts b on b.moment = 'before' and b.course_id = a.course_id and b.worker_id = a.worker_id
                and b.checklist_id = a.checklist_id and b.checklist_version = a.checklist_version
   where a.percent is not null and b.percent is not null
   group by 1, 2)
select coalesce(c.country, p.country) as country, coalesce(c.d1, p.d1)::text as d1,
       coalesce(c.checklists, 0) as checklists, coalesce(c.passing, 0) as passing,
       coalesce(p.pairs, 0) as pairs, coalesce(p.change, 0) as change
  from checks c full join pairs p on p.country = c.country and p.d1 = c.d1`;

type RawChecklistRow = { checklists: number; passing: number; pairs: number; change: number };

type RawRow = {
  coached: number;
  to_standard: number;
  delivery_staff: number;
  covered: number;
  cumulative: number;
};
/** Both raw queries, one after the other (the engine answers both sources in one request). */
async function rawQuery(db: Db, path: string, periods: ReadonlyArray<{ from: string; to: string }>) {
  const params = [path, periods.map((p) => p.from), periods.map((p) => p.to)];
  const coverage = await db.query<RawRow>(RAW_SQL, params);
  const checklists = await db.query<RawChecklistRow>(RAW_CHECKLIST_SQL, params);
  return { coverage, checklists };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

export async function benchCoaching(opts: {
  db: Db;
  config: Config;
  principal: Principal;
  levels: ReadonlyArray<[string, ReadonlyArray<{ unit: Unit; period: Period }>]>;
  countries: readonly Unit[];
  quarters: ReadonlyArray<{ from: string; to: string }>;
  rawSamples: number;
  heavyRuns: number;
}) {
  const { db, principal } = opts;
  const deps = { config: opts.config, db, clock: systemClock };
  const { definitions, registry } = loadIndicators();
  const ids = definitions.filter((d) => COACHING_SOURCES.includes(d.source)).map((d) => d.id);
  const measures = registry.measures.filter((m) => COACHING_SOURCES.includes(m.source));
  const [size] = await db.query<{ workers: number; participants: number; checklists: number }>(
    `select (select count(*) from health_workers)::int as workers,
            (select count(*) from coaching_participants)::int as participants,
            (select count(*) from coaching_checklists)::int as checklists`,
  );
  say(
    `coaching indicators (${ids.length}: ${ids.join(', ')}) over ${size!.workers.toLocaleString('en')} health workers, ${size!.participants.toLocaleString('en')} participations and ${size!.checklists.toLocaleString('en')} checklists:`,
  );
  const values = (unit: Unit, period: Period) =>
    getIndicatorValues(deps, principal, {
      orgUnit: unit.id,
      ...(period.kind === 'custom' ? { from: period.from, to: period.to } : { period: period.id }),
      indicators: ids.join(','),
    });
  const out: Record<string, unknown> = {};
  for (const [level, pairs] of opts.levels) {
    // Warm-up on the level's first pair, untimed (plans, caches).
    if (pairs[0]) await values(pairs[0].unit, pairs[0].period);
    const engine: number[] = [];
    for (const { unit, period } of pairs) engine.push((await timed(() => values(unit, period)))[0]);
    // The raw query on the first pairs, all of them after the engine's (see the birth baseline).
    const sample = pairs.slice(0, opts.rawSamples);
    const raw: number[] = [];
    let agree = true;
    for (const { unit, period } of sample) {
      const [t, { coverage: rows, checklists }] = await timed(() => rawQuery(db, unit.path, [period]));
      raw.push(t);
      if (raw.length <= 3) {
        const got = (await values(unit, period)).indicators;
        const num = (id: string) => got.find((v) => v.id === id)?.numerator ?? 0;
        const den = (id: string) => got.find((v) => v.id === id)?.denominator ?? 0;
        const sum = (k: keyof RawRow) => rows.reduce((a, r) => a + r[k], 0);
        const sumK = (k: keyof RawChecklistRow) => checklists.reduce((a, r) => a + r[k], 0);
        agree &&=
          sumK('checklists') === den('checklists_passing') &&
          sumK('passing') === num('checklists_passing') &&
          sumK('pairs') * CHANGE_SCALE.pair === den(MEAN_CHANGE) &&
          sumK('change') === num(MEAN_CHANGE) &&
          sum('coached') === num('health_workers_coached') &&
          sum('to_standard') === num('health_workers_coached_to_standard') &&
          sum('delivery_staff') === den('delivery_staff_coached') &&
          sum('covered') === num('delivery_staff_coached') &&
          sum('cumulative') === num('health_workers_coached_cumulative');
      }
    }
    const e = percentiles(engine);
    const r = percentiles(raw);
    out[level] = { engine: e, raw: r, ratioP50: r.p50 / e.p50, ratioP95: r.p95 / e.p95, agree };
    say(
      `  ${level.padEnd(9)} engine ${fmt(e)}; raw ${fmt(r)} → ${(r.p50 / e.p50).toFixed(1)}× at p50, ${(r.p95 / e.p95).toFixed(1)}× at p95${agree ? '' : '  (RAW AND ENGINE DISAGREE)'}`,
    );
  }
  const cells: Cell[] = opts.countries.flatMap((c) =>
    opts.quarters.map((q) => ({ unit: c, from: q.from, to: q.to })),
  );
  // A/B in the same run: the measures without their calendar grains' variants (each quarter the sum of
  // its month rows, as before distinct workers per quarter and year) against the measures as defined.
  const monthly = measures.map(({ grains: _, ...m }) => m);
  const heavy: number[] = [];
  const heavyMonthly: number[] = [];
  for (let i = 0; i < opts.heavyRuns; i++) {
    heavyMonthly.push((await timed(() => countCells(db, cells, monthly)))[0]);
    heavy.push((await timed(() => countCells(db, cells, measures)))[0]);
  }
  const rawHeavy: number[] = [];
  // One run: it takes minutes (every worker's courses, per quarter).
  for (let i = 0; i < Math.min(1, opts.heavyRuns); i++)
    rawHeavy.push((await timed(() => rawQuery(db, '/', opts.quarters)))[0]);
  const h: Timing = percentiles(heavy);
  const hm: Timing = percentiles(heavyMonthly);
  const rh: Timing = percentiles(rawHeavy);
  say(
    `  heaviest view (${cells.length} cells) engine ${fmt(h)} (months summed, before: ${fmt(hm)}); raw GROUP BY ${fmt(rh)} → ${(rh.p50 / h.p50).toFixed(1)}× at p50`,
  );
  out.heaviest = { engine: h, monthsSummed: hm, raw: rh };
  return out;
}
