import { toSearchText } from '../../shared/org-units/search-text';
import type { Db, Queryable } from '../db/db';
import { DEFAULT_EENC_SETTINGS } from '../../shared/births/eenc-settings';
import { rebuildRollups } from '../features/indicators/indicator-schema';
import { BIRTH_FOR_RULES_SQL, type BirthForRules, rederiveBirths } from '../features/births/rederive';
import { uuidV5 } from '../lib/uuid-v5';
import { createRng } from '../lib/rng';
import { ROOT_REGION_ID } from './bootstrap';
import { generateProgrammeCoaching, generateProgrammeKmc, type ProgrammePart } from './programme-parts';
import { generateScreeningWomen } from '../features/screening/screening-programme';

/**
 * Synthetic programme data: org units of up to 16 countries and births generated inside the database
 * with set-based SQL. Deterministic: the same options give the same rows (ids, dates, practices) on
 * every machine and engine; randomness is a hash of the birth's sequence number (hashint8extended).
 * Practices improve after each facility's EENC introduction date. Rollups are switched off while
 * loading and rebuilt at the end.
 */
export type ProgrammeOptions = {
  countries: number;
  facilities: number;
  births: number;
  fromYear: number;
  toYear: number;
  healthWorkers: number;
  seed: number;
  /**
   * Women followed for cervical screening (docs/screening.md), spread over the commune health centres;
   * 0 or absent for none, so that the indicator benchmark's programme stays what it measured.
   */
  screeningWomen?: number;
  /** Parts left out (a data set as generated before they existed; `addToProgramme` adds them). */
  without?: readonly ProgrammePart[];
  log?: (line: string) => void;
};

/** Women of reproductive age with screening histories that `npm run seed -- --scale programme` adds. */
export const PROGRAMME_SCREENING_WOMEN = 1_000_000;

export const PROGRAMME_SCALE: Omit<ProgrammeOptions, 'log'> = {
  countries: 16,
  facilities: 2522,
  births: 4_000_000,
  fromYear: 2015,
  toYear: 2024,
  healthWorkers: 30_000,
  seed: 1,
};

type CountrySpec = {
  code: string;
  name: string;
  tz: string;
  share: number; // share of facilities
  cs: number; // caesarean rate
  eth: number; // share of ethnic-minority mothers
  eencFrom: number; // year EENC introduction starts
  uptake: number; // share of facilities that ever introduce EENC by the end
  still: number; // stillbirth risk
};

/** Priority countries first (facts sheet §7), then other Pacific and Asian countries. */
const COUNTRIES: CountrySpec[] = [
  {
    code: 'VN',
    name: 'Viet Nam',
    tz: 'Asia/Ho_Chi_Minh',
    share: 500,
    cs: 0.3,
    eth: 0.15,
    eencFrom: 2014,
    uptake: 0.95,
    still: 0.009,
  },
  {
    code: 'PH',
    name: 'Philippines',
    tz: 'Asia/Manila',
    share: 450,
    cs: 0.14,
    eth: 0.1,
    eencFrom: 2015,
    uptake: 0.85,
    still: 0.012,
  },
  {
    code: 'CN',
    name: 'China',
    tz: 'Asia/Shanghai',
    share: 600,
    cs: 0.36,
    eth: 0.08,
    eencFrom: 2016,
    uptake: 0.7,
    still: 0.007,
  },
  {
    code: 'KH',
    name: 'Cambodia',
    tz: 'Asia/Phnom_Penh',
    share: 200,
    cs: 0.1,
    eth: 0.05,
    eencFrom: 2015,
    uptake: 0.9,
    still: 0.014,
  },
  {
    code: 'LA',
    name: 'Lao PDR',
    tz: 'Asia/Vientiane',
    share: 150,
    cs: 0.08,
    eth: 0.35,
    eencFrom: 2015,
    uptake: 0.85,
    still: 0.016,
  },
  {
    code: 'MN',
    name: 'Mongolia',
    tz: 'Asia/Ulaanbaatar',
    share: 100,
    cs: 0.25,
    eth: 0.12,
    eencFrom: 2016,
    uptake: 0.9,
    still: 0.008,
  },
  {
    code: 'PG',
    name: 'Papua New Guinea',
    tz: 'Pacific/Port_Moresby',
    share: 150,
    cs: 0.04,
    eth: 0.02,
    eencFrom: 2016,
    uptake: 0.6,
    still: 0.02,
  },
  {
    code: 'SB',
    name: 'Solomon Islands',
    tz: 'Pacific/Guadalcanal',
    share: 40,
    cs: 0.06,
    eth: 0.02,
    eencFrom: 2015,
    uptake: 0.9,
    still: 0.015,
  },
  {
    code: 'MY',
    name: 'Malaysia',
    tz: 'Asia/Kuala_Lumpur',
    share: 92,
    cs: 0.27,
    eth: 0.2,
    eencFrom: 2017,
    uptake: 0.6,
    still: 0.006,
  },
  {
    code: 'FJ',
    name: 'Fiji',
    tz: 'Pacific/Fiji',
    share: 60,
    cs: 0.2,
    eth: 0.05,
    eencFrom: 2017,
    uptake: 0.8,
    still: 0.01,
  },
  {
    code: 'VU',
    name: 'Vanuatu',
    tz: 'Pacific/Efate',
    share: 40,
    cs: 0.08,
    eth: 0.02,
    eencFrom: 2017,
    uptake: 0.75,
    still: 0.014,
  },
  {
    code: 'KI',
    name: 'Kiribati',
    tz: 'Pacific/Tarawa',
    share: 30,
    cs: 0.07,
    eth: 0.02,
    eencFrom: 2018,
    uptake: 0.8,
    still: 0.016,
  },
  {
    code: 'WS',
    name: 'Samoa',
    tz: 'Pacific/Apia',
    share: 30,
    cs: 0.12,
    eth: 0.02,
    eencFrom: 2018,
    uptake: 0.8,
    still: 0.01,
  },
  {
    code: 'TO',
    name: 'Tonga',
    tz: 'Pacific/Tongatapu',
    share: 25,
    cs: 0.15,
    eth: 0.02,
    eencFrom: 2018,
    uptake: 0.8,
    still: 0.009,
  },
  {
    code: 'FM',
    name: 'Micronesia',
    tz: 'Pacific/Pohnpei',
    share: 30,
    cs: 0.12,
    eth: 0.05,
    eencFrom: 2019,
    uptake: 0.7,
    still: 0.012,
  },
  {
    code: 'MH',
    name: 'Marshall Islands',
    tz: 'Pacific/Majuro',
    share: 25,
    cs: 0.1,
    eth: 0.02,
    eencFrom: 2019,
    uptake: 0.7,
    still: 0.013,
  },
];

type Unit = {
  id: string;
  code: string;
  name: string;
  kind: 'country' | 'province' | 'district' | 'facility';
  parentId: string;
  path: string;
  level: number;
  tz: string;
  facilityLevel: string | null;
  birthsPerYear: number | null;
  introduced: string | null;
  teamFormed: string | null;
  // generation parameters of facilities
  weight?: number;
  country?: number;
  base?: number;
  target?: number;
};

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m, 2)}-${pad(d, 2)}`;
const LEVEL_WEIGHT: Record<string, number> = {
  central: 40,
  provincial: 14,
  district: 4,
  private: 2,
  commune: 0.35,
};

/** The org-unit tree: countries → provinces → districts → facilities (plus central and provincial hospitals). */
export function programmeTree(
  o: Pick<ProgrammeOptions, 'countries' | 'facilities' | 'seed' | 'fromYear' | 'toYear'>,
): Unit[] {
  const rnd = createRng(o.seed * 7919 + 17);
  const specs = COUNTRIES.slice(0, o.countries);
  const shareSum = specs.reduce((s, c) => s + c.share, 0);
  // Facilities per country, largest remainder so that they add up exactly.
  const raw = specs.map((c) => (c.share / shareSum) * o.facilities);
  const counts = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; counts.reduce((s, n) => s + n, 0) < o.facilities; k++)
    counts[order[k % order.length]![1]]! += 1;
  const units: Unit[] = [];
  const root = `/${ROOT_REGION_ID}/`;
  const mk = (
    code: string,
    name: string,
    kind: Unit['kind'],
    parent: { id: string; path: string; level: number },
    tz: string,
  ): Unit => {
    const id = uuidV5(`synthetic:org-unit:${code}`);
    return {
      id,
      code,
      name,
      kind,
      parentId: parent.id,
      path: `${parent.path}${id}/`,
      level: parent.level + 1,
      tz,
      facilityLevel: null,
      birthsPerYear: null,
      introduced: null,
      teamFormed: null,
    };
  };
  specs.forEach((c, ci) => {
    const country = mk(
      `SYN-${c.code}`,
      c.name,
      'country',
      { id: ROOT_REGION_ID, path: root, level: 1 },
      c.tz,
    );
    units.push(country);
    const nFac = counts[ci]!;
    const nProv = Math.max(2, Math.round(nFac / 22));
    const central = Math.max(1, Math.min(3, Math.round(nFac / 150)));
    let made = 0;
    const facility = (parent: Unit, level: string, idx: number) => {
      const code = `${parent.code}-F${pad(idx, 3)}`;
      const label = {
        central: 'National Hospital',
        provincial: 'Provincial Hospital',
        district: 'District Hospital',
        private: 'Private Clinic',
        commune: 'Health Centre',
      }[level]!;
      const f = mk(
        code,
        `${parent.name.replace(/ (Province|District)$/, '')} ${label} ${idx}`,
        'facility',
        parent,
        c.tz,
      );
      f.facilityLevel = level;
      f.weight = LEVEL_WEIGHT[level]! * (0.6 + rnd() * 0.8);
      f.country = ci;
      f.base = 0.08 + rnd() * 0.25;
      f.target = 0.72 + rnd() * 0.24;
      if (rnd() < c.uptake) {
        // Introduction spreads over the years after the country starts, larger hospitals first.
        const span = o.toYear - Math.max(c.eencFrom, o.fromYear - 1);
        const bias = level === 'central' || level === 'provincial' ? 0.35 : 1;
        const y = Math.max(c.eencFrom, o.fromYear - 1) + Math.floor(rnd() * bias * span);
        const m = 1 + Math.floor(rnd() * 12);
        f.introduced = isoDate(Math.min(y, o.toYear), m, 1 + Math.floor(rnd() * 28));
        if (rnd() < 0.65) {
          const months = 3 + Math.floor(rnd() * 12);
          const d = new Date(`${f.introduced}T00:00:00Z`);
          d.setUTCMonth(d.getUTCMonth() + months);
          f.teamFormed = d.toISOString().slice(0, 10);
        }
      }
      units.push(f);
      made++;
      return f;
    };
    for (let k = 1; k <= central; k++) facility(country, 'central', k);
    const perProv = Math.max(1, Math.floor((nFac - central) / nProv));
    for (let p = 1; p <= nProv; p++) {
      const prov = mk(`SYN-${c.code}-P${pad(p, 2)}`, `${c.name} Province ${p}`, 'province', country, c.tz);
      units.push(prov);
      const quota = p === nProv ? nFac - made : Math.min(perProv, nFac - made - (nProv - p));
      if (quota <= 0) continue;
      facility(prov, 'provincial', 1);
      let left = quota - 1;
      const nDist = Math.max(1, Math.min(6, Math.round(left / 5)));
      for (let d = 1; d <= nDist && left > 0; d++) {
        const dist = mk(`${prov.code}-D${pad(d, 2)}`, `${c.name} District ${p}.${d}`, 'district', prov, c.tz);
        units.push(dist);
        const n = d === nDist ? left : Math.max(1, Math.round(left / (nDist - d + 1)));
        for (let k = 1; k <= n; k++) {
          const r = rnd();
          facility(dist, k === 1 ? 'district' : r < 0.15 ? 'private' : 'commune', k);
        }
        left -= n;
      }
    }
  });
  return units;
}

/** Births per facility and month, adding up exactly to `total` (largest remainder). */
function monthlyCounts(facilities: Unit[], months: string[], total: number, seed: number): Int32Array {
  const rnd = createRng(seed * 104729 + 3);
  const weights = new Float64Array(facilities.length * months.length);
  let sum = 0;
  months.forEach((m, mi) => {
    const month = Number(m.slice(5, 7));
    const season = 1 + 0.06 * Math.sin(((month - 3) / 12) * 2 * Math.PI);
    const trend = 1 + (0.015 * mi) / 12;
    facilities.forEach((f, fi) => {
      const w = f.weight! * season * trend * (0.85 + rnd() * 0.3);
      weights[mi * facilities.length + fi] = w;
      sum += w;
    });
  });
  const counts = new Int32Array(weights.length);
  const rem: Array<[number, number]> = [];
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    const x = (weights[i]! / sum) * total;
    counts[i] = Math.floor(x);
    assigned += counts[i]!;
    rem.push([x - counts[i]!, i]);
  }
  rem.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; assigned < total; k++, assigned++) counts[rem[k % rem.length]![1]]! += 1;
  return counts;
}

/** A version-4-shaped UUID from a hash of `text` (deterministic, valid for the API's uuid checks). */
const uuidOf = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/** A uniform number in [0, 1) from the row's sequence number `k` and a salt. */
const u = (k: string, salt: number) =>
  `((hashint8extended(${k}, ${salt}) & 2147483647)::float8 / 2147483648.0)`;
/** A standard normal number (Box–Muller). */
const normal = (k: string, s1: number, s2: number) =>
  `(sqrt(-2 * ln(greatest(${u(k, s1)}, 1e-12))) * cos(2 * pi() * ${u(k, s2)}))`;

/**
 * Inserts births of one month for the facilities in `syn_fac` with counts in `syn_counts`, then their
 * babies. What the rules derive (flags, bands, practices) is left to `rederiveBirths`, with the
 * default settings.
 */
export function birthsSql(seed: number): string {
  const k = 'c.k0 + s.j';
  return `
insert into births (id, facility_id, born_at, birth_date, mode, gestational_age_weeks, baby_count, second_baby_checked,
  uterotonic_given, uterotonic_minutes, mother_record_number, mother_age, mother_birth_year, mother_ethnic_minority,
  mother_parity, created_at, updated_at)
select id, facility_id, born_at, birth_date, mode, ga, baby_count, sbc, ut_given, ut_min, rec, age, birth_date_year - age,
       eth, parity, $3::timestamptz, $3::timestamptz
from (
  select x.*, extract(year from x.birth_date)::int as birth_date_year,
         case when x.twin and x.u_ga < 0.45 then 32 + floor(x.u_gw * 5)::int
              when x.u_ga < 0.005 then 24 + floor(x.u_gw * 4)::int
              when x.u_ga < 0.015 then 28 + floor(x.u_gw * 4)::int
              when x.u_ga < 0.077 then 32 + floor(x.u_gw * 5)::int
              when x.u_ga < 0.97 then 37 + floor(x.u_gw * 5)::int
              else 42 end as ga0,
         case when x.twin then 2 else 1 end as baby_count,
         ${u('x.k', seed + 9)} >= 0.04 as sbc,
         (${u('x.k', seed + 10)} < x.p * 0.12 + 0.85) as ut_given
    from (
      select ${k} as k, ${uuidOf(`'syn-b-' || (${k})`)} as id, f.id as facility_id,
             ($1::date + floor(${u(k, seed + 1)} * $2)::int) as birth_date,
             ${u(k, seed + 3)} as u_mode, ${u(k, seed + 4)} < 0.015 as twin,
             ${u(k, seed + 5)} as u_ga, ${u(k, seed + 6)} as u_gw,
             'G' || (${k}) as rec, 16 + floor(${u(k, seed + 7)} * 28)::int as age,
             floor(${u(k, seed + 8)} * 5)::int as parity,
             case when ${u(k, seed + 11)} < 0.02 then null else ${u(k, seed + 12)} < f.eth end as eth,
             f.cs, f.tz, f.introduced, f.base, f.target, ${u(k, seed + 2)} as u_time,
             case when f.introduced is not null and ($1::date + floor(${u(k, seed + 1)} * $2)::int) >= f.introduced
                  then f.base + (f.target - f.base) * (1 - exp(-(($1::date + floor(${u(k, seed + 1)} * $2)::int) - f.introduced) / 365.0))
                  else f.base end as p
        from syn_counts c join syn_fac f on f.idx = c.fac
        cross join lateral generate_series(1, c.n) as s(j)
       where c.month = $4
    ) x
) y
cross join lateral (select
   ((y.birth_date::timestamp + floor(y.u_time * 1440) * interval '1 minute') at time zone y.tz) as born_at,
   case when y.u_mode < y.cs then 'caesarean' when y.u_mode < y.cs + 0.03 then 'assisted_vaginal' else 'spontaneous_vaginal' end as mode,
   case when ${u('y.k', seed + 13)} < 0.03 then null else y.ga0 end as ga,
   case when not y.ut_given then null when ${u('y.k', seed + 14)} < 0.03 then null
        when ${u('y.k', seed + 15)} < y.p then 1 else 2 + floor(${u('y.k', seed + 16)} * 9)::int end::numeric as ut_min
) z
order by birth_date, k
returning id, facility_id, birth_date, born_at, mode, gestational_age_weeks, baby_count, mother_record_number,
          uterotonic_given, uterotonic_minutes, second_baby_checked`;
}

export function newbornsSql(seed: number): string {
  const kk = '(substr(b.mother_record_number, 2)::bigint * 8 + o.ord)';
  return `
insert into newborns (id, birth_id, birth_order, facility_id, birth_date, sex, birth_weight_grams, outcome, apgar1, apgar5,
  drying_started_seconds, breathing_at_birth, ssc_started_minutes, ssc_duration_minutes, separated_before_breastfeed,
  cord_clamped_minutes, breastfeed_started_minutes, breastfeed_completed_minutes, procedures, bag_mask_started_seconds,
  resuscitation_outcome, kmc_initiated, discharge_date, discharge_status, discharge_exclusive_bf, weight_band, preterm_band)
select id, birth_id, ord, facility_id, birth_date, sex, w, outcome, apgar1, apgar5, dry, breathing, ssc, ssc_dur, sep, cc, bf,
       bf + case when bf is null then null else 15 + floor(r_bfc * 30) end, '{}'::jsonb, bm, resus, kmc, dis_date, dis_status, ebf,
       -- Placeholders: rederiveBirths writes what the rules derive right after.
       'unknown', 'unknown'
from (
  select d.*
  from (
    select c.*,
           case when not c.live then null when c.resus = 'died' then c.birth_date
                when c.r_dis < 0.012 or c.birth_date > $5::date - 3 then null
                else c.birth_date + (case when c.r_dis2 < 0.03 then 0 else 1 + floor(c.r_dis2 * 4)::int end) end as dis_date,
           case when not c.live then null when c.resus = 'died' then 'died'
                when c.r_dis < 0.012 or c.birth_date > $5::date - 3 then null
                when c.resus = 'referred' or c.r_dis < 0.03 then 'referred'
                when c.r_dis < (case when c.ga is not null and c.ga < 32 then 0.12 else 0.034 end) then 'died' else 'alive' end as dis_status
    from (
      select a.*,
             case when a.live and a.not_breathing then case when a.r_res < 0.03 then 'died' when a.r_res < 0.1 then 'referred' else 'breathing' end end as resus
      from (
        select ${uuidOf(`'syn-n-' || ${kk}`)} as id, b.id as birth_id, o.ord, b.facility_id, b.birth_date, b.mode,
               b.gestational_age_weeks as ga, p.p,
               case when ${u(kk, seed + 21)} < 0.485 then 'female' when ${u(kk, seed + 21)} < 0.998 then 'male' else 'undetermined' end as sex,
               w.w,
               (${u(kk, seed + 23)} >= st.risk) as live,
               (${u(kk, seed + 24)} < case when b.gestational_age_weeks < 34 then 0.16 else 0.045 end) as not_breathing,
               ${u(kk, seed + 25)} as r_res, ${u(kk, seed + 26)} as r_dis, ${u(kk, seed + 27)} as r_dis2, ${u(kk, seed + 28)} as r_bfc,
               ${u(kk, seed + 29)} as r1, ${u(kk, seed + 30)} as r2, ${u(kk, seed + 31)} as r3, ${u(kk, seed + 32)} as r4,
               ${u(kk, seed + 33)} as r5, ${u(kk, seed + 34)} as r6, ${u(kk, seed + 35)} as r7, ${u(kk, seed + 36)} as r8
          from ins b
          join syn_fac f on f.id = b.facility_id
          cross join lateral generate_series(1, b.baby_count::int) as o(ord)
          cross join lateral (select case when f.introduced is not null and b.birth_date >= f.introduced
                  then f.base + (f.target - f.base) * (1 - exp(-(b.birth_date - f.introduced) / 365.0)) else f.base end as p) p
          cross join lateral (select case when ${u(kk, seed + 22)} < 0.02 then null else greatest(500, least(5400, round(
                  case when b.gestational_age_weeks is null then 3220 + 470 * ${normal(kk, seed + 40, seed + 41)}
                       when b.gestational_age_weeks >= 37 then 3300 + 400 * ${normal(kk, seed + 40, seed + 41)}
                       when b.gestational_age_weeks >= 32 then 2350 + 380 * ${normal(kk, seed + 40, seed + 41)}
                       when b.gestational_age_weeks >= 28 then 1400 + 280 * ${normal(kk, seed + 40, seed + 41)}
                       else 850 + 180 * ${normal(kk, seed + 40, seed + 41)} end - case when b.baby_count > 1 then 350 else 0 end)))::int end as w) w
          cross join lateral (select f.still * case when b.gestational_age_weeks < 28 then 8 when b.gestational_age_weeks < 34 then 3 else 1 end as risk) st
      ) a
    ) c0
    cross join lateral (select c0.*,
           case when not c0.live then null else not c0.not_breathing end as breathing,
           case when not c0.live then 0 when c0.not_breathing then 2 + floor(c0.r1 * 5)::int else 7 + floor(c0.r1 * 4)::int end as apgar1,
           case when not c0.live then 0 when c0.not_breathing then 5 + floor(c0.r2 * 4)::int else 8 + floor(c0.r2 * 3)::int end as apgar5,
           case when not c0.live then null when c0.r3 < c0.p then 1 + floor(c0.r4 * 5)::int else 6 + floor(c0.r4 * 40)::int end as dry,
           case when not c0.live then null when c0.not_breathing then 10 + floor(c0.r5 * 20)::int
                when c0.r5 < c0.p then (case when c0.mode = 'caesarean' then 1 + floor(c0.r6 * 3)::int else 1 end)
                when c0.r5 < c0.p + 0.04 then null
                else (case when c0.mode = 'caesarean' then 4 else 2 end) + floor(c0.r6 * 40)::int end::numeric as ssc,
           case when not c0.live then null when c0.r7 < c0.p * 0.9 then 90 + floor(c0.r8 * 60)::int else 15 + floor(c0.r8 * 74)::int end::numeric as ssc_dur,
           case when not c0.live then null else c0.r6 > c0.p + 0.05 end as sep,
           case when not c0.live then null when c0.not_breathing then 0.5 when c0.r2 < c0.p then 1 + floor(c0.r3 * 3)::int else 0.5 end::numeric as cc,
           case when not c0.live then null when c0.not_breathing and c0.r4 < 0.3 then null
                when c0.r8 < c0.p * 0.95 then 10 + floor(c0.r1 * 50)::int else 61 + floor(c0.r1 * 180)::int end::numeric as bf,
           case when c0.live and c0.not_breathing then case when c0.r7 < 0.02 then null when c0.r7 < 0.45 + c0.p * 0.45 then 20 + floor(c0.r3 * 40)::int else 61 + floor(c0.r3 * 120)::int end end as bm,
           case when not c0.live then null when c0.w is not null and c0.w < 2000 then c0.r5 < 0.25 + c0.p * 0.5 else null end as kmc
    ) c
  ) d0
  cross join lateral (select d0.*, case when d0.live then 'live_birth' when d0.r8 < 0.5 then 'fresh_stillbirth' else 'macerated_stillbirth' end as outcome,
         case when d0.dis_status = 'alive' then d0.r4 < 0.5 + d0.p * 0.45 when d0.dis_status = 'referred' then d0.r4 < 0.6 else null end as ebf
  ) d
) e
order by birth_date, birth_id, ord`;
}

/** Months as first days, from January of fromYear to December of toYear. */
function monthsOf(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let y = fromYear; y <= toYear; y++) for (let m = 1; m <= 12; m++) out.push(isoDate(y, m, 1));
  return out;
}
const daysIn = (month: string) =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

async function loadFacilityParams(tx: Queryable, facilities: Unit[], countrySpecs: CountrySpec[]) {
  await tx.query(`create temp table if not exists syn_fac (idx int primary key, id uuid not null, tz text, cs float8, eth float8,
    still float8, introduced date, base float8, target float8) on commit drop`);
  await tx.query(
    `insert into syn_fac select * from unnest($1::int[], $2::uuid[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::date[], $8::float8[], $9::float8[])`,
    [
      facilities.map((_, i) => i),
      facilities.map((f) => f.id),
      facilities.map((f) => f.tz),
      facilities.map((f) => countrySpecs[f.country!]!.cs),
      facilities.map((f) => countrySpecs[f.country!]!.eth),
      facilities.map((f) => countrySpecs[f.country!]!.still),
      facilities.map((f) => f.introduced),
      facilities.map((f) => f.base),
      facilities.map((f) => f.target),
    ],
  );
  await tx.query(
    'create temp table if not exists syn_counts (month int, fac int, n int, k0 bigint) on commit drop',
  );
}

/**
 * Generates births for `facilities` over `months`, `total` in all, in one transaction per month with
 * rollup upkeep off. Returns the number of births. The caller rebuilds the rollups afterwards.
 */
export async function generateBirths(
  db: Db,
  opts: {
    facilities: Unit[];
    countrySpecs: CountrySpec[];
    months: string[];
    total: number;
    seed: number;
    startK: number;
    now: Date;
    /** Babies born in the last 3 days before this date are still in hospital (no discharge). */
    dataEnd: string;
    log: (l: string) => void;
  },
): Promise<number> {
  const { facilities, months } = opts;
  const counts = monthlyCounts(facilities, months, opts.total, opts.seed);
  let k = opts.startK;
  let done = 0;
  const started = Date.now();
  for (let mi = 0; mi < months.length; mi++) {
    const month = months[mi]!;
    const rows: Array<[number, number, number]> = [];
    for (let fi = 0; fi < facilities.length; fi++) {
      const n = counts[mi * facilities.length + fi]!;
      if (n > 0) {
        rows.push([fi, n, k]);
        k += n;
      }
    }
    const n = rows.reduce((s, r) => s + r[1], 0);
    await db.transaction(async (tx) => {
      await tx.query("select set_config('openeenc.rollups', 'off', true)");
      // The estimated cost of these statements triggers JIT compilation, which takes longer than the work.
      await tx.query("select set_config('jit', 'off', true)");
      await loadFacilityParams(tx, facilities, opts.countrySpecs);
      await tx.query('analyze syn_fac');
      await tx.query('insert into syn_counts select $1, * from unnest($2::int[], $3::int[], $4::bigint[])', [
        mi,
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
      ]);
      const births = await tx.query<BirthForRules>(
        `with ins as (${birthsSql(opts.seed)}), babies as (${newbornsSql(opts.seed)})
         select ${BIRTH_FOR_RULES_SQL} from ins b join org_units f on f.id = b.facility_id`,
        [month, daysIn(month), opts.now.toISOString(), mi, opts.dataEnd],
      );
      // What the rules derive is computed by the rules themselves, never copied into this SQL.
      await rederiveBirths(tx, births, () => DEFAULT_EENC_SETTINGS);
      // The scratch tables and the rollup switch end with the month also when this transaction is a
      // savepoint of a larger one (the demo is seeded in one transaction).
      await tx.query('drop table syn_fac, syn_counts');
      await tx.query("select set_config('openeenc.rollups', '', true)");
    });
    done += n;
    if (mi % 6 === 5 || mi === months.length - 1) {
      const s = (Date.now() - started) / 1000;
      opts.log(
        `births ${done.toLocaleString('en')} / ${opts.total.toLocaleString('en')} (through ${month.slice(0, 7)}), ${s.toFixed(0)} s, ${Math.round(done / Math.max(s, 0.001)).toLocaleString('en')}/s`,
      );
    }
  }
  return done;
}

async function insertUnits(db: Db, units: Unit[], now: Date) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < units.length; i += 1000) {
      const part = units.slice(i, i + 1000);
      await tx.query(
        `insert into org_units (id, code, name, kind, level, parent_id, path, facility_level, provides_births, timezone,
           births_per_year, eenc_introduced_on, eenc_team_formed_on, created_at, updated_at, search_text)
         select id, code, name, kind, level, parent_id, path, facility_level, kind = 'facility', tz, bpy, intro, team, $14, $14, st
           from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::uuid[], $7::text[], $8::text[], $9::text[],
                       $10::int[], $11::date[], $12::date[], $13::int[], $15::text[])
                as t(id, code, name, kind, level, parent_id, path, facility_level, tz, bpy, intro, team, ord, st)
          order by ord
         on conflict (id) do nothing`,
        [
          part.map((u) => u.id),
          part.map((u) => u.code),
          part.map((u) => u.name),
          part.map((u) => u.kind),
          part.map((u) => u.level),
          part.map((u) => u.parentId),
          part.map((u) => u.path),
          part.map((u) => u.facilityLevel),
          part.map((u) => u.tz),
          part.map((u) => u.birthsPerYear),
          part.map((u) => u.introduced),
          part.map((u) => u.teamFormed),
          part.map((_, j) => i + j),
          now,
          part.map((u) => toSearchText(u.name)),
        ],
      );
    }
  });
}

/** Generates the synthetic programme into an empty database (besides the region root and the demo). */
export async function generateProgramme(
  db: Db,
  o: ProgrammeOptions,
  now = new Date(),
): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const units = programmeTree(o);
  const facilities = units.filter((u) => u.kind === 'facility');
  // Expected births per year, for the org-unit attribute.
  const wsum = facilities.reduce((s, f) => s + f.weight!, 0);
  const years = o.toYear - o.fromYear + 1;
  for (const f of facilities) f.birthsPerYear = Math.round(((f.weight! / wsum) * o.births) / years);
  const existing = await db.query<{ n: number }>(
    'select count(*) as n from org_units where id = any($1::uuid[])',
    [units.map((u) => u.id)],
  );
  if (Number(existing[0]?.n) > 0) throw new Error('The synthetic programme is already in this database');
  await insertUnits(db, units, now);
  log(
    `org units: ${units.filter((u) => u.kind === 'country').length} countries, ${units.filter((u) => u.kind === 'province').length} provinces, ${units.filter((u) => u.kind === 'district').length} districts, ${facilities.length} facilities`,
  );
  const [maxK] = await db.query<{ k: number | null }>(
    "select max(substr(mother_record_number, 2)::bigint) as k from births where mother_record_number ~ '^G[0-9]+$'",
  );
  const births = await generateBirths(db, {
    facilities,
    countrySpecs: COUNTRIES,
    months: monthsOf(o.fromYear, o.toYear),
    total: o.births,
    seed: o.seed,
    startK: Number(maxK?.k ?? 0),
    now,
    dataEnd: `${o.toYear}-12-31`,
    log,
  });
  const without = new Set(o.without ?? []);
  const kmc = without.has('kmc')
    ? { kmcEpisodes: 0, kmcFollowUp: { graduated: 0, inFollowUp: 0, contacts: 0 } }
    : await generateProgrammeKmc(db, {
        facilityIds: facilities.map((f) => f.id),
        fromYear: o.fromYear,
        toYear: o.toYear,
        seed: o.seed,
        chunk: facilities.length,
        refresh: false,
        log,
      });
  log(
    `KMC follow-up: ${kmc.kmcFollowUp.contacts.toLocaleString('en')} contacts, ${kmc.kmcFollowUp.graduated.toLocaleString('en')} graduated, ${kmc.kmcFollowUp.inFollowUp.toLocaleString('en')} still followed`,
  );
  // Health workers: rosters and courses (docs/coaching.md), spread by facility size; without rollup
  // upkeep, like the births, since the rebuild below counts them (recounting each statement's cells in
  // the coaching rollups cost some 30 s per 7,000 checklists).
  const coaching = without.has('coaching')
    ? { healthWorkers: 0, coachingCourses: 0, coachingParticipants: 0, coachingChecklists: 0 }
    : await generateProgrammeCoaching(db, facilities, o, 'off');
  log(
    `coaching: ${coaching.healthWorkers} health workers, ${coaching.coachingCourses} courses, ${coaching.coachingParticipants} participants, ${coaching.coachingChecklists} checklists`,
  );
  // Cervical screening: women per commune health centre, their histories as of the data's last day so
  // that the same options give the same women; without rollup upkeep, counted by the rebuild below
  // (each batch of screenings would recount its women's cells in the screening rollup).
  const centres = facilities.filter((f) => f.facilityLevel === 'commune');
  const women = o.screeningWomen ?? 0;
  const screening =
    women > 0 && centres.length > 0
      ? await db.transaction(async (tx) => {
          await tx.query("select set_config('openeenc.rollups', 'off', true)");
          return generateScreeningWomen(tx, {
            communeIds: centres.map((f) => f.id),
            women,
            today: `${o.toYear}-12-31`,
            seed: o.seed,
          });
        })
      : { women: 0, events: 0 };
  log('rebuilding the indicator rollups');
  await db.transaction((tx) => rebuildRollups(tx, log, 300));
  if (screening.women) log(`screening: ${screening.women} women, ${screening.events} screenings`);
  const summary = {
    countries: units.filter((u) => u.kind === 'country').length,
    provinces: units.filter((u) => u.kind === 'province').length,
    districts: units.filter((u) => u.kind === 'district').length,
    facilities: facilities.length,
    births,
    ...kmc,
    ...coaching,
    screeningWomen: screening.women,
    screeningEvents: screening.events,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  await db.query(
    `insert into synthetic_datasets (name, params, summary) values ('programme', $1::jsonb, $2::jsonb)
     on conflict (name) do update set params = excluded.params, summary = excluded.summary, created_at = now()`,
    [JSON.stringify({ ...o, log: undefined }), JSON.stringify(summary)],
  );
  log(`done in ${summary.seconds} s`);
  return summary;
}

export { COUNTRIES as PROGRAMME_COUNTRIES, monthsOf };
export type { CountrySpec, Unit as ProgrammeUnit };
