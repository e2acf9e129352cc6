import { DIED_IN_FACILITY_WHERE } from '../../../shared/births/birth-rules';
import type { Filter } from '../../../shared/indicators/filter';
import { PNC_FOLLOW_UP_DAYS } from '../../../shared/pnc/pnc-settings';
import { compileFilter } from '../indicators/indicator-sources';

/**
 * Who the postnatal follow-up keeps following among the babies: the live-born who did not die in the
 * facility (`diedInFacility`, shared/births/birth-rules.ts), compiled to SQL from the same filter.
 * Migration 0020 wrote this rule by hand into `pnc_sync_subjects` and `pnc_newborns_inserted` (and the
 * follow-up window into `pnc_births_inserted`); the versions below replace those functions after migrations (generated, in server/features/pnc/pnc-schema.ts)
 * and read the rule from `pnc_newborn_alive`. Their bodies are otherwise 0020's (with 0023's plan setting, and 0051's
 * markers of the whole row).
 */
const ALIVE_WHERE: Filter = {
  all: [{ field: 'outcome', eq: 'live_birth' }, { not: DIED_IN_FACILITY_WHERE }],
};

const ALIVE_FIELDS = ['outcome', 'discharge_status', 'resuscitation_outcome'] as const;

/** `pnc_newborn_alive(outcome, discharge_status, resuscitation_outcome)`: never null. */
export function newbornAliveFunction(): string {
  const source = {
    id: 'pnc_newborn_alive',
    fields: Object.fromEntries(ALIVE_FIELDS.map((f) => [f, { sql: f }])),
  };
  return `create or replace function pnc_newborn_alive(${ALIVE_FIELDS.map((f) => `${f} text`).join(', ')})
  returns boolean language sql immutable as $$
  select ${compileFilter(source, ALIVE_WHERE)}
$$`;
}

/**
 * Whether a birth's row is kept in the worklist counts: it was recorded while its follow-up could still
 * be open (`PNC_FOLLOW_UP_DAYS`, which the purge of old counts uses too). `b` has `day0` and `created_at`.
 */
const countedSql = (b: string) => `${b}.day0 > ${b}.created_at - interval '${PNC_FOLLOW_UP_DAYS} days'`;

/**
 * Derives the follow-up subjects of births (mothers and babies, markers, pair risk, and the local
 * midnight of a baby's discharge in KMC, which the KMC follow-up contacts count from; migration 0078's
 * trigger on kmc_episodes calls it when a discharge changes). A subject's record key is its birth's or
 * newborn's (same id, migration 0118): the postnatal rollup reads it instead of hashing the id.
 */
export const SYNC_SUBJECTS_FUNCTION = `create or replace function pnc_sync_subjects(p_birth_ids uuid[]) returns void language plpgsql
  set plan_cache_mode = force_custom_plan as $$
begin
  if p_birth_ids is null or cardinality(p_birth_ids) = 0 then
    return;
  end if;
  -- One primary-key (or birth_id) lookup per birth: \`offset 0\` keeps each lateral subquery a nested
  -- loop over the index. With \`= any(p_birth_ids)\` the planner scanned the whole table during bulk
  -- imports (statistics lag behind a growing table) or walked the index once per array element, which
  -- cost 7-15 ms per 1,000 births at 20,000 births and grows with the table; the lookups cost about 2 ms.
  with ids as (
    select distinct id from unnest(p_birth_ids) as u (id)
  ), b as (
    select b.id, b.facility_id, b.mother_commune_id, b.born_at, b.birth_date, b.created_at, b.record_key,
           (b.birth_date::timestamp at time zone f.timezone) as day0, f.timezone,
           nullif(split_part(f.path, '/', 3), '')::uuid as country_id
      from ids cross join lateral (select b.* from births b where b.id = ids.id offset 0) b
      join org_units f on f.id = b.facility_id
  ), reach as (
    select pnc_reached_communes(array(select distinct mother_commune_id from b where mother_commune_id is not null)) as id
  ), n as (
    select n.*
      from ids cross join lateral (
        select n.id, n.birth_id, n.birth_order, n.record_key,
               n.outcome = 'live_birth' as live_born,
               pnc_newborn_alive(n.outcome, n.discharge_status, n.resuscitation_outcome) as alive,
               pnc_newborn_markers(n) as markers,
               (select e.discharged_on from kmc_episodes e
                 where e.newborn_id = n.id and e.outcome = 'discharged_in_kmc') as kmc_discharged_on
          from newborns n
         where n.birth_id = ids.id offset 0) n
  ), pr as (
    select n.birth_id, sum(cardinality(n.markers))::smallint as pair_risk from n where n.alive group by n.birth_id
  ), r as (
    select b.id, b.id as birth_id, null::uuid as newborn_id, 'mother' as kind, null::smallint as birth_order,
           true as live_born, true as alive, '{}'::text[] as markers, null::date as kmc_discharged_on,
           b.record_key
      from b
    union all
    select n.id, n.birth_id, n.id, 'newborn', n.birth_order, n.live_born, n.alive, n.markers, n.kmc_discharged_on,
           n.record_key
      from n
  )
  insert into pnc_subjects as s (id, birth_id, newborn_id, kind, birth_order, facility_id, commune_id, assigned_unit_id,
                                 country_id, born_at, birth_date, day0, live_born, alive, counted, risk_markers, pair_risk,
                                 kmc_day0, record_key)
  select r.id, r.birth_id, r.newborn_id, r.kind, r.birth_order, b.facility_id, b.mother_commune_id,
         case when b.mother_commune_id in (select id from reach) then b.mother_commune_id else b.facility_id end,
         b.country_id, b.born_at, b.birth_date, b.day0, r.live_born, r.alive,
         ${countedSql('b')}, r.markers, coalesce(pr.pair_risk, 0),
         (r.kmc_discharged_on::timestamp at time zone b.timezone), r.record_key
    from r join b on b.id = r.birth_id left join pr on pr.birth_id = r.birth_id
  on conflict (id) do update set
    birth_order = excluded.birth_order, facility_id = excluded.facility_id, commune_id = excluded.commune_id,
    assigned_unit_id = excluded.assigned_unit_id, country_id = excluded.country_id, born_at = excluded.born_at,
    birth_date = excluded.birth_date, day0 = excluded.day0, live_born = excluded.live_born, alive = excluded.alive,
    risk_markers = excluded.risk_markers, pair_risk = excluded.pair_risk, kmc_day0 = excluded.kmc_day0,
    updated_at = now()
  where (s.birth_order, s.facility_id, s.commune_id, s.assigned_unit_id, s.country_id, s.born_at, s.birth_date, s.day0,
         s.live_born, s.alive, s.risk_markers, s.pair_risk, s.kmc_day0)
        is distinct from
        (excluded.birth_order, excluded.facility_id, excluded.commune_id, excluded.assigned_unit_id,
         excluded.country_id, excluded.born_at, excluded.birth_date, excluded.day0, excluded.live_born,
         excluded.alive, excluded.risk_markers, excluded.pair_risk, excluded.kmc_day0);
end
$$;
`;

/**
 * The mothers' subjects of a statement's inserted births (trigger of `births`): the fast path of bulk
 * inserts, straight from the transition table. 0020's body, with the counted window from its constant.
 */
export const BIRTHS_INSERTED_FUNCTION = `create or replace function pnc_births_inserted() returns trigger language plpgsql as $$
begin
  with reach as (
    select pnc_reached_communes(array(select distinct mother_commune_id from pnc_new_rows
                                       where mother_commune_id is not null)) as id
  )
  insert into pnc_subjects (id, birth_id, kind, facility_id, commune_id, assigned_unit_id, country_id, born_at,
                            birth_date, day0, live_born, alive, counted, record_key)
  select n.id, n.id, 'mother', n.facility_id, n.mother_commune_id,
         case when n.mother_commune_id in (select id from reach) then n.mother_commune_id else n.facility_id end,
         nullif(split_part(f.path, '/', 3), '')::uuid, n.born_at, n.birth_date, x.day0, true, true,
         ${countedSql('x')}, n.record_key
    from pnc_new_rows n join org_units f on f.id = n.facility_id
   cross join lateral (select (n.birth_date::timestamp at time zone f.timezone) as day0, n.created_at) x;
  return null;
end
$$;
`;

/** The babies' subjects of a statement's inserted newborns (trigger of `newborns`). */
export const NEWBORNS_INSERTED_FUNCTION = `create or replace function pnc_newborns_inserted() returns trigger language plpgsql as $$
declare
  inserted integer;
  risky_births uuid[];
  risky_values smallint[];
begin
  -- The babies' rows take the birth's facts from the mother's row (one primary-key lookup each).
  with n as (
    select n.*, pnc_newborn_markers(n) as markers,
           pnc_newborn_alive(n.outcome, n.discharge_status, n.resuscitation_outcome) as is_alive
      from pnc_new_rows n
  ), pr as (
    select birth_id, coalesce(sum(cardinality(markers)) filter (where is_alive), 0)::smallint as pair_risk
      from n group by birth_id
  ), ins as (
    insert into pnc_subjects (id, birth_id, newborn_id, kind, birth_order, facility_id, commune_id, assigned_unit_id,
                              country_id, born_at, birth_date, day0, live_born, alive, counted, risk_markers, pair_risk,
                              record_key)
    select n.id, n.birth_id, n.id, 'newborn', n.birth_order, m.facility_id, m.commune_id, m.assigned_unit_id,
           m.country_id, m.born_at, m.birth_date, m.day0, n.outcome = 'live_birth', n.is_alive, m.counted, n.markers,
           pr.pair_risk, n.record_key
      from n join pnc_subjects m on m.id = n.birth_id join pr on pr.birth_id = n.birth_id
    returning birth_id, pair_risk
  ), risky as (
    select distinct birth_id, pair_risk from ins where pair_risk > 0
  )
  select (select count(*) from ins), array(select birth_id from risky order by birth_id),
         array(select pair_risk from risky order by birth_id)
    into inserted, risky_births, risky_values;
  -- Babies of a birth that has no subject yet (written while the births trigger was disabled), or
  -- added to a birth that already had babies: derive the whole birth again.
  if inserted < (select count(*) from pnc_new_rows)
     or exists (select 1 from (select birth_id, count(*) as n from pnc_new_rows group by birth_id) x
                 where (select count(*) from newborns o where o.birth_id = x.birth_id) > x.n) then
    perform pnc_sync_subjects(array(select distinct birth_id from pnc_new_rows));
  elsif cardinality(risky_births) > 0 then
    -- Only the mothers of pairs with a marked baby need their pair risk set.
    update pnc_subjects s set pair_risk = v.pair_risk
      from unnest(risky_births, risky_values) as v (birth_id, pair_risk)
     where s.id = v.birth_id and s.pair_risk is distinct from v.pair_risk;
  end if;
  return null;
end
$$;
`;
