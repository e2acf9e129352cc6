import { SCREENING_SOURCE_SPEC } from '../../../shared/screening/screening-indicators';
import { DEFAULT_SCREENING_SETTINGS } from '../../../shared/screening/screening-settings';

/**
 * The server half of the indicator source `screening` (shared/screening/screening-indicators.ts): a live
 * source, counted from the records at each request. One row per woman followed by the unit `o`, her
 * status at the end of the period `c.d2` (so `as_of` is always in the range): her age in completed
 * years, her screens up to then, and her latest screen of the period with what followed it. Registered
 * in server/features/indicators/indicator-source-registry.ts (this feature imports nothing of the
 * indicators feature, which imports it).
 *
 * The target time from a positive result to triage or treatment is the country's setting
 * (`treatmentTargetWeeks`, stored in country_settings.screening where it differs from the default),
 * read for the woman's unit at each request: a changed setting counts at the next query.
 */
const COUNTRY = `nullif(split_part(o.path, '/', 3), '')::uuid`;
const TARGET_DAYS = 'tg.days';
const POSITIVE = `p.result in ('positive', 'suspected_cancer')`;

const FACTS = `lateral (
    select w.id, w.org_unit_id, c.d2 as as_of,
           a.age between 30 and 49 as age_30_49, a.age = 35 as age_35, a.age = 45 as age_45,
           h.n >= 1 as ever_screened, h.last_on > c.d2 - interval '5 years' as screened_5y, h.n >= 2 as screened_twice,
           p.result in ('negative', 'positive', 'suspected_cancer') as result_in_period,
           ${POSITIVE} as positive_in_period,
           ${POSITIVE} and least(p.triage_on, p.treated_on) <= p.result_on + ${TARGET_DAYS} as followed_in_target,
           ${POSITIVE} and p.triage_on is null and p.treated_on is null
             and p.result_on + 3 * ${TARGET_DAYS} <= c.d2 as lost_to_follow_up
      from screening_clients w
      cross join (
        select 7 * coalesce((select (cs.screening ->> 'treatmentTargetWeeks')::int from country_settings cs
                              where cs.country_id = ${COUNTRY}),
                            ${DEFAULT_SCREENING_SETTINGS.treatmentTargetWeeks}) as days) tg
      cross join lateral (
        select extract(year from c.d2)::int - w.birth_year
               - case when w.birth_date is not null and to_char(c.d2, 'MM-DD') < to_char(w.birth_date, 'MM-DD')
                      then 1 else 0 end as age) a
      cross join lateral (
        select count(*) as n, max(e.taken_on) as last_on from screening_events e
         where e.client_id = w.id and e.taken_on <= c.d2) h
      left join lateral (
        select e.result, e.result_on, e.triage_on, e.treated_on from screening_events e
         where e.client_id = w.id and e.taken_on between c.d1 and c.d2
         order by e.taken_on desc, e.id desc limit 1) p on true
     where w.org_unit_id = o.id) k`;

export const SCREENING_INDICATOR_SOURCE = {
  kind: 'live' as const,
  id: 'screening',
  facility: 'k.org_unit_id',
  date: 'k.as_of',
  factTable: FACTS,
  birthJoin: '',
  key: 'k.id',
  fields: Object.fromEntries(Object.keys(SCREENING_SOURCE_SPEC.fields).map((c) => [c, { sql: `k.${c}` }])),
  dimensions: {},
};
