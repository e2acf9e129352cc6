-- Bulk birth writes (issue 3): cheaper per batch of births.
--
-- A writer of many births at once (server/features/births/births.repo.ts insertBirthRows: the CSV import
-- and the API's create) sets openeenc.pnc_subjects = 'deferred' for its statements and then derives every
-- postnatal subject of the batch with one pnc_sync_subjects call: mothers and babies in one insert, the
-- pair risk computed before the insert, instead of the mothers' rows from the births trigger, the
-- babies' rows from the newborns trigger and an update of the mothers' pair risk. Any other writer
-- (the synthetic generator, SQL by hand) still gets the subjects from the triggers.

create or replace function pnc_births_inserted() returns trigger language plpgsql as $$
begin
  -- Bulk writers (insertBirthRows) derive the subjects of a whole batch in one statement instead.
  if current_setting('openeenc.pnc_subjects', true) = 'deferred' then
    return null;
  end if;
  -- The fast path of bulk inserts: the mothers' rows straight from the transition table.
  with reach as (
    select pnc_reached_communes(array(select distinct mother_commune_id from pnc_new_rows
                                       where mother_commune_id is not null)) as id
  )
  insert into pnc_subjects (id, birth_id, kind, facility_id, commune_id, assigned_unit_id, country_id, born_at,
                            birth_date, day0, live_born, alive, counted)
  select n.id, n.id, 'mother', n.facility_id, n.mother_commune_id,
         case when n.mother_commune_id in (select id from reach) then n.mother_commune_id else n.facility_id end,
         nullif(split_part(f.path, '/', 3), '')::uuid, n.born_at, n.birth_date, x.day0, true, true,
         x.day0 > n.created_at - interval '130 days'
    from pnc_new_rows n join org_units f on f.id = n.facility_id
   cross join lateral (select (n.birth_date::timestamp at time zone f.timezone) as day0) x;
  return null;
end
$$;

create or replace function pnc_newborns_inserted() returns trigger language plpgsql as $$
declare
  inserted integer;
  risky_births uuid[];
  risky_values smallint[];
begin
  -- Bulk writers (insertBirthRows) derive the subjects of a whole batch in one statement instead.
  if current_setting('openeenc.pnc_subjects', true) = 'deferred' then
    return null;
  end if;
  -- The babies' rows take the birth's facts from the mother's row (one primary-key lookup each).
  with n as (
    select n.*, pnc_newborn_markers(n.weight_band, n.preterm_band, n.bag_mask_started_seconds, n.breathing_at_birth,
                                    n.kmc_eligible, n.kmc_initiated, n.discharge_status) as markers,
           n.outcome = 'live_birth' and n.discharge_status is distinct from 'died'
             and n.resuscitation_outcome is distinct from 'died' as is_alive
      from pnc_new_rows n
  ), pr as (
    select birth_id, coalesce(sum(cardinality(markers)) filter (where is_alive), 0)::smallint as pair_risk
      from n group by birth_id
  ), ins as (
    insert into pnc_subjects (id, birth_id, newborn_id, kind, birth_order, facility_id, commune_id, assigned_unit_id,
                              country_id, born_at, birth_date, day0, live_born, alive, counted, risk_markers, pair_risk)
    select n.id, n.birth_id, n.id, 'newborn', n.birth_order, m.facility_id, m.commune_id, m.assigned_unit_id,
           m.country_id, m.born_at, m.birth_date, m.day0, n.outcome = 'live_birth', n.is_alive, m.counted, n.markers,
           pr.pair_risk
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

-- The unique (birth_id, birth_order) index already serves every lookup by birth_id.
drop index newborns_birth_idx;
