import { KMC_SOURCE_SPEC } from '../../../shared/kmc/kmc-indicators';
import { KMC_IMMEDIATE_MINUTES, KMC_MIN_HOURS_PER_DAY } from '../../../shared/kmc/kmc-ward';
import { countryIdSql, kmcFollowUpEntrySql, specialCareSql } from './kmc-rule.sql';

/**
 * The server half of the indicator source `kmc` (shared/kmc/kmc-indicators.ts): rolled up per facility
 * and birth month, recounted by triggers on every table its facts read (`KMC_RECOUNT`), so a start, a
 * log or a discharge counts at the next query (docs/indicators.md, "Adding a source"). One row
 * per live-born baby of the facility `o` born in the range `c.d1`–`c.d2`, keyed by the newborn's id
 * (as the newborn source is, so that equal counts publish equal for partners). Registered in
 * server/features/indicators/indicator-source-registry.ts; typed there (this feature imports nothing
 * of the indicators feature, which imports it).
 *
 * The rules are those of the page: immediate = started within the first hour without an incubator
 * first (`isImmediateKmc`), special care under the country's thresholds (`needsSpecialCare`, settings
 * with the KMC rule), eligibility as kept (stored for an open episode or none, judged at closing for a
 * closed one). A KMC follow-up contact is a postnatal contact of the baby whose schedule entry is for
 * one of the KMC follow-up markers alone (`isKmcFollowUpContact`), in the country's schedule.
 */
const COUNTRY = countryIdSql('o.path');
// The separator keeps the rolled-up SQL, and so its fingerprint, as it was written before it was compiled.
const SPECIAL_CARE = specialCareSql(
  { birthWeightGrams: 'n.birth_weight_grams', gestationalAgeWeeks: 'b.gestational_age_weeks' },
  'st.eenc',
  '\n             or ',
);
/** Per live-born baby `n` of `from` (with `o`, its facility) meeting `where`: the facts of the page. */
const kmcFacts = (from: string, where: string) => `select n.id, n.facility_id, n.birth_date, n.record_key,
           case when e.discharged_on is not null and e.closed_rule is not null then e.closed_eligible
                else n.kmc_eligible end as eligible,
           ${SPECIAL_CARE} as special_care,
           e.started_at is not null as started,
           e.started_at is not null and e.incubator_first = false
             and e.started_at <= b.born_at + interval '${KMC_IMMEDIATE_MINUTES} minutes' as immediate,
           l.days > 0 as logged,
           l.mean_hours >= ${KMC_MIN_HOURS_PER_DAY} as mean_hours_met,
           e.discharged_on is not null as closed,
           e.outcome = 'discharged_in_kmc' as discharged_in_kmc,
           e.outcome = 'died' as died,
           e.graduated_on is not null as graduated,
           e.outcome = 'discharged_in_kmc' and exists (
             select 1 from pnc_contacts pc
              where pc.subject_id = n.id
                and pc.contact_code in (select se.code from pnc_schedule_entries se
                                         where se.country_id = ${COUNTRY}
                                           and ${kmcFollowUpEntrySql('se.only_for_markers')})) as followed_up
      from ${from}
      join births b on b.id = n.birth_id
      left join kmc_episodes e on e.newborn_id = n.id
      left join lateral (
        select count(*) as days, avg(d.ssc_hours) as mean_hours from kmc_daily_logs d
         where d.episode_id = e.id and d.ssc_hours is not null) l on e.id is not null
      cross join lateral (
        select eenc_default_settings() || coalesce(
                 (select cs.eenc from country_settings cs where cs.country_id = ${COUNTRY}), '{}'::jsonb) as eenc) st
     where ${where} and n.outcome = 'live_birth'`;

/** The settings the facts read: the special-care thresholds and the schedule (the follow-up contacts). */
const SETTINGS_READ = (r: string) =>
  `(${r}.eenc -> 'kmcSpecialCareBelowGrams', ${r}.eenc -> 'kmcSpecialCareBelowWeeks', ${r}.pnc)`;
/** A change recounts the months of the babies it touches (a schedule or threshold change: the country). */
const babyCells = (join: string) => (t: string) =>
  `select n.facility_id, date_trunc('month', n.birth_date)::date from ${t} x join newborns n on ${join}`;
const KMC_RECOUNT = [
  {
    table: 'newborns',
    cells: (t: string) => `select facility_id, date_trunc('month', birth_date)::date from ${t}`,
  },
  // A new birth has no babies yet (newborns.birth_id references births, not deferrable).
  { table: 'births', cells: babyCells('n.birth_id = x.id'), noInsertRecount: true },
  { table: 'kmc_episodes', cells: babyCells('n.id = x.newborn_id') },
  {
    table: 'kmc_daily_logs',
    cells: (t: string) =>
      `select n.facility_id, date_trunc('month', n.birth_date)::date from ${t} x
         join kmc_episodes e on e.id = x.episode_id join newborns n on n.id = e.newborn_id`,
  },
  { table: 'pnc_contacts', cells: babyCells('n.id = x.subject_id') },
  {
    table: 'country_settings',
    cells: (t: string, other?: string) =>
      `select f.id, null::date from ${t} x join org_units f on f.path like '%/' || x.country_id || '/%' and f.kind in ('facility', 'commune')${
        other
          ? ` where ${SETTINGS_READ('x')} is distinct from (select ${SETTINGS_READ('y')} from ${other} y where y.country_id = x.country_id)`
          : ''
      }`,
  },
];

export const KMC_INDICATOR_SOURCE = {
  kind: 'rolledUp' as const,
  id: 'kmc',
  recordTable: 'newborns',
  relation: (rel: string) => `(${kmcFacts(`${rel} n join org_units o on o.id = n.facility_id`, 'true')}) k`,
  recountOn: KMC_RECOUNT,
  facility: 'k.facility_id',
  date: 'k.birth_date',
  factTable: `lateral (${kmcFacts('newborns n', 'n.facility_id = o.id and n.birth_date between c.d1 and c.d2')}) k`,
  birthJoin: '',
  key: 'k.id',
  storedKey: 'k.record_key',
  fields: Object.fromEntries(Object.keys(KMC_SOURCE_SPEC.fields).map((c) => [c, { sql: `k.${c}` }])),
  dimensions: {},
  table: 'ind_kmc_rollup',
  disaggTable: 'ind_kmc_disagg',
  pendingTable: 'ind_kmc_pending',
};
