import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKeyOf } from '../../../shared/indicators/cell-key';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { evaluateFilter } from '../../../shared/indicators/filter';
import {
  addDays,
  dayNumber,
  fromDayNumber,
  monthPeriod,
  quarterPeriod,
  yearPeriod,
  addMonths,
  monthEnd,
  monthsBetween,
} from '../../../shared/indicators/period';
import { DIMENSION_IDS, type DimensionId } from '../../../shared/indicators/sources';
import { needsSpecialCare } from '../../../shared/kmc/kmc-rule';
import { KMC_FOLLOW_UP_CONTACTS } from '../../../shared/pnc/pnc-settings';
import { isImmediateKmc, KMC_MIN_HOURS_PER_DAY } from '../../../shared/kmc/kmc-ward';
import { createRng } from '../../lib/rng';
import { generateProgramme } from '../../seed/programme';
import { createTestApp, type TestApp } from '../../test/test-app';
import {
  coachingRows,
  loadReferenceWorkers,
  moveWorkers,
  type ReferenceWorker,
} from '../coaching/coaching-reference-test-helpers';
import {
  type Cell,
  countCells,
  countCellsBy,
  countCellsRaw,
  type EngineUnit,
  keySumOf,
  LARGE_REQUEST_CELLS,
} from './indicator-engine';

/**
 * The engine (rollup months + raw edge days, disaggregation rollup, triggers) against two independent
 * references on generated data after edits, deletions and an org-unit move: the definitions evaluated
 * in JavaScript on every record, and the straightforward SQL over the raw tables. The sums of record keys
 * (the cell-key method) kept next to the counts are checked against the keys of the same records.
 */
const { definitions, registry } = loadIndicators();
let t: TestApp;
type Fact = Record<string, unknown> & {
  path: string;
  birth_date: string;
  dims: Record<string, string>;
  rk: number;
};
let newborns: Fact[];
let deliveries: Fact[];
let kmcFacts: Fact[];
let facilities: Array<Record<string, unknown> & { path: string; facility_level: string }>;
let units: Array<EngineUnit & { level: number }>;

async function loadFacts() {
  const eth = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');
  const nb = await t.db.query<Record<string, unknown>>(
    `select n.*, cell_record_key(n.id) as rk, b.mode, b.mother_ethnic_minority, o.path, coalesce(o.facility_level, 'unknown') as facility_level_dim,
            (n.breathing_at_birth is false or n.bag_mask_started_seconds is not null) as resuscitated
       from newborns n join births b on b.id = n.birth_id join org_units o on o.id = n.facility_id`,
  );
  newborns = nb.map((r) => ({
    ...r,
    rk: Number(r.rk),
    path: r.path as string,
    birth_date: r.birth_date as string,
    dims: {
      sex: r.sex as string,
      weight_band: r.weight_band as string,
      mode: r.mode as string,
      ethnic_minority: eth(r.mother_ethnic_minority as boolean | null),
      facility_level: r.facility_level_dim as string,
    },
  }));
  const dl = await t.db.query<Record<string, unknown>>(
    `select b.*, cell_record_key(b.id) as rk, o.path, coalesce(o.facility_level, 'unknown') as facility_level_dim,
            s.introduced_on as facility_introduced_on, s.team_formed_on as facility_team_formed_on,
            s.assessed_on as facility_assessed_on, s.meets_standards_on as facility_meets_standards_on,
            s.implementing_on as facility_implementing_on
       from births b join org_units o on o.id = b.facility_id left join facility_eenc_status s on s.facility_id = b.facility_id`,
  );
  deliveries = dl.map((r) => ({
    ...r,
    rk: Number(r.rk),
    path: r.path as string,
    birth_date: r.birth_date as string,
    dims: {
      mode: r.mode as string,
      ethnic_minority: eth(r.mother_ethnic_minority as boolean | null),
      facility_level: r.facility_level_dim as string,
    },
  }));
  // KMC (a live source): each live-born baby with its episode and days logged, the fields computed by
  // the rules of shared/kmc in JavaScript.
  const kb = await t.db.query<Record<string, unknown>>(
    `select n.id, n.birth_date, n.kmc_eligible, n.birth_weight_grams, b.gestational_age_weeks, b.born_at, o.path,
            cell_record_key(n.id) as rk, e.id as episode_id, e.started_at, e.incubator_first, e.discharged_on,
            e.closed_rule, e.closed_eligible, e.outcome,
            (select array_agg(d.ssc_hours) from kmc_daily_logs d where d.episode_id = e.id and d.ssc_hours is not null) as hours,
            e.graduated_on,
            (select count(*)::int from pnc_contacts pc where pc.subject_id = n.id and pc.contact_code = any($1)) as kmc_contacts
       from newborns n join births b on b.id = n.birth_id join org_units o on o.id = n.facility_id
       left join kmc_episodes e on e.newborn_id = n.id where n.outcome = 'live_birth'`,
    [KMC_FOLLOW_UP_CONTACTS.map((c) => c.code)],
  );
  kmcFacts = kb.map((r) => {
    const hours = (r.hours as number[] | null) ?? [];
    const started = r.started_at !== null;
    const closed = r.discharged_on !== null;
    return {
      kmc: true,
      rk: Number(r.rk),
      path: r.path as string,
      birth_date: r.birth_date as string,
      dims: {},
      eligible: closed && r.closed_rule !== null ? r.closed_eligible : r.kmc_eligible,
      special_care: needsSpecialCare(
        { outcome: 'live_birth', birthWeightGrams: r.birth_weight_grams as number | null },
        r.gestational_age_weeks as number | null,
      ),
      started,
      immediate:
        started &&
        isImmediateKmc(r.born_at as Date, r.started_at as Date, r.incubator_first as boolean | null),
      logged: r.episode_id === null ? null : hours.length > 0,
      mean_hours_met: hours.length
        ? hours.reduce((a, b) => a + b, 0) / hours.length >= KMC_MIN_HOURS_PER_DAY
        : null,
      closed,
      discharged_in_kmc: r.outcome === null ? null : r.outcome === 'discharged_in_kmc',
      died: r.outcome === null ? null : r.outcome === 'died',
      // The programme generator follows babies discharged in KMC to graduation (issue 16).
      graduated: r.graduated_on !== null,
      followed_up:
        r.outcome === null ? null : r.outcome === 'discharged_in_kmc' && (r.kmc_contacts as number) > 0,
    };
  });
  facilities = await t.db.query(
    `select o.path, o.kind, coalesce(o.facility_level, 'unknown') as facility_level, o.provides_births, o.active,
            s.introduced_on as facility_introduced_on, s.team_formed_on as facility_team_formed_on,
            s.assessed_on as facility_assessed_on, s.meets_standards_on as facility_meets_standards_on,
            s.implementing_on as facility_implementing_on
       from org_units o left join facility_eenc_status s on s.facility_id = o.id where o.kind in ('facility', 'commune')`,
  );
  units = await t.db.query(
    "select id, path, kind, level from org_units where kind <> 'commune' order by path",
  );
  workers = await loadReferenceWorkers(t.db);
  checklists = await t.db.query<Checklist>(
    `select k.id, k.course_id, k.worker_id, o.path, k.observed_on::text, k.created_at::text, k.moment,
            k.checklist_id, k.checklist_version, k.percent::float8 as percent, k.domains
       from coaching_checklists k join coaching_courses c on c.id = k.course_id join org_units o on o.id = c.venue_id`,
  );
  buildChecklistFacts();
  kmcFacilities = await t.db.query<KmcFacility>(
    `select o.path,
            (select r.offered_since::text from kmc_facility_readiness r
              where r.facility_id = o.id and r.offers_kmc) as "declaredSince",
            array(select (e.started_at at time zone 'UTC')::date::text from kmc_episodes e
                   where e.facility_id = o.id and e.started_at is not null) as starts,
            (select json_agg(json_build_object('activeFrom', p.active_from, 'endedOn', p.ended_on,
                     'ends', array(select c.ends_on::text from coaching_participants cp
                                     join coaching_courses c on c.id = cp.course_id
                                    where cp.worker_id = p.worker_id and cp.completed and c.module = 'kmc')))
               from health_worker_postings p where p.facility_id = o.id) as trained
       from org_units o where o.kind = 'facility'`,
  );
}

/** The facts of the source kmc_facility for a cell, as docs/kmc.md states them. */
function kmcFacilityRows(cell: Cell) {
  return kmcFacilities
    .filter((f) => f.path.startsWith(cell.unit.path))
    .map((f) => ({
      declares_kmc: f.declaredSince !== null && f.declaredSince <= cell.to,
      offers_kmc:
        (f.declaredSince !== null && f.declaredSince <= cell.to) ||
        f.starts.some((d) => d >= cell.from && d <= cell.to),
      trained_staff: (f.trained ?? []).some(
        (p) =>
          p.activeFrom <= cell.to &&
          (p.endedOn === null || p.endedOn > cell.to) &&
          p.ends.some((d) => d <= cell.to),
      ),
    }));
}

/** Facilities with their KMC starts (UTC dates) and KMC-trained postings, for the source `kmc_facility`. */
type KmcFacility = {
  path: string;
  /** The facility's own "offers KMC" declaration: since when, or null. */
  declaredSince: string | null;
  starts: string[];
  trained: Array<{ activeFrom: string; endedOn: string | null; ends: string[] }> | null;
};
let kmcFacilities: KmcFacility[] = [];

let workers: ReferenceWorker[] = [];

type Checklist = {
  id: string;
  course_id: string;
  worker_id: string;
  path: string;
  observed_on: string;
  created_at: string;
  moment: string;
  checklist_id: string;
  checklist_version: number;
  percent: number | null;
  domains: Record<string, { total: number; max: number }>;
};
let checklists: Checklist[] = [];

/**
 * The rows of the source coaching_checklist, as shared/coaching/checklist-indicators.ts states them: a
 * row per checklist, two per applicable item (its points), and the points of each participant's last
 * before and last after checklist of a course, dated by that after one (no country copies here). Each
 * with its venue's path, its date and the measures it counts in (built once; cells only filter).
 */
let checklistFacts: Array<{ path: string; on: string; measures: string[]; weight: number }> = [];
function buildChecklistFacts() {
  const measures = registry.measures.filter((m) => m.source === 'coaching_checklist');
  const fact = (k: Checklist, on: string, row: Record<string, unknown>, weight = 1) => ({
    path: k.path,
    on,
    measures: measures.filter((m) => evaluateFilter(m.where, row)).map((m) => m.id),
    weight,
  });
  const points = (k: Checklist, kind: string, on: string) =>
    Object.entries(k.domains).flatMap(([domain, s]) =>
      Array.from({ length: s.max }, (_, n) =>
        fact(k, on, { kind, checklist: k.checklist_id, domain, moment: k.moment, earned: n < s.total }),
      ),
    );
  const order = (k: Checklist) => `${k.observed_on}|${k.created_at}|${k.id}`;
  const last = new Map<string, Checklist>();
  const lastOn = new Map<string, Checklist>(); // per checklist version too (the mean change's pairs)
  for (const k of checklists) {
    const key = `${k.course_id}|${k.worker_id}|${k.moment}`;
    if (!last.has(key) || order(last.get(key)!) < order(k)) last.set(key, k);
    const onVersion = `${key}|${k.checklist_id}|${k.checklist_version}`;
    if (!lastOn.has(onVersion) || order(lastOn.get(onVersion)!) < order(k)) lastOn.set(onVersion, k);
  }
  checklistFacts = checklists.flatMap((k) => {
    const own = [
      fact(k, k.observed_on, {
        kind: 'checklist',
        checklist: k.checklist_id,
        moment: k.moment,
        passing: (k.percent ?? -1) >= 80,
      }),
      ...points(k, 'point', k.observed_on),
    ];
    const before = last.get(`${k.course_id}|${k.worker_id}|before`);
    const pair =
      k.moment === 'after' && last.get(`${k.course_id}|${k.worker_id}|after`) === k && before
        ? [...points(before, 'pair_point', k.observed_on), ...points(k, 'pair_point', k.observed_on)]
        : [];
    const version = `${k.checklist_id}|${k.checklist_version}`;
    const beforeOn = lastOn.get(`${k.course_id}|${k.worker_id}|before|${version}`);
    const change =
      k.moment === 'after' &&
      lastOn.get(`${k.course_id}|${k.worker_id}|after|${version}`) === k &&
      k.percent !== null &&
      beforeOn?.percent != null
        ? [
            fact(k, k.observed_on, { kind: 'change_pair', checklist: k.checklist_id, moment: 'after' }, 1000),
            fact(
              k,
              k.observed_on,
              { kind: 'change', checklist: k.checklist_id, moment: 'after' },
              Math.round((k.percent - beforeOn.percent) * 10),
            ),
          ]
        : [];
    return [...own, ...pair, ...change];
  });
}

const matched = new WeakMap<Fact, Set<string>>();
/** The measures a record counts in (evaluated once per record). */
function matches(r: Fact): Set<string> {
  let set = matched.get(r);
  if (!set) {
    const source = 'kmc' in r ? 'kmc' : 'outcome' in r ? 'newborn' : 'delivery';
    set = new Set(
      registry.measures.filter((m) => m.source === source && evaluateFilter(m.where, r)).map((m) => m.id),
    );
    matched.set(r, set);
  }
  return set;
}

/** Reference: the definitions evaluated in JavaScript on every record (with the sums of their keys). */
function reference(cell: Cell, dim?: DimensionId): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const bump = (value: string, id: string, key?: number, weight = 1) => {
    out[value] ??= {};
    out[value][id] = (out[value][id] ?? 0) + weight;
    if (key !== undefined) out[value][keySumOf(id)] = (out[value][keySumOf(id)] ?? 0) + key;
  };
  if (!dim)
    for (const f of checklistFacts)
      if (f.path.startsWith(cell.unit.path) && f.on >= cell.from && f.on <= cell.to)
        for (const id of f.measures) bump('', id, undefined, f.weight);
  for (const m of registry.measures) {
    if (m.source === 'coaching') {
      if (!dim)
        for (const row of coachingRows(workers, cell)) if (evaluateFilter(m.where, row)) bump('', m.id);
      continue;
    }
    if (m.source === 'coaching_checklist') continue; // counted below, each row once
    if (m.source === 'kmc_facility') {
      if (!dim) for (const row of kmcFacilityRows(cell)) if (evaluateFilter(m.where, row)) bump('', m.id);
      continue;
    }
    if (m.source === 'facility') {
      for (const f of facilities)
        if (f.path.startsWith(cell.unit.path) && evaluateFilter(m.where, f, { periodEnd: cell.to }))
          bump(dim ? f.facility_level : '', m.id);
      continue;
    }
    const rows =
      m.source === 'newborn'
        ? newborns
        : m.source === 'delivery'
          ? deliveries
          : m.source === 'kmc'
            ? kmcFacts
            : [];
    for (const r of rows)
      if (
        r.path.startsWith(cell.unit.path) &&
        r.birth_date >= cell.from &&
        r.birth_date <= cell.to &&
        matches(r).has(m.id)
      )
        bump(dim ? (r.dims[dim] ?? 'n/a') : '', m.id, r.rk);
  }
  return out;
}

function randomCell(r: () => number): Cell {
  const unit = units[Math.floor(r() * units.length)]!;
  const y = 2022 + Math.floor(r() * 3);
  const k = r();
  let from: string;
  let to: string;
  if (k < 0.15) ({ from, to } = yearPeriod(y));
  else if (k < 0.3) ({ from, to } = quarterPeriod(y, 1 + Math.floor(r() * 4)));
  else if (k < 0.45) ({ from, to } = monthPeriod(y, 1 + Math.floor(r() * 12)));
  else {
    from = fromDayNumber(dayNumber('2022-01-01') + Math.floor(r() * 1000));
    to = addDays(from, Math.floor(r() * 300));
  }
  return { unit, from, to };
}

beforeAll(async () => {
  t = await createTestApp({ seed: 'none' });
  await generateProgramme(t.db, {
    countries: 3,
    facilities: 40,
    births: 5000,
    fromYear: 2022,
    toYear: 2024,
    healthWorkers: 100,
    seed: 3,
  });
  // Edits after the load, through the triggers: practices changed, a delivery's mode changed, births
  // moved to another facility and month, births deleted, a district moved to another province.
  await t.db.query(
    `update newborns set immediate_ssc = not coalesce(immediate_ssc, false) where id in (select id from newborns order by id limit 300)`,
  );
  await t.db.query(
    `update births set mode = 'caesarean' where id in (select id from births where mode <> 'caesarean' order by id limit 200)`,
  );
  await t.db.transaction(async (tx) => {
    const [f] = await tx.query<{ id: string }>(
      "select id from org_units where kind = 'facility' order by path desc limit 1",
    );
    const ids = (
      await tx.query<{ id: string }>('select id from births order by md5(id::text) limit 150')
    ).map((x) => x.id);
    await tx.query(
      `update births set facility_id = $1, birth_date = birth_date - 40 where id = any($2::uuid[])`,
      [f!.id, ids],
    );
    await tx.query(
      `update newborns set facility_id = $1, birth_date = birth_date - 40 where birth_id = any($2::uuid[])`,
      [f!.id, ids],
    );
  });
  await t.db.query(
    'delete from births where id in (select id from births order by md5(id::text || $1) limit 250)',
    ['x'],
  );
  await t.db.transaction(async (tx) => {
    const [d] = await tx.query<{ id: string; path: string }>(
      "select id, path from org_units where kind = 'district' order by path limit 1",
    );
    const [p] = await tx.query<{ id: string; path: string; level: number }>(
      "select id, path, level from org_units where kind = 'province' and not $1 like path || '%' order by path desc limit 1",
      [d!.path],
    );
    await tx.query(
      `update org_units set path = $2 || substr(path, length($1) + 1) where path like $1 || '%'`,
      [d!.path, `${p!.path}${d!.id}/`],
    );
    await tx.query('update org_units set parent_id = $2 where id = $1', [d!.id, p!.id]);
  });
  // Roster changes: workers deactivated, and workers moved to another facility, mid-period.
  await t.db.query(
    `update health_worker_postings set ended_on = '2023-09-01'
      where worker_id in (select id from health_workers order by id limit 5)`,
  );
  await t.db.transaction(async (tx) => {
    const moved = await tx.query<{ worker_id: string; facility_id: string; ward: string }>(
      `select worker_id, facility_id, ward from health_worker_postings where ended_on is null
        order by md5(worker_id::text) limit 6`,
    );
    const [to] = await tx.query<{ id: string }>(
      "select id from org_units where kind = 'facility' order by path desc limit 1",
    );
    await moveWorkers(tx, moved, to!.id, '2023-11-15');
  });
  // Second courses in the quarter of a worker's first (distinct workers per quarter and year), and,
  // for the moved workers, courses before and after the move in its quarter.
  await t.db.query(
    `with firsts as (
       select cp.worker_id, min(c.ends_on) as d from coaching_participants cp join coaching_courses c on c.id = cp.course_id
        where cp.completed group by 1 order by md5(cp.worker_id::text) limit 25),
     extra as (
       select f.worker_id, d.day from firsts f cross join lateral (values (f.d + 20)) d(day)
       union all
       select p.worker_id, d.day from health_worker_postings p cross join (values (date '2023-10-10'), (date '2023-11-20')) d(day)
        where p.active_from = '2023-11-15'),
     courses as (
       select gen_random_uuid() as id, e.worker_id, e.day, p.facility_id from extra e
         join health_worker_postings p on p.worker_id = e.worker_id and p.active_from <= e.day
                                      and (p.ended_on is null or p.ended_on > e.day)),
     added as (
       insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days)
       select id, facility_id, 'eenc_routine', day, day, 1 from courses returning id)
     insert into coaching_participants (course_id, worker_id, days_attended, completed)
     select c.id, c.worker_id, 1, true from courses c join added a on a.id = c.id`,
  );
  // More KMC episodes than the programme's: started (some in the first hour, some with an incubator
  // first), some not started, days logged, some closed; a few closed under another rule.
  await t.db.query(
    `insert into kmc_episodes (id, newborn_id, facility_id, started_at, incubator_first, place, provider,
                               not_started_reason, discharged_on, outcome, closed_rule, closed_eligible, created_at, updated_at)
     select gen_random_uuid(), n.id, n.facility_id,
            case when k % 5 = 0 then null else b.born_at + (k % 4) * interval '40 minutes' end,
            case when k % 5 = 0 then null else k % 3 = 0 end,
            case when k % 5 = 0 then null else 'kmc_ward' end, case when k % 5 = 0 then null else 'mother' end,
            case when k % 5 = 0 then 'declined' end,
            case when k % 2 = 0 then n.birth_date + 7 end,
            case when k % 2 = 0 then (array['discharged_in_kmc', 'died', 'referred'])[1 + k % 3] end,
            case when k % 2 = 0 then '{"preset":"who2022"}'::jsonb end,
            case when k % 2 = 0 then k % 4 = 0 end, now(), now()
       from (select n.*, row_number() over (order by n.id) as k from newborns n
              where n.outcome = 'live_birth' and (n.kmc_eligible or n.id::text like '0%')
                and not exists (select 1 from kmc_episodes e where e.newborn_id = n.id) order by n.id limit 400) n
       join births b on b.id = n.birth_id`,
  );
  await t.db.query(
    `insert into kmc_daily_logs (episode_id, log_date, ssc_hours, created_at, updated_at)
     select e.id, n.birth_date + d, (abs(hashtext(e.id::text)) + d * 5) % 20, now(), now()
       from kmc_episodes e join newborns n on n.id = e.newborn_id cross join generate_series(0, 2) d
      where e.started_at is not null and abs(hashtext(e.id::text)) % 3 <> 0
        and not exists (select 1 from kmc_daily_logs l where l.episode_id = e.id)`,
  );
  await t.db.query(
    "update org_units set eenc_introduced_on = '2023-06-15' where id in (select id from org_units where kind = 'facility' order by path limit 3)",
  );
  // Facilities' own "offers KMC" declarations (issue 16): two offering since different days, one not.
  await t.db.query(
    `insert into kmc_facility_readiness (facility_id, offers_kmc, offered_since, places, created_at, updated_at)
     select f.id, f.k < 3, case f.k when 1 then date '2023-03-10' when 2 then date '2024-08-01' end,
            case when f.k < 3 then array['kmc_ward'] else '{}' end, now(), now()
       from (select id, row_number() over (order by path desc) as k from org_units where kind = 'facility') f
      where f.k <= 3`,
  );
  await loadFacts();
}, 240_000);
afterAll(() => t?.close());

describe('engine = definitions evaluated on every record = straightforward SQL', () => {
  it('agrees for 150 random (org unit, period) pairs, including periods not aligned to months', async () => {
    const r = createRng(11);
    const cells = Array.from({ length: 150 }, () => randomCell(r));
    const engine = await countCells(t.db, cells, registry.measures, new Date(), { withKeys: true });
    const raw = await countCellsRaw(
      t.db,
      cells,
      registry.measures.filter((m) => m.source === 'newborn' || m.source === 'delivery'),
    );
    cells.forEach((cell, i) => {
      const ref = reference(cell)[''] ?? {};
      // Postnatal care is checked against its own reference (server/features/pnc/pnc-indicators.int.test.ts).
      for (const m of registry.measures.filter((x) => !x.source.startsWith('pnc_'))) {
        const label = `${cell.unit.kind} ${cell.from}..${cell.to} ${m.id}`;
        expect(engine[i]![m.id] ?? 0, label).toBe(ref[m.id] ?? 0);
        if (m.source === 'newborn' || m.source === 'delivery') {
          expect(raw[i]![m.id] ?? 0, label).toBe(ref[m.id] ?? 0);
          expect(cellKeyOf(engine[i]![keySumOf(m.id)] ?? 0), `${label} keys`).toBe(
            cellKeyOf(ref[keySumOf(m.id)] ?? 0),
          );
        }
      }
    });
    expect(cells.some((c) => c.from.slice(8) !== '01')).toBe(true);
    // The generated rosters are counted (not all zero on both sides).
    expect(cells.some((_, i) => (engine[i]!.delivery_staff_coached_num ?? 0) > 0)).toBe(true);
    expect(cells.some((_, i) => (engine[i]!.health_workers_coached_num ?? 0) > 0)).toBe(true);
    // The JavaScript reference walks every record for every cell and measure: tens of seconds on a busy
    // machine, more than the default minute when other test files run beside it.
  }, 180_000);

  it('counts health workers coached once per quarter and year (fewer than the sum of their months)', async () => {
    const countries = units.filter((u) => u.kind === 'country');
    const quarters = [2022, 2023, 2024].flatMap((y) => [1, 2, 3, 4].map((q) => quarterPeriod(y, q)));
    const cells: Cell[] = countries.flatMap((unit) => [
      ...quarters.map((q) => ({ unit, from: q.from, to: q.to })),
      ...[2022, 2023, 2024].map((y) => ({ unit, from: yearPeriod(y).from, to: yearPeriod(y).to })),
    ]);
    const measures = registry.measures.filter((m) => m.source === 'coaching');
    const engine = await countCells(t.db, cells, measures);
    const raw = await countCellsRaw(t.db, cells, measures);
    const id = registry.byRef({ indicator: 'health_workers_coached', part: 'numerator' });
    let fewer = 0;
    for (const [i, cell] of cells.entries()) {
      const ref = reference(cell)[''] ?? {};
      for (const m of measures) {
        expect(engine[i]![m.id] ?? 0, `${cell.from}..${cell.to} ${m.id}`).toBe(ref[m.id] ?? 0);
        expect(raw[i]![m.id] ?? 0, `${cell.from}..${cell.to} ${m.id} raw`).toBe(ref[m.id] ?? 0);
      }
      const months = await countCells(
        t.db,
        Array.from({ length: monthsBetween(cell.from, cell.to) }, (_, k) => {
          const from = addMonths(cell.from, k);
          return { unit: cell.unit, from, to: monthEnd(from) };
        }),
        measures,
      );
      if (months.reduce((a, c) => a + (c[id] ?? 0), 0) > (engine[i]![id] ?? 0)) fewer++;
    }
    expect(fewer).toBeGreaterThan(0);
  }, 120_000);

  it('counts the same whether a request runs as one statement or as parts at once', async () => {
    const r = createRng(5);
    const cells = Array.from({ length: LARGE_REQUEST_CELLS + 4 }, () => randomCell(r));
    // A large request runs its parts at once where the database has a pool (PostgreSQL); a one-cell
    // request is one statement on both engines.
    const together = await countCells(t.db, cells, registry.measures);
    for (const [i, cell] of cells.entries()) {
      const [alone] = await countCells(t.db, [cell], registry.measures);
      expect(alone, `${cell.unit.kind} ${cell.from}..${cell.to}`).toEqual(together[i]);
    }
    expect(together.some((c) => Object.values(c).some((n) => n > 0))).toBe(true);
  });

  it.each(DIMENSION_IDS)('agrees when split by %s', async (dim) => {
    const r = createRng(dim.length * 31);
    const cells = Array.from({ length: 40 }, () => randomCell(r));
    const ms = registry.measures.filter((m) =>
      definitions.some(
        (d) =>
          d.disaggregations.includes(dim) &&
          [registry.parts[d.id]!.numerator, registry.parts[d.id]!.denominator].includes(m.id),
      ),
    );
    const engine = await countCellsBy(t.db, cells, ms, dim, { withKeys: true });
    cells.forEach((cell, i) => {
      const ref = reference(cell, dim);
      const values = new Set([...Object.keys(ref), ...Object.keys(engine[i]!)]);
      for (const v of values)
        for (const m of ms) {
          const label = `${cell.unit.kind} ${cell.from}..${cell.to} ${dim}=${v} ${m.id}`;
          expect(engine[i]![v]?.[m.id] ?? 0, label).toBe(ref[v]?.[m.id] ?? 0);
          if (m.source !== 'facility')
            expect(cellKeyOf(engine[i]![v]?.[keySumOf(m.id)] ?? 0), `${label} keys`).toBe(
              cellKeyOf(ref[v]?.[keySumOf(m.id)] ?? 0),
            );
        }
    });
  });

  it('keeps the relation total births = live births + stillbirths (one the attacker test uses)', async () => {
    const [row] = await countCells(
      t.db,
      [{ unit: units[0]!, from: '2022-01-01', to: '2024-12-31' }],
      registry.measures,
    );
    const rel = {
      total: registry.byRef({ indicator: 'stillbirth_rate', part: 'denominator' }),
      live: registry.parts.live_births!.numerator,
      still: registry.parts.stillbirth_rate!.numerator,
    };
    expect(row![rel.total]).toBe(row![rel.live]! + row![rel.still]!);
    expect(row![rel.still]).toBeGreaterThan(0);
  });
});
