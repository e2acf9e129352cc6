-- Postnatal follow-up (issue 5): who is followed (pnc_subjects, kept by triggers from births and
-- newborns whatever wrote them), the schedule as data per country (country_settings.pnc), what was
-- recorded (pnc_visits, pnc_contacts), reminders (pnc_reminders outbox) and the indicator-friendly
-- view pnc_contact_facts. Why a subject table and not one row per scheduled contact: docs/decisions.md.

-- Schedule and reminder settings per country (shared/pnc/pnc-settings.ts); '{}' = the defaults.
alter table country_settings add column pnc jsonb not null default '{}';
alter table country_settings add column pnc_version integer not null default 0;
-- A country may set its PNC schedule without touching its EENC thresholds ('{}' = EENC defaults).
alter table country_settings alter column eenc set default '{}';

-- The defaults of shared/pnc/pnc-settings.ts DEFAULT_PNC_SETTINGS (a test keeps the two equal).
create function pnc_default_settings() returns jsonb language sql immutable as $$
  select '{"contacts":[{"code":"c1","number":1,"core":true,"subjects":["mother","newborn"],"onlyForMarkers":[],"stage":"facility","remind":false,"dueFrom":{"unit":"hours","value":0},"dueUntil":{"unit":"hours","value":24},"overdueFrom":{"unit":"hours","value":48},"expiresAt":{"unit":"days","value":49}},{"code":"c2","number":2,"core":true,"subjects":["mother","newborn"],"onlyForMarkers":[],"stage":"commune","remind":true,"dueFrom":{"unit":"hours","value":48},"dueUntil":{"unit":"hours","value":72},"overdueFrom":{"unit":"days","value":7},"expiresAt":{"unit":"days","value":49}},{"code":"x5","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["low_birth_weight","preterm","resuscitated","kmc","referred_at_discharge","danger_signs"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":5},"dueUntil":{"unit":"days","value":6},"overdueFrom":{"unit":"days","value":7},"expiresAt":{"unit":"days","value":49}},{"code":"c3","number":3,"core":true,"subjects":["mother","newborn"],"onlyForMarkers":[],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":7},"dueUntil":{"unit":"days","value":15},"overdueFrom":{"unit":"days","value":42},"expiresAt":{"unit":"days","value":49}},{"code":"x10","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["low_birth_weight","preterm","resuscitated","kmc","referred_at_discharge","danger_signs"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":10},"dueUntil":{"unit":"days","value":11},"overdueFrom":{"unit":"days","value":14},"expiresAt":{"unit":"days","value":49}},{"code":"c4","number":4,"core":true,"subjects":["mother","newborn"],"onlyForMarkers":[],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":42},"dueUntil":{"unit":"days","value":49},"overdueFrom":{"unit":"days","value":49},"expiresAt":{"unit":"days","value":49}}],"reminderLeadHours":24,"defaultLanguage":"en","reminderTemplates":{},"upcomingDays":7}'::jsonb
$$;

create function pnc_settings_of(p_country uuid) returns jsonb language sql stable as $$
  select pnc_default_settings() || coalesce((select pnc from country_settings where country_id = p_country), '{}')
$$;

-- One row per contact definition and country. Offsets in hours; *_day0 = counted from the local
-- midnight that starts the birth date (days), otherwise from the instant of birth (hours).
create view pnc_schedule_entries as
select c.id as country_id,
       e.ord::smallint as ord,
       e.v ->> 'code' as code,
       (e.v ->> 'number')::smallint as number,
       (e.v ->> 'core')::boolean as core,
       (e.v -> 'subjects') ? 'mother' as for_mother,
       (e.v -> 'subjects') ? 'newborn' as for_newborn,
       array(select jsonb_array_elements_text(e.v -> 'onlyForMarkers')) as only_for_markers,
       e.v ->> 'stage' as stage,
       (e.v ->> 'remind')::boolean as remind,
       (e.v -> 'dueFrom' ->> 'unit') = 'days' as due_from_day0,
       (e.v -> 'dueFrom' ->> 'value')::integer * case when (e.v -> 'dueFrom' ->> 'unit') = 'days' then 24 else 1 end as due_from_h,
       (e.v -> 'dueUntil' ->> 'unit') = 'days' as due_until_day0,
       (e.v -> 'dueUntil' ->> 'value')::integer * case when (e.v -> 'dueUntil' ->> 'unit') = 'days' then 24 else 1 end as due_until_h,
       (e.v -> 'overdueFrom' ->> 'unit') = 'days' as overdue_day0,
       (e.v -> 'overdueFrom' ->> 'value')::integer * case when (e.v -> 'overdueFrom' ->> 'unit') = 'days' then 24 else 1 end as overdue_h,
       (e.v -> 'expiresAt' ->> 'unit') = 'days' as expires_day0,
       (e.v -> 'expiresAt' ->> 'value')::integer * case when (e.v -> 'expiresAt' ->> 'unit') = 'days' then 24 else 1 end as expires_h
  from org_units c
  cross join lateral jsonb_array_elements(pnc_settings_of(c.id) -> 'contacts') with ordinality as e(v, ord)
 where c.kind = 'country';

-- Roles whose users make postnatal contacts (shared/auth/roles.ts: pnc.write; a test keeps them equal).
create function pnc_worker_roles() returns text[] language sql immutable as $$
  select array['clinician', 'pnc_worker']
$$;

-- Communes (among the given ones) that an active user making postnatal contacts covers: their scope is
-- the commune or one of its ancestors. Pairs of other communes stay with the birth facility.
create function pnc_reached_communes(p_communes uuid[]) returns setof uuid language sql stable as $$
  select c.id from org_units c
   where c.id = any(p_communes) and c.kind = 'commune' and c.active
     and exists (select 1 from user_scopes us join users u on u.id = us.user_id
                  where u.active and u.role = any(pnc_worker_roles())
                    and us.org_unit_id = any(string_to_array(trim(both '/' from c.path), '/')::uuid[]))
$$;

-- Who is followed up: the mother of every delivery and every newborn (contacts only for live-born
-- babies still alive). Mirrors the birth record; written only by the triggers below, except the
-- columns under "kept by the PNC service", which summarise pnc_contacts for the worklist.
create table pnc_subjects (
  id uuid primary key, -- the birth id for the mother, the newborn id for a baby
  -- No foreign keys to births and newborns: the delete triggers below remove subjects by primary key.
  -- Each foreign key would cost a lookup per inserted row and an index for its cascade.
  birth_id uuid not null,
  newborn_id uuid,
  kind text not null check (kind in ('mother', 'newborn')),
  birth_order smallint,
  facility_id uuid not null,
  commune_id uuid,
  -- Who follows up after discharge: the mother's commune when a PNC worker covers it, else the facility.
  assigned_unit_id uuid not null,
  country_id uuid,
  born_at timestamptz not null,
  birth_date date not null,
  -- The local midnight that starts the birth date at the facility: day-based offsets count from it.
  day0 timestamptz not null,
  live_born boolean not null,
  alive boolean not null,
  -- Recorded while its follow-up could still be open (within 130 days of birth): kept in pnc_counts.
  counted boolean not null,
  -- low_birth_weight, preterm, resuscitated, kmc, referred_at_discharge (shared/pnc/pnc-settings.ts).
  risk_markers text[] not null default '{}',
  -- Markers of the live babies of the delivery, added up: the worklist puts riskier pairs first.
  pair_risk smallint not null default 0,
  -- Kept by the PNC service (server/features/pnc/pnc.repo.ts refreshSubjects).
  done_codes text[] not null default '{}',
  open_referral_codes text[] not null default '{}',
  danger_found boolean not null default false,
  pair_danger boolean not null default false,
  -- Died after discharge (a referral closed with the outcome "died"): no further contacts.
  deceased boolean not null default false,
  priority smallint generated always as ((case when pair_danger then 100 else 0 end) + pair_risk) stored,
  updated_at timestamptz not null default now()
);
create index pnc_subjects_commune_idx on pnc_subjects (commune_id, day0);
create index pnc_subjects_facility_idx on pnc_subjects (facility_id, day0);
-- Small partial indexes: open referrals, and pairs with risk markers or danger signs (listed first).
create index pnc_subjects_referral_idx on pnc_subjects (birth_id) where cardinality(open_referral_codes) > 0;
create index pnc_subjects_risky_commune_idx on pnc_subjects (commune_id, priority, day0) where priority > 0;
create index pnc_subjects_risky_facility_idx on pnc_subjects (facility_id, priority, day0) where priority > 0;

-- Pending contacts counted per org unit and all its ancestors, by day of birth and state, so that a
-- district's worklist adds up a few hundred rows instead of visiting every open contact. The state is
-- the raw facts (not the schedule): a settings change needs no recount. Kept by the triggers on
-- pnc_subjects; stage: 'facility' (contacts before discharge, at the birth facility), 'commune' (after
-- discharge, at the mother's commune) or 'orphan' (after discharge, kept at the facility).
create table pnc_counts (
  unit_id uuid not null,
  day0 timestamptz not null,
  stage text not null,
  kind text not null,
  active boolean not null,
  markers text[] not null,
  danger boolean not null,
  done text[] not null,
  priority smallint not null,
  n integer not null,
  primary key (unit_id, day0, stage, kind, active, markers, danger, done, priority)
);

-- Risk markers of a newborn from its birth record (shared/pnc/pnc-settings.ts RiskMarker).
create function pnc_newborn_markers(weight_band text, preterm_band text, bag_mask_started_seconds integer,
                                    breathing_at_birth boolean, kmc_eligible boolean, kmc_initiated boolean,
                                    discharge_status text) returns text[] language sql immutable as $$
  select array_remove(array[
    case when weight_band in ('lbw', 'vlbw', 'elbw') then 'low_birth_weight' end,
    case when preterm_band in ('extremely_preterm', 'very_preterm', 'moderate_late_preterm') then 'preterm' end,
    case when bag_mask_started_seconds is not null or breathing_at_birth = false then 'resuscitated' end,
    case when kmc_eligible or kmc_initiated then 'kmc' end,
    case when discharge_status = 'referred' then 'referred_at_discharge' end
  ], null)
$$;

-- Re-derives the subjects of the given births from births, newborns and the facility (time zone,
-- country, reach of the commune). Set-based: one statement per batch of births.
create function pnc_sync_subjects(p_birth_ids uuid[]) returns void language plpgsql as $$
begin
  if p_birth_ids is null or cardinality(p_birth_ids) = 0 then
    return;
  end if;
  with b as (
    select b.id, b.facility_id, b.mother_commune_id, b.born_at, b.birth_date, b.created_at,
           (b.birth_date::timestamp at time zone f.timezone) as day0,
           nullif(split_part(f.path, '/', 3), '')::uuid as country_id
      from births b join org_units f on f.id = b.facility_id
     where b.id = any(p_birth_ids)
  ), reach as (
    select pnc_reached_communes(array(select distinct mother_commune_id from b where mother_commune_id is not null)) as id
  ), n as (
    select n.id, n.birth_id, n.birth_order,
           n.outcome = 'live_birth' as live_born,
           n.outcome = 'live_birth' and n.discharge_status is distinct from 'died'
             and n.resuscitation_outcome is distinct from 'died' as alive,
           pnc_newborn_markers(n.weight_band, n.preterm_band, n.bag_mask_started_seconds, n.breathing_at_birth,
                               n.kmc_eligible, n.kmc_initiated, n.discharge_status) as markers
      from newborns n
     where n.birth_id = any(p_birth_ids)
  ), pr as (
    select n.birth_id, sum(cardinality(n.markers))::smallint as pair_risk from n where n.alive group by n.birth_id
  ), r as (
    select b.id, b.id as birth_id, null::uuid as newborn_id, 'mother' as kind, null::smallint as birth_order,
           true as live_born, true as alive, '{}'::text[] as markers
      from b
    union all
    select n.id, n.birth_id, n.id, 'newborn', n.birth_order, n.live_born, n.alive, n.markers
      from n
  )
  insert into pnc_subjects as s (id, birth_id, newborn_id, kind, birth_order, facility_id, commune_id, assigned_unit_id,
                                 country_id, born_at, birth_date, day0, live_born, alive, counted, risk_markers, pair_risk)
  select r.id, r.birth_id, r.newborn_id, r.kind, r.birth_order, b.facility_id, b.mother_commune_id,
         case when b.mother_commune_id in (select id from reach) then b.mother_commune_id else b.facility_id end,
         b.country_id, b.born_at, b.birth_date, b.day0, r.live_born, r.alive,
         b.day0 > b.created_at - interval '130 days', r.markers, coalesce(pr.pair_risk, 0)
    from r join b on b.id = r.birth_id left join pr on pr.birth_id = r.birth_id
  on conflict (id) do update set
    birth_order = excluded.birth_order, facility_id = excluded.facility_id, commune_id = excluded.commune_id,
    assigned_unit_id = excluded.assigned_unit_id, country_id = excluded.country_id, born_at = excluded.born_at,
    birth_date = excluded.birth_date, day0 = excluded.day0, live_born = excluded.live_born, alive = excluded.alive,
    risk_markers = excluded.risk_markers, pair_risk = excluded.pair_risk, updated_at = now()
  where (s.birth_order, s.facility_id, s.commune_id, s.assigned_unit_id, s.country_id, s.born_at, s.birth_date, s.day0,
         s.live_born, s.alive, s.risk_markers, s.pair_risk)
        is distinct from
        (excluded.birth_order, excluded.facility_id, excluded.commune_id, excluded.assigned_unit_id,
         excluded.country_id, excluded.born_at, excluded.birth_date, excluded.day0, excluded.live_born,
         excluded.alive, excluded.risk_markers, excluded.pair_risk);
end
$$;

-- Statement-level triggers with transition tables: a batch of 1,000 births costs a few set-based
-- statements. (PostgreSQL allows transition tables only on single-event triggers: one per event.)
create function pnc_births_inserted() returns trigger language plpgsql as $$
begin
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
create trigger pnc_births_insert after insert on births
  referencing new table as pnc_new_rows for each statement execute function pnc_births_inserted();

create function pnc_births_updated() returns trigger language plpgsql as $$
begin
  perform pnc_sync_subjects(array(
    select n.id from pnc_new_rows n join pnc_old_rows o on o.id = n.id
     where (n.born_at, n.birth_date, n.facility_id, n.mother_commune_id)
           is distinct from (o.born_at, o.birth_date, o.facility_id, o.mother_commune_id)));
  return null;
end
$$;
create trigger pnc_births_update after update on births
  referencing old table as pnc_old_rows new table as pnc_new_rows
  for each statement execute function pnc_births_updated();

create function pnc_newborns_inserted() returns trigger language plpgsql as $$
declare
  inserted integer;
  risky_births uuid[];
  risky_values smallint[];
begin
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
create trigger pnc_newborns_insert after insert on newborns
  referencing new table as pnc_new_rows for each statement execute function pnc_newborns_inserted();

create function pnc_newborns_updated() returns trigger language plpgsql as $$
begin
  perform pnc_sync_subjects(array(
    select n.birth_id from pnc_new_rows n join pnc_old_rows o on o.id = n.id
     where (n.birth_id, n.birth_order, n.outcome, n.discharge_status, n.resuscitation_outcome, n.weight_band,
            n.preterm_band, n.bag_mask_started_seconds, n.breathing_at_birth, n.kmc_eligible, n.kmc_initiated)
           is distinct from
           (o.birth_id, o.birth_order, o.outcome, o.discharge_status, o.resuscitation_outcome, o.weight_band,
            o.preterm_band, o.bag_mask_started_seconds, o.breathing_at_birth, o.kmc_eligible, o.kmc_initiated)
    union
    select o.birth_id from pnc_new_rows n join pnc_old_rows o on o.id = n.id where n.birth_id <> o.birth_id));
  return null;
end
$$;
create trigger pnc_newborns_update after update on newborns
  referencing old table as pnc_old_rows new table as pnc_new_rows
  for each statement execute function pnc_newborns_updated();

-- A deleted baby's or birth's subject goes with it (their recorded contacts follow by foreign key);
-- the pair risk of the babies left is recounted.
create function pnc_newborns_deleted() returns trigger language plpgsql as $$
begin
  delete from pnc_subjects where id in (select id from pnc_old_rows);
  perform pnc_sync_subjects(array(select distinct birth_id from pnc_old_rows));
  return null;
end
$$;
create trigger pnc_newborns_delete after delete on newborns
  referencing old table as pnc_old_rows for each statement execute function pnc_newborns_deleted();
create function pnc_births_deleted() returns trigger language plpgsql as $$
begin
  delete from pnc_subjects where id in (select id from pnc_old_rows);
  return null;
end
$$;
create trigger pnc_births_delete after delete on births
  referencing old table as pnc_old_rows for each statement execute function pnc_births_deleted();

-- pnc_counts follows every change of pnc_subjects: -1 for the old state, +1 for the new, at the unit
-- and each of its ancestors (read from its materialized path).
create function pnc_count_deltas_new() returns trigger language plpgsql as $$
begin
  with x as (
    select r.facility_id as unit, 'facility' as stage, r.day0, r.kind, r.alive and not r.deceased as active,
           r.risk_markers as markers, r.danger_found as danger, r.done_codes as done, r.priority
      from pnc_new_rows r where r.counted and r.live_born
    union all
    select r.assigned_unit_id, case when r.assigned_unit_id = r.commune_id then 'commune' else 'orphan' end,
           r.day0, r.kind, r.alive and not r.deceased, r.risk_markers, r.danger_found, r.done_codes, r.priority
      from pnc_new_rows r where r.counted and r.live_born
  ), g as (
    select unit, stage, day0, kind, active, markers, danger, done, priority, count(*)::integer as n
      from x group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ), anc as (
    select u.unit, a.id
      from (select distinct unit from g) u
      join org_units o on o.id = u.unit
     cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')::uuid[]) as a (id)
  )
  insert into pnc_counts as c (unit_id, day0, stage, kind, active, markers, danger, done, priority, n)
  select anc.id, g.day0, g.stage, g.kind, g.active, g.markers, g.danger, g.done, g.priority, sum(g.n)::integer
    from g join anc on anc.unit = g.unit
   group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (unit_id, day0, stage, kind, active, markers, danger, done, priority) do update set n = c.n + excluded.n;
  return null;
end
$$;
create trigger pnc_counts_insert after insert on pnc_subjects
  referencing new table as pnc_new_rows for each statement execute function pnc_count_deltas_new();

create function pnc_count_deltas_old() returns trigger language plpgsql as $$
begin
  with x as (
    select r.facility_id as unit, 'facility' as stage, r.day0, r.kind, r.alive and not r.deceased as active,
           r.risk_markers as markers, r.danger_found as danger, r.done_codes as done, r.priority
      from pnc_old_rows r where r.counted and r.live_born
    union all
    select r.assigned_unit_id, case when r.assigned_unit_id = r.commune_id then 'commune' else 'orphan' end,
           r.day0, r.kind, r.alive and not r.deceased, r.risk_markers, r.danger_found, r.done_codes, r.priority
      from pnc_old_rows r where r.counted and r.live_born
  ), g as (
    select unit, stage, day0, kind, active, markers, danger, done, priority, count(*)::integer as n
      from x group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ), anc as (
    select u.unit, a.id
      from (select distinct unit from g) u
      join org_units o on o.id = u.unit
     cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')::uuid[]) as a (id)
  )
  insert into pnc_counts as c (unit_id, day0, stage, kind, active, markers, danger, done, priority, n)
  select anc.id, g.day0, g.stage, g.kind, g.active, g.markers, g.danger, g.done, g.priority, -sum(g.n)::integer
    from g join anc on anc.unit = g.unit
   group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (unit_id, day0, stage, kind, active, markers, danger, done, priority) do update set n = c.n + excluded.n;
  return null;
end
$$;
create trigger pnc_counts_delete after delete on pnc_subjects
  referencing old table as pnc_old_rows for each statement execute function pnc_count_deltas_old();

create function pnc_count_deltas_changed() returns trigger language plpgsql as $$
begin
  insert into pnc_counts as c (unit_id, day0, stage, kind, active, markers, danger, done, priority, n)
  select a.id, x.day0, x.stage, x.kind, x.active, x.markers, x.danger, x.done, x.priority, sum(x.sign)::integer
    from (select r.* from (
            select o.*, -1 as sign from pnc_old_rows o join pnc_new_rows n on n.id = o.id
             where (o.facility_id, o.commune_id, o.assigned_unit_id, o.day0, o.kind, o.alive, o.deceased, o.risk_markers,
                    o.danger_found, o.done_codes, o.priority, o.counted, o.live_born)
                   is distinct from
                   (n.facility_id, n.commune_id, n.assigned_unit_id, n.day0, n.kind, n.alive, n.deceased, n.risk_markers,
                    n.danger_found, n.done_codes, n.priority, n.counted, n.live_born)
            union all
            select n.*, 1 from pnc_new_rows n join pnc_old_rows o on o.id = n.id
             where (o.facility_id, o.commune_id, o.assigned_unit_id, o.day0, o.kind, o.alive, o.deceased, o.risk_markers,
                    o.danger_found, o.done_codes, o.priority, o.counted, o.live_born)
                   is distinct from
                   (n.facility_id, n.commune_id, n.assigned_unit_id, n.day0, n.kind, n.alive, n.deceased, n.risk_markers,
                    n.danger_found, n.done_codes, n.priority, n.counted, n.live_born)) r
           where r.counted and r.live_born) y
   cross join lateral (
     select y.facility_id as unit, 'facility' as stage, y.day0, y.kind, y.alive and not y.deceased as active,
            y.risk_markers as markers, y.danger_found as danger, y.done_codes as done, y.priority, y.sign
     union all
     select y.assigned_unit_id, case when y.assigned_unit_id = y.commune_id then 'commune' else 'orphan' end,
            y.day0, y.kind, y.alive and not y.deceased, y.risk_markers, y.danger_found, y.done_codes, y.priority, y.sign
   ) x
    join org_units o on o.id = x.unit
   cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')::uuid[]) as a (id)
   group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (unit_id, day0, stage, kind, active, markers, danger, done, priority) do update set n = c.n + excluded.n;
  return null;
end
$$;
create trigger pnc_counts_update after update on pnc_subjects
  referencing old table as pnc_old_rows new table as pnc_new_rows
  for each statement execute function pnc_count_deltas_changed();

-- Org units: a facility whose time zone changes (or that moves to another country) re-dates its
-- schedules; a unit that moves carries its counts from its old ancestors to its new ones (its own
-- counts already add up its whole subtree); a commune switched on or off changes who follows up.
create function pnc_org_units_updated() returns trigger language plpgsql as $$
begin
  with moved as (
    select n.id, o.path as old_path, n.path as new_path
      from pnc_new_rows n join pnc_old_rows o on o.id = n.id
     where n.parent_id is distinct from o.parent_id
  ), shift as (
    select a.id as unit_id, c.day0, c.stage, c.kind, c.active, c.markers, c.danger, c.done, c.priority, -c.n as n
      from moved m join pnc_counts c on c.unit_id = m.id
     cross join lateral unnest(string_to_array(trim(both '/' from m.old_path), '/')::uuid[]) as a (id)
     where a.id <> m.id
    union all
    select a.id, c.day0, c.stage, c.kind, c.active, c.markers, c.danger, c.done, c.priority, c.n
      from moved m join pnc_counts c on c.unit_id = m.id
     cross join lateral unnest(string_to_array(trim(both '/' from m.new_path), '/')::uuid[]) as a (id)
     where a.id <> m.id
  )
  insert into pnc_counts as c (unit_id, day0, stage, kind, active, markers, danger, done, priority, n)
  select unit_id, day0, stage, kind, active, markers, danger, done, priority, sum(n)::integer
    from shift group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (unit_id, day0, stage, kind, active, markers, danger, done, priority) do update set n = c.n + excluded.n;
  perform pnc_sync_subjects(array(
    select b.id from births b
     where b.facility_id in (
       select n.id from pnc_new_rows n join pnc_old_rows o on o.id = n.id
        where n.kind in ('facility', 'commune')
          and (n.timezone is distinct from o.timezone
               or split_part(n.path, '/', 3) is distinct from split_part(o.path, '/', 3)))));
  perform pnc_reassign(array(
    select n.id from pnc_new_rows n join pnc_old_rows o on o.id = n.id
     where n.kind = 'commune' and n.active is distinct from o.active));
  return null;
end
$$;

-- Who follows up the pairs of these communes, after a change of PNC workers or of the communes.
create function pnc_reassign(p_communes uuid[]) returns void language plpgsql as $$
begin
  if p_communes is null or cardinality(p_communes) = 0 then
    return;
  end if;
  with reach as (select pnc_reached_communes(p_communes) as id)
  update pnc_subjects s
     set assigned_unit_id = case when s.commune_id in (select id from reach) then s.commune_id else s.facility_id end,
         updated_at = now()
   where s.commune_id = any(p_communes)
     and s.assigned_unit_id is distinct from
         case when s.commune_id in (select id from reach) then s.commune_id else s.facility_id end;
end
$$;
create trigger pnc_org_units_update after update on org_units
  referencing old table as pnc_old_rows new table as pnc_new_rows
  for each statement execute function pnc_org_units_updated();

-- A PNC worker given or removed a scope, or switched on or off: the communes under it change hands.
create function pnc_scopes_changed() returns trigger language plpgsql as $$
begin
  perform pnc_reassign(array(
    select c.id from pnc_changed_rows x join org_units s on s.id = x.org_unit_id
      join org_units c on c.kind = 'commune' and c.path like s.path || '%'));
  return null;
end
$$;
create trigger pnc_user_scopes_insert after insert on user_scopes
  referencing new table as pnc_changed_rows for each statement execute function pnc_scopes_changed();
create trigger pnc_user_scopes_delete after delete on user_scopes
  referencing old table as pnc_changed_rows for each statement execute function pnc_scopes_changed();

create function pnc_users_changed() returns trigger language plpgsql as $$
begin
  perform pnc_reassign(array(
    select c.id from pnc_new_rows n join pnc_old_rows o on o.id = n.id
      join user_scopes us on us.user_id = n.id join org_units s on s.id = us.org_unit_id
      join org_units c on c.kind = 'commune' and c.path like s.path || '%'
     where (n.role, n.active) is distinct from (o.role, o.active)
       and (n.role = any(pnc_worker_roles()) or o.role = any(pnc_worker_roles()))));
  return null;
end
$$;
create trigger pnc_users_update after update on users
  referencing old table as pnc_old_rows new table as pnc_new_rows
  for each statement execute function pnc_users_changed();

-- A visit of the pair for one scheduled contact (date, place, who); results per subject in pnc_contacts.
create table pnc_visits (
  id uuid primary key,
  birth_id uuid not null references births (id) on delete cascade,
  contact_code text not null,
  visited_at timestamptz not null,
  place text not null check (place in ('facility', 'home')),
  seen_by text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create index pnc_visits_birth_idx on pnc_visits (birth_id, visited_at);

-- What was recorded for one subject at one contact, and the referral case it opened.
create table pnc_contacts (
  id uuid primary key,
  visit_id uuid not null references pnc_visits (id) on delete cascade,
  subject_id uuid not null references pnc_subjects (id) on delete cascade,
  birth_id uuid not null references births (id) on delete cascade,
  kind text not null check (kind in ('mother', 'newborn')),
  contact_code text not null,
  done_at timestamptz not null,
  place text not null check (place in ('facility', 'home')),
  -- The values recorded (shared/pnc/pnc.schema.ts) and the findings of shared/pnc/pnc-rules.ts.
  observations jsonb not null,
  findings jsonb not null default '[]',
  -- Urgent findings (danger signs of the value set and threshold breaches, by code).
  danger_signs text[] not null default '{}',
  referred boolean,
  exclusive_bf_yesterday boolean,
  referral_status text check (referral_status in ('open', 'closed')),
  referral_opened_at timestamptz,
  referral_outcome text check (referral_outcome in ('treated_at_facility', 'admitted', 'recovered_at_home',
    'refused_referral', 'died', 'lost_to_follow_up', 'other')),
  referral_note text,
  referral_closed_at timestamptz,
  referral_closed_by uuid references users (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id),
  unique (subject_id, contact_code)
);
create index pnc_contacts_visit_idx on pnc_contacts (visit_id);
create index pnc_contacts_birth_idx on pnc_contacts (birth_id);
create index pnc_contacts_open_referral_idx on pnc_contacts (birth_id) where referral_status = 'open';

-- The mother's language and consent for reminders (absent row = country default, reminders on).
create table pnc_preferences (
  birth_id uuid primary key references births (id) on delete cascade,
  language text check (language ~ '^[a-z]{2,3}$'),
  reminders_enabled boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);

-- Where a PNC health worker receives the daily reminder (users have no phone of their own).
create table pnc_worker_profiles (
  user_id uuid primary key references users (id) on delete cascade,
  phone text,
  reminders_enabled boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Outbox of reminders. One row per idempotency key (mother: birth + contact; worker: user + due day),
-- so enqueueing twice is a no-op; a sender claims rows with a lease (status 'sending') before calling
-- the gateway with the same key, so a crash between send and mark is retried under the same key.
create table pnc_reminders (
  id uuid primary key,
  idempotency_key text not null unique,
  recipient text not null check (recipient in ('mother', 'worker')),
  birth_id uuid references births (id) on delete cascade,
  contact_code text,
  user_id uuid references users (id) on delete cascade,
  -- The local due day the reminder is about (worker digests), in the worker's commune time zone.
  due_date date,
  due_from timestamptz,
  language text not null,
  -- Worker digests: how many contacts are due that day, and how many with risk markers.
  payload jsonb not null default '{}',
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped')),
  attempts integer not null default 0,
  send_after timestamptz not null,
  next_attempt_at timestamptz not null,
  lease_owner text,
  lease_expires_at timestamptz,
  last_error text,
  provider_message_id text,
  -- The text sent (no names or phone numbers: those are looked up when sending).
  body text,
  sent_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((recipient = 'mother') = (birth_id is not null)),
  check ((recipient = 'worker') = (user_id is not null))
);
create index pnc_reminders_ready_idx on pnc_reminders (next_attempt_at) where status = 'pending';
create index pnc_reminders_lease_idx on pnc_reminders (lease_expires_at) where status = 'sending';
create index pnc_reminders_birth_idx on pnc_reminders (birth_id);

-- One row per scheduled contact of every subject: the place indicators read PNC facts from
-- (docs/pnc.md gives the numerator and denominator of each PNC indicator over it).
create view pnc_contact_facts as
select f.*,
       f.done_at is not null and f.done_at >= f.due_from and f.done_at < f.due_until as on_time
  from (
    select s.id as subject_id, s.kind as subject, s.birth_id, s.newborn_id, s.birth_order,
           e.code as contact_code, e.number as contact_number, e.core, e.stage,
           s.facility_id, s.commune_id, s.country_id, s.birth_date, s.born_at,
           (case when e.due_from_day0 then s.day0 else s.born_at end) + e.due_from_h * interval '1 hour' as due_from,
           (case when e.due_until_day0 then s.day0 else s.born_at end) + e.due_until_h * interval '1 hour' as due_until,
           (case when e.overdue_day0 then s.day0 else s.born_at end) + e.overdue_h * interval '1 hour' as overdue_at,
           (case when e.expires_day0 then s.day0 else s.born_at end) + e.expires_h * interval '1 hour' as expires_at,
           not s.alive or s.deceased as cancelled,
           c.id as contact_id, c.done_at, c.place, c.danger_signs,
           cardinality(c.danger_signs) > 0 as danger_signs_found,
           c.referred, c.exclusive_bf_yesterday, c.referral_status, c.referral_outcome
      from pnc_subjects s
      join pnc_schedule_entries e
        on e.country_id = s.country_id
       and case when s.kind = 'mother' then e.for_mother
                else e.for_newborn and (cardinality(e.only_for_markers) = 0
                                        or s.risk_markers && e.only_for_markers
                                        or (s.danger_found and 'danger_signs' = any(e.only_for_markers)))
           end
      left join pnc_contacts c on c.subject_id = s.id and c.contact_code = e.code
     where s.live_born
  ) f;

-- Births recorded before this migration get their subjects now.
select pnc_sync_subjects(array(select id from births));
analyze pnc_subjects;
