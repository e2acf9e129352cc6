import {
  SCREENING_RESULT_SOURCE_SPEC,
  SCREENING_SOURCE_SPEC,
} from '../../../shared/screening/screening-indicators';
import { DEFAULT_SCREENING_SETTINGS } from '../../../shared/screening/screening-settings';

/**
 * The server half of the two cervical screening sources (shared/screening/screening-indicators.ts),
 * registered in server/features/indicators/indicator-source-registry.ts (this feature imports nothing
 * of the indicators feature, which imports it).
 *
 * `screening`, rolled up: a woman's states on a day (aged 30–49, 35 or 45 in completed years; ever
 * screened, screened in the 5 years before, screened twice) change only on candidate days: her 30th,
 * 35th, 36th, 45th, 46th and 50th birthdays, her screens' days, and the days a screen's five years end.
 * On each such day `x` where the states differ from the day before, she gives a row −1 with the states
 * of the day before and a row +1 with those of `x` (rows whose states are all false are left out: no
 * indicator counts them). The sum of the rows up to a period's last day is then, per combination of
 * states, the women in it on that day, which the engine counts for `periodEnd` definitions from the
 * rollup per unit and month (the coaching coverage's mechanism, docs/decisions.md). The states are
 * computed by the one expression below at each candidate day, so a candidate that changes nothing costs
 * rows that cancel, never a wrong count.
 *
 * `screening_result`, live: per woman with a screen in the period, her latest screen of the period and
 * what followed it, with the country's target time (`treatmentTargetWeeks`) read at each request. The
 * unit's screenings of the period are read through `screening_events (client_unit_id, taken_on)`
 * (migration 0108: the woman's unit, kept on her screenings by the database), not woman by woman.
 */
const AGE_AT = (day: string) =>
  `(extract(year from ${day})::int - w.birth_year
    - case when w.birth_date is not null and to_char(${day}, 'MM-DD') < to_char(w.birth_date, 'MM-DD') then 1 else 0 end)`;

/** The first day `AGE_AT` gives `n` (a 29 February birthday: 1 March in other years). */
const BIRTHDAY = (n: number) =>
  `case when w.birth_date is null then make_date(w.birth_year + ${n}, 1, 1)
        when to_char(w.birth_date, 'MM-DD') = '02-29' then make_date(w.birth_year + ${n}, 2, 28) + 1
        else make_date(w.birth_year + ${n}, extract(month from w.birth_date)::int, extract(day from w.birth_date)::int) end`;

/** The ages at which her states can change (completed years), and the birthdays they are reached on. */
const AGES = [30, 35, 36, 45, 46, 50];
const BIRTHDAYS = `array[${AGES.map(BIRTHDAY).join(', ')}]`;

/** The days a screen `e` can change her states: its day, and the end of its five years (±1 day for 29 February). */
const SCREEN_DAYS = `array[e.taken_on, (e.taken_on + interval '5 years')::date, (e.taken_on + interval '5 years')::date + 1]`;

/** The candidate days of woman `w` as (d). */
const candidates = `select unnest(${BIRTHDAYS}) as d
             union select unnest(${SCREEN_DAYS}) from screening_events e where e.client_id = w.id`;

/** Her states on day `day`, as one row of the source's fields. */
const statesOn = (
  day: string,
) => `select a.age between 30 and 49 as age_30_49, a.age = 35 as age_35, a.age = 45 as age_45,
           h.n >= 1 as ever_screened, coalesce(h.last_on > ${day} - interval '5 years', false) as screened_5y,
           h.n >= 2 as screened_twice
      from (select ${AGE_AT(day)} as age) a,
           (select count(*) as n, max(e.taken_on) as last_on from screening_events e
             where e.client_id = w.id and e.taken_on <= ${day}) h`;

const FIELDS = Object.keys(SCREENING_SOURCE_SPEC.fields);
const anyOf = (alias: string) => `(${FIELDS.map((f) => `${alias}.${f}`).join(' or ')})`;

/**
 * The signed rows of the women of `from` (a relation aliased `w`) whose candidate days satisfy
 * `dayWhere` (over `x.d`), with `where` over `w`.
 */
const screeningFacts = (from: string, where: string, dayWhere = 'true') =>
  `select w.id, w.org_unit_id, x.d as on_date, v.weight, ${FIELDS.map((f) => `v.${f}`).join(', ')}
    from ${from}
    cross join lateral (${candidates}) x
    cross join lateral (${statesOn('x.d')}) now_
    cross join lateral (${statesOn('(x.d - 1)')}) before_
    cross join lateral (select 1 as weight, now_.* union all select -1, before_.*) v
   where ${where} and ${dayWhere} and x.d is not null
     and (${FIELDS.map((f) => `now_.${f}`).join(', ')}) is distinct from (${FIELDS.map((f) => `before_.${f}`).join(', ')})
     and ${anyOf('v')}`;

/**
 * The women of unit `o` who may have a candidate day in the engine's range `c.d1`..`c.d2` (the days of a
 * partial month), each once: a birthday of `AGES` in it (read from the index `(org_unit_id,
 * birth_year) include (birth_date)`), or a screening of hers (through the unit's screenings, `client_unit_id`) on one of its
 * days or five years before (two days' margin for 29 February). The others give no row there; they are
 * left out before their days are derived.
 */
const BIRTH_YEARS_IN_RANGE = `(select y - a.n from generate_series(extract(year from c.d1)::int, extract(year from c.d2)::int) y,
                                  unnest(array[${AGES.join(', ')}]) a(n))`;
const BIRTHDAY_IN_RANGE = `(w.birth_year in ${BIRTH_YEARS_IN_RANGE}
    and exists (select 1 from unnest(${BIRTHDAYS}) b(d) where b.d between c.d1 and c.d2))`;
const WOMEN_MAY_CHANGE_IN_RANGE = `(select w.* from screening_clients w
     where w.id in (select w.id from screening_clients w where w.org_unit_id = o.id and ${BIRTHDAY_IN_RANGE})
    union all
    select w.* from screening_clients w
     where w.id in (select e.client_id from screening_events e
                     where e.client_unit_id = o.id
                       and (e.taken_on between c.d1 and c.d2
                            or e.taken_on between (c.d1 - interval '5 years')::date - 2 and (c.d2 - interval '5 years')::date))
       and not ${BIRTHDAY_IN_RANGE})`;

/** The (unit, month) cells of every candidate day of the women of `from` (aliased `w`), plus `more` days. */
const candidateMonths = (from: string, more = '') =>
  `select w.org_unit_id, date_trunc('month', x.d)::date from ${from}
    cross join lateral (${candidates}${more}) x where x.d is not null`;

/** Rows of `t` whose columns differ from the same row of `other` (an update's other image). */
const changedClients = (t: string, other: string) =>
  `(select x.* from ${t} x where not exists (select 1 from ${other} y where y.id = x.id
     and (y.org_unit_id, y.birth_year, y.birth_date) is not distinct from (x.org_unit_id, x.birth_year, x.birth_date)))`;

export const SCREENING_INDICATOR_SOURCE = {
  kind: 'rolledUp' as const,
  id: 'screening',
  recordTable: 'screening_clients',
  relation: (rel: string) => `(${screeningFacts(`${rel} w`, 'true')}) k`,
  recountOn: [
    {
      table: 'screening_clients',
      // An update: the cells of her candidate days before and after (her unit, birth year or date
      // changed); a deletion: her unit's every month, since her screens are gone with her (cascade).
      cells: (t: string, other?: string) =>
        other ? candidateMonths(`${changedClients(t, other)} w`) : `select org_unit_id, null::date from ${t}`,
    },
    {
      table: 'screening_events',
      // Her candidate days as the records now are, and those of the screen as it was or is.
      cells: (t: string) =>
        `select w.org_unit_id, date_trunc('month', x.d)::date from ${t} e join screening_clients w on w.id = e.client_id
          cross join lateral unnest(${SCREEN_DAYS}) x(d)
         union ${candidateMonths(`screening_clients w`)} and w.id in (select client_id from ${t})`,
    },
  ],
  facility: 'k.org_unit_id',
  date: 'k.on_date',
  weight: 'k.weight',
  factTable: `lateral (${screeningFacts(`${WOMEN_MAY_CHANGE_IN_RANGE} w`, 'true', 'x.d between c.d1 and c.d2')}) k`,
  birthJoin: '',
  key: 'k.id',
  fields: Object.fromEntries(FIELDS.map((c) => [c, { sql: `k.${c}` }])),
  dimensions: {},
  table: 'ind_screening_rollup',
  disaggTable: 'ind_screening_disagg',
  pendingTable: 'ind_screening_pending',
};

const COUNTRY = `nullif(split_part(o.path, '/', 3), '')::uuid`;
const TARGET_DAYS = 'tg.days';
const POSITIVE = `p.result in ('positive', 'suspected_cancer')`;

/** Per woman with a screen in the cell's days, her latest one (`p`, of unit `o`) and what followed it. */
const resultsOf = (units: string, where: string) => `lateral (
    select distinct on (p.client_id) p.client_id as id, p.client_unit_id as org_unit_id, c.d2 as as_of,
           p.result in ('negative', 'positive', 'suspected_cancer') as result_in_period,
           ${POSITIVE} as positive_in_period,
           ${POSITIVE} and least(p.triage_on, p.treated_on) <= p.result_on + ${TARGET_DAYS} as followed_in_target,
           ${POSITIVE} and p.triage_on is null and p.treated_on is null
             and p.result_on + 3 * ${TARGET_DAYS} <= c.d2 as lost_to_follow_up
      from screening_events p${units}
      cross join lateral (
        select 7 * coalesce((select (cs.screening ->> 'treatmentTargetWeeks')::int from country_settings cs
                              where cs.country_id = ${COUNTRY}),
                            ${DEFAULT_SCREENING_SETTINGS.treatmentTargetWeeks}) as days) tg
     where ${where} and p.taken_on between c.d1 and c.d2
     order by p.client_id, p.taken_on desc, p.id desc) k`;
/** A service point's: through `screening_events (client_unit_id, taken_on)`, for `o` of the engine. */
const RESULTS = resultsOf('', 'p.client_unit_id = o.id');
/**
 * A subtree's (a country's or the region's cell): the range's screenings through `screening_events
 * (taken_on)`, which covers what is read (index only), each with its unit's path.
 */
const SUBTREE_RESULTS = resultsOf(
  ' join org_units o on o.id = p.client_unit_id',
  'o.path ~>=~ c.lo and o.path ~<~ c.hi',
);

export const SCREENING_RESULT_SOURCE = {
  kind: 'live' as const,
  id: 'screening_result',
  facility: 'k.org_unit_id',
  date: 'k.as_of',
  factTable: RESULTS,
  subtreeFactTable: SUBTREE_RESULTS,
  birthJoin: '',
  key: 'k.id',
  fields: Object.fromEntries(
    Object.keys(SCREENING_RESULT_SOURCE_SPEC.fields).map((c) => [c, { sql: `k.${c}` }]),
  ),
  dimensions: {},
};
