import { SPECIAL_CARE } from '../../../shared/kmc/kmc-rule';
import { KMC_SOURCE_SPEC } from '../../../shared/kmc/kmc-indicators';
import { KMC_IMMEDIATE_MINUTES, KMC_MIN_HOURS_PER_DAY } from '../../../shared/kmc/kmc-ward';

/**
 * The server half of the indicator source `kmc` (shared/kmc/kmc-indicators.ts): a live source, counted
 * from the records at each request, so a start, a log or a discharge counts at the next query. One row
 * per live-born baby of the facility `o` born in the range `c.d1`–`c.d2`, keyed by the newborn's id
 * (as the newborn source is, so that equal counts publish equal for partners). Registered in
 * server/features/indicators/indicator-source-registry.ts; typed there (this feature imports nothing
 * of the indicators feature, which imports it).
 *
 * The rules are those of the page: immediate = started within the first hour without an incubator
 * first (`isImmediateKmc`), special care under 1,500 g or 32 weeks (`needsSpecialCare`), eligibility
 * as kept (stored for an open episode or none, judged at closing for a closed one).
 */
const FACTS = `lateral (
    select n.id, n.facility_id, n.birth_date, n.record_key,
           case when e.discharged_on is not null and e.closed_rule is not null then e.closed_eligible
                else n.kmc_eligible end as eligible,
           (n.birth_weight_grams < ${SPECIAL_CARE.belowGrams} or b.gestational_age_weeks < ${SPECIAL_CARE.belowWeeks})
             as special_care,
           e.started_at is not null as started,
           e.started_at is not null and e.incubator_first = false
             and e.started_at <= b.born_at + interval '${KMC_IMMEDIATE_MINUTES} minutes' as immediate,
           l.days > 0 as logged,
           l.mean_hours >= ${KMC_MIN_HOURS_PER_DAY} as mean_hours_met,
           e.discharged_on is not null as closed,
           e.outcome = 'discharged_in_kmc' as discharged_in_kmc,
           e.outcome = 'died' as died
      from newborns n
      join births b on b.id = n.birth_id
      left join kmc_episodes e on e.newborn_id = n.id
      left join lateral (
        select count(*) as days, avg(d.ssc_hours) as mean_hours from kmc_daily_logs d
         where d.episode_id = e.id and d.ssc_hours is not null) l on e.id is not null
     where n.facility_id = o.id and n.birth_date between c.d1 and c.d2 and n.outcome = 'live_birth') k`;

export const KMC_INDICATOR_SOURCE = {
  kind: 'live' as const,
  id: 'kmc',
  facility: 'k.facility_id',
  date: 'k.birth_date',
  factTable: FACTS,
  birthJoin: '',
  key: 'k.id',
  storedKey: 'k.record_key',
  fields: Object.fromEntries(Object.keys(KMC_SOURCE_SPEC.fields).map((c) => [c, { sql: `k.${c}` }])),
  dimensions: {},
};
