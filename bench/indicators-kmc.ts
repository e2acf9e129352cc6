/**
 * The KMC indicators in `bench:indicators` (issue 16): the ten indicators of the sources `kmc` (rolled
 * up) and `kmc_facility` (live, from each facility's timeline) through the service of
 * GET /api/indicators/values, against a straightforward query over the raw tables in the same run, on
 * the same (unit, period) pairs as the core indicators; then every country × every quarter through the
 * engine against one raw GROUP BY. The raw query also checks the engine's counts. Targets: those of the
 * core indicators (province, district, facility p95 ≤ 20 ms; the heaviest view p95 ≤ 100 ms). Then
 * the readiness source both ways, from its records and from its facility timeline (`timelineAb`).
 */
import { loadavg } from 'node:os';
import type { Principal } from '../shared/auth/principal';
import { loadIndicators } from '../shared/indicators/definitions';
import type { Period } from '../shared/indicators/period';
import { KMC_INDICATORS } from '../shared/kmc/kmc-indicators';
import { RiskMarker } from '../shared/pnc/pnc-settings';
import { KMC_IMMEDIATE_MINUTES, KMC_MIN_HOURS_PER_DAY } from '../shared/kmc/kmc-ward';
import type { Db } from '../server/db/db';
import type { AppDeps } from '../server/deps';
import { type Cell, countCells, type EngineUnit } from '../server/features/indicators/indicator-engine';
import {
  findIndicatorSource,
  withoutTimeline,
} from '../server/features/indicators/indicator-source-registry';
import { compileFilter } from '../server/features/indicators/indicator-sources';
import { getIndicatorValues } from '../server/features/indicators/indicators.service';
import { findOrgUnitWithAncestors } from '../server/features/org-units/org-units.repo';

type Unit = EngineUnit & { name: string };
type Stats = { n: number; p50: number; p95: number; max: number };
type Kit = {
  deps: AppDeps;
  db: Db;
  principal: Principal;
  pairs: Record<string, Array<{ unit: Unit; period: Period }>>;
  countries: Unit[];
  quarters: Array<{ from: string; to: string }>;
  samples: number;
  heavyRuns: number;
  stats: (xs: number[]) => Stats;
  fmt: (s: Stats) => string;
  say: (s: string) => void;
};

const COUNTRY = `nullif(split_part(f.path, '/', 3), '')::uuid`;
/** One row per live-born baby with the KMC facts as docs/kmc.md states them, written out plainly. */
const BABIES = `(
  select f.path, n.birth_date,
         case when e.discharged_on is not null and e.closed_rule is not null then e.closed_eligible
              else n.kmc_eligible end as eligible,
         (n.birth_weight_grams < (st.eenc ->> 'kmcSpecialCareBelowGrams')::int
           or b.gestational_age_weeks < (st.eenc ->> 'kmcSpecialCareBelowWeeks')::int) as special_care,
         e.started_at is not null as started,
         e.started_at is not null and e.incubator_first = false
           and e.started_at <= b.born_at + interval '${KMC_IMMEDIATE_MINUTES} minutes' as immediate,
         (select count(*) from kmc_daily_logs d where d.episode_id = e.id and d.ssc_hours is not null) > 0 as logged,
         (select avg(d.ssc_hours) from kmc_daily_logs d where d.episode_id = e.id) >= ${KMC_MIN_HOURS_PER_DAY} as mean_hours_met,
         e.discharged_on is not null as closed,
         e.outcome = 'discharged_in_kmc' as discharged_in_kmc,
         e.outcome = 'died' as died,
         e.graduated_on is not null as graduated,
         e.outcome = 'discharged_in_kmc' and exists (
           select 1 from pnc_contacts pc join pnc_schedule_entries se
               on se.code = pc.contact_code and se.country_id = ${COUNTRY}
              and se.only_for_markers = array['${RiskMarker.kmcFollowUp}']
            where pc.subject_id = n.id) as followed_up
    from newborns n
    join births b on b.id = n.birth_id
    join org_units f on f.id = n.facility_id
    left join kmc_episodes e on e.newborn_id = n.id
    cross join lateral (select eenc_default_settings() || coalesce(
      (select cs.eenc from country_settings cs where cs.country_id = ${COUNTRY}), '{}'::jsonb) as eenc) st
   where n.outcome = 'live_birth') k`;

/** One row per facility and period (d1, d2) with its readiness, written out plainly. */
const FACILITIES = (d1: string, d2: string) => `(
  select f.path, r.declares_kmc or exists (select 1 from kmc_episodes e where e.facility_id = f.id
                                            and e.started_at >= ${d1} and e.started_at < ${d2} + 1) as offers_kmc,
         r.declares_kmc,
         exists (select 1 from health_worker_postings p
                   join coaching_participants cp on cp.worker_id = p.worker_id and cp.completed
                   join coaching_courses cc on cc.id = cp.course_id and cc.module = 'kmc' and cc.ends_on <= ${d2}
                  where p.facility_id = f.id and p.active_from <= ${d2}
                    and (p.ended_on is null or p.ended_on > ${d2})) as trained_staff
    from org_units f
    cross join lateral (select exists (select 1 from kmc_facility_readiness x where x.facility_id = f.id
                                        and x.offers_kmc and x.offered_since <= ${d2}) as declares_kmc) r
   where f.kind = 'facility') kf`;

/** The measures of the KMC indicators, by source, with their filters over `k.` / `kf.` columns. */
function kmcMeasures() {
  const { registry } = loadIndicators();
  const ids = new Set(
    KMC_INDICATORS.flatMap((d) => [registry.parts[d.id]!.numerator, registry.parts[d.id]!.denominator]),
  );
  const measures = registry.measures.filter((m) => ids.has(m.id));
  const filter = (m: (typeof measures)[number]) => compileFilter(findIndicatorSource(m.source)!, m.where);
  return { registry, measures, filter };
}

export async function benchKmcIndicators(kit: Kit) {
  const { deps, db, principal, pairs, stats, fmt, say } = kit;
  const { registry, measures, filter } = kmcMeasures();
  const babies = measures.filter((m) => m.source === 'kmc');
  const facilities = measures.filter((m) => m.source === 'kmc_facility');
  const counts = (ms: typeof measures) =>
    ms.map((m) => `count(*) filter (where ${filter(m)})::int as "${m.id}"`).join(', ');
  const rawOne = async (unit: Unit, period: Period) => {
    const [a] = await db.query<Record<string, number>>(
      `select ${counts(babies)} from ${BABIES} where k.path like $1 || '%' and k.birth_date between $2 and $3`,
      [unit.path, period.from, period.to],
    );
    const [b] = await db.query<Record<string, number>>(
      `select ${counts(facilities)} from ${FACILITIES('$2::date', '$3::date')} where kf.path like $1 || '%'`,
      [unit.path, period.from, period.to],
    );
    return { ...a, ...b };
  };
  const ids = KMC_INDICATORS.map((d) => d.id).join(',');
  const engineOne = (unit: Unit, period: Period) =>
    getIndicatorValues(deps, principal, {
      orgUnit: unit.id,
      ...(period.kind === 'custom' ? { from: period.from, to: period.to } : { period: period.id }),
      indicators: ids,
    });
  const timed = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
    const t0 = performance.now();
    const r = await fn();
    return [performance.now() - t0, r];
  };
  say(
    `KMC indicators (${KMC_INDICATORS.length}, sources kmc, rolled up, and kmc_facility, facility timeline), engine against the raw query:`,
  );
  const result: Record<string, unknown> = {};
  let mismatches = 0;
  for (const level of ['country', 'province', 'district', 'facility']) {
    const sample = pairs[level]!.slice(0, kit.samples);
    const rawTimes: number[] = [];
    const raws: Array<Record<string, number>> = [];
    for (const { unit, period } of sample) {
      const [t, r] = await timed(() => rawOne(unit, period));
      rawTimes.push(t);
      raws.push(r);
    }
    const engineTimes: number[] = [];
    for (const [i, { unit, period }] of sample.entries()) {
      const [t, v] = await timed(() => engineOne(unit, period));
      engineTimes.push(t);
      for (const ind of v.indicators) {
        const parts = registry.parts[ind.id]!;
        if (ind.numerator !== raws[i]![parts.numerator] || ind.denominator !== raws[i]![parts.denominator!])
          mismatches++;
      }
    }
    const e = stats(engineTimes);
    const r = stats(rawTimes);
    const target = level === 'country' ? '' : `; target p95 ≤ 20 ms: ${e.p95 <= 20 ? 'PASS' : 'FAIL'}`;
    result[level] = { engine: e, raw: r, ratioP50: r.p50 / e.p50, ratioP95: r.p95 / e.p95 };
    say(
      `  ${level.padEnd(9)} engine ${fmt(e)}; raw ${fmt(r)}; raw/engine p50 ${(r.p50 / e.p50).toFixed(1)}×, p95 ${(r.p95 / e.p95).toFixed(1)}×${target}`,
    );
  }
  say(
    `  counts: engine and raw query ${mismatches === 0 ? 'agree on every pair' : `DIFFER on ${mismatches} values`}`,
  );
  result.mismatches = mismatches;
  // Heaviest view: every country × every quarter, the engine's cells against one raw GROUP BY.
  const cells: Cell[] = kit.countries.flatMap((c) =>
    kit.quarters.map((q) => ({ unit: c, from: q.from, to: q.to })),
  );
  const heavy: number[] = [];
  for (let i = 0; i < kit.heavyRuns; i++) heavy.push((await timed(() => countCells(db, cells, measures)))[0]);
  const rawHeavy: number[] = [];
  for (let i = 0; i < 3; i++)
    rawHeavy.push(
      (
        await timed(async () => {
          await db.query(
            `select split_part(k.path, '/', 3), date_trunc('quarter', k.birth_date), ${counts(babies)}
               from ${BABIES} where k.birth_date between $1 and $2 group by 1, 2`,
            [kit.quarters[0]!.from, kit.quarters.at(-1)!.to],
          );
          await db.query(
            `select split_part(kf.path, '/', 3), q.d1, ${counts(facilities)}
               from unnest($1::date[], $2::date[]) as q(d1, d2)
               cross join lateral (select * from ${FACILITIES('q.d1', 'q.d2')}) kf group by 1, 2`,
            [kit.quarters.map((q) => q.from), kit.quarters.map((q) => q.to)],
          );
        })
      )[0],
    );
  const h = stats(heavy);
  const rh = stats(rawHeavy);
  say(
    `  heaviest view (${cells.length} cells): engine ${fmt(h)}; raw GROUP BY ${fmt(rh)}; raw/engine p50 ${(rh.p50 / h.p50).toFixed(1)}×; target p95 ≤ 100 ms: ${h.p95 <= 100 ? 'PASS' : 'FAIL'}`,
  );
  result.heaviest = { engine: h, raw: rh };
  result.timelineAb = await timelineAb(kit, cells, facilities);
  result.facilityRequest = await facilityRequestParts(kit, measures, ids);
  return result;
}

/**
 * Where a facility's KMC request spends its time (the fixed cost the ratio to the raw query runs into):
 * one round trip, the unit and its ancestors (scope), the counts (one statement), the whole service call,
 * alternated on the same pairs.
 */
async function facilityRequestParts(
  kit: Kit,
  measures: ReturnType<typeof kmcMeasures>['measures'],
  ids: string,
) {
  const { db, deps, principal, pairs, stats, fmt, say } = kit;
  const parts: Record<string, number[]> = { roundTrip: [], unit: [], counts: [], service: [] };
  const time = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    parts[name]!.push(performance.now() - t0);
  };
  for (const { unit, period } of pairs.facility!.slice(0, kit.samples)) {
    await time('roundTrip', () => db.query('select 1'));
    await time('unit', () => findOrgUnitWithAncestors(db, unit.id));
    await time('counts', () => countCells(db, [{ unit, from: period.from, to: period.to }], measures));
    await time('service', () =>
      getIndicatorValues(deps, principal, {
        orgUnit: unit.id,
        ...(period.kind === 'custom' ? { from: period.from, to: period.to } : { period: period.id }),
        indicators: ids,
      }),
    );
  }
  say('  a facility request, by part:');
  const out: Record<string, Stats> = {};
  for (const [name, xs] of Object.entries(parts)) {
    out[name] = stats(xs);
    say(`    ${name.padEnd(9)} ${fmt(out[name])}`);
  }
  return out;
}

/**
 * A/B in the same run of the readiness source `kmc_facility` (its two indicators' measures, through
 * the engine): counted from its records (a LATERAL per cell and facility) and from each facility's
 * timeline (indicator-engine.ts), alternating, on the same pairs per level and the heaviest view;
 * the two must count the same.
 */
async function timelineAb(kit: Kit, cells: Cell[], measures: ReturnType<typeof kmcMeasures>['measures']) {
  const { db, pairs, stats, fmt, say } = kit;
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    const r = await fn();
    return [performance.now() - t0, r] as const;
  };
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  say(`  kmc_facility, records' LATERAL → facility timeline (load ${load()}):`);
  const out: Record<string, unknown> = {};
  let differ = 0;
  const ab = async (label: string, runs: Array<() => Promise<unknown>>) => {
    const a: number[] = [];
    const b: number[] = [];
    for (const run of runs) {
      const [ta, ra] = await withoutTimeline('kmc_facility', () => time(run));
      const [tb, rb] = await time(run);
      a.push(ta);
      b.push(tb);
      if (JSON.stringify(ra) !== JSON.stringify(rb)) differ++;
    }
    const sa = stats(a);
    const sb = stats(b);
    out[label] = { records: sa, timeline: sb };
    say(
      `    ${label.padEnd(9)} records ${fmt(sa)} → timeline ${fmt(sb)}; p95 ${(sa.p95 / sb.p95).toFixed(1)}× faster`,
    );
  };
  for (const level of ['country', 'province', 'district', 'facility'])
    await ab(
      level,
      pairs[level]!.slice(0, kit.samples).map(
        ({ unit, period }) =>
          () =>
            countCells(db, [{ unit, from: period.from, to: period.to }], measures),
      ),
    );
  await ab(
    'heaviest',
    Array.from({ length: kit.heavyRuns }, () => () => countCells(db, cells, measures)),
  );
  say(
    `    counts: ${differ === 0 ? 'the two ways agree on every request' : `DIFFER on ${differ} requests`} (load ${load()})`,
  );
  out.differ = differ;
  return out;
}
