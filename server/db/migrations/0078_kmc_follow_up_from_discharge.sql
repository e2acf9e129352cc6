-- The KMC follow-up contacts count from the discharge in KMC, not from the birth (issue 16): a baby who
-- stayed three weeks on the ward lost three weekly contacts by its discharge. Each contact now has an
-- anchor (shared/pnc/contact-anchor.ts): the birth by default, the discharge in KMC for the KMC
-- contacts. What an anchor counts from is generated after migrations as `pnc_contact_anchor`
-- (server/features/indicators/pnc-anchor.sql.ts); this declaration only lets the view be created.
create function pnc_contact_anchor(anchor text, days boolean, born_at timestamptz, day0 timestamptz,
                                   kmc_day0 timestamptz) returns timestamptz language sql immutable as $$
  select null::timestamptz
$$;

-- The local midnight that starts the date of the baby's discharge in KMC (null otherwise), kept by
-- pnc_sync_subjects (generated); a partial index for the worklist and the reminders, which read the
-- few babies discharged in KMC apart. (`if not exists`: an upgrade test gives the previous release the
-- column that today's generated functions read.)
alter table pnc_subjects add column if not exists kmc_day0 timestamptz;
create index pnc_subjects_kmc_idx on pnc_subjects (kmc_day0) where kmc_day0 is not null;

-- Existing databases: the babies already discharged in KMC. Recorded contacts are not touched; open
-- ones are due from the discharge from now on.
update pnc_subjects s
   set kmc_day0 = (e.discharged_on::timestamp at time zone f.timezone)
  from kmc_episodes e, births b, org_units f
 where e.newborn_id = s.id and e.outcome = 'discharged_in_kmc' and b.id = s.birth_id and f.id = b.facility_id;

-- Schedules a country stored: its KMC follow-up contacts (for the kmc_follow_up marker alone) were the
-- defaults copied or edited, all meant as weeks after the discharge.
update country_settings cs
   set pnc = jsonb_set(cs.pnc, '{contacts}', (
         select jsonb_agg(case when c -> 'onlyForMarkers' = '["kmc_follow_up"]'::jsonb
                               then c || '{"anchor": "kmc_discharge"}'::jsonb else c end order by x.ord)
           from jsonb_array_elements(cs.pnc -> 'contacts') with ordinality as x (c, ord)))
 where jsonb_typeof(cs.pnc -> 'contacts') = 'array' and jsonb_array_length(cs.pnc -> 'contacts') > 0;

-- The entries with their anchor (a column added at the end: the view's others stay in place).
create or replace view pnc_schedule_entries as
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
       (e.v -> 'expiresAt' ->> 'value')::integer * case when (e.v -> 'expiresAt' ->> 'unit') = 'days' then 24 else 1 end as expires_h,
       coalesce(e.v ->> 'anchor', 'birth') as anchor
  from org_units c
  cross join lateral jsonb_array_elements(pnc_settings_of(c.id) -> 'contacts') with ordinality as e(v, ord)
 where c.kind = 'country';

-- 0055's view, each point from the contact's anchor.
create or replace view pnc_contact_facts as
select f.*,
       f.done_at is not null and f.done_at >= f.due_from and f.done_at < f.due_until as on_time
  from (
    select s.id as subject_id, s.kind as subject, s.birth_id, s.newborn_id, s.birth_order,
           e.code as contact_code, e.number as contact_number, e.core, e.stage,
           s.facility_id, s.commune_id, s.country_id, s.birth_date, s.born_at,
           pnc_contact_anchor(e.anchor, e.due_from_day0, s.born_at, s.day0, s.kmc_day0) + e.due_from_h * interval '1 hour' as due_from,
           pnc_contact_anchor(e.anchor, e.due_until_day0, s.born_at, s.day0, s.kmc_day0) + e.due_until_h * interval '1 hour' as due_until,
           pnc_contact_anchor(e.anchor, e.overdue_day0, s.born_at, s.day0, s.kmc_day0) + e.overdue_h * interval '1 hour' as overdue_at,
           pnc_contact_anchor(e.anchor, e.expires_day0, s.born_at, s.day0, s.kmc_day0) + e.expires_h * interval '1 hour' as expires_at,
           not s.alive or s.deceased as cancelled,
           not s.alive as died_in_facility,
           c.id as contact_id, c.done_at, c.place, c.danger_signs,
           cardinality(c.danger_signs) > 0 as danger_signs_found,
           c.referred, c.exclusive_bf_yesterday, c.referral_status, c.referral_outcome
      from pnc_subjects s
      join (select * from pnc_schedule_entries offset 0) e
        on e.country_id = s.country_id
       and pnc_contact_applies(subject_kind => s.kind, risk_markers => s.risk_markers,
                               danger_found => s.danger_found, for_mother => e.for_mother,
                               for_newborn => e.for_newborn, only_for_markers => e.only_for_markers)
      left join pnc_contacts c on c.subject_id = s.id and c.contact_code = e.code
     where s.live_born
  ) f;

-- A discharge in KMC written, moved or undone (by the KMC service, a seed or an edit) re-derives the
-- baby's follow-up subject, whose KMC contacts count from it.
create function pnc_kmc_episodes_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform pnc_sync_subjects(array(
      select distinct n.birth_id from pnc_new_rows e join newborns n on n.id = e.newborn_id
       where e.outcome = 'discharged_in_kmc'));
  elsif tg_op = 'UPDATE' then
    perform pnc_sync_subjects(array(
      select distinct n.birth_id
        from pnc_new_rows e join pnc_old_rows o on o.id = e.id join newborns n on n.id in (e.newborn_id, o.newborn_id)
       where (e.newborn_id, e.discharged_on, e.outcome) is distinct from (o.newborn_id, o.discharged_on, o.outcome)
         and 'discharged_in_kmc' in (e.outcome, o.outcome)));
  else
    perform pnc_sync_subjects(array(
      select distinct n.birth_id from pnc_old_rows e join newborns n on n.id = e.newborn_id
       where e.outcome = 'discharged_in_kmc'));
  end if;
  return null;
end
$$;
create trigger pnc_kmc_episodes_insert after insert on kmc_episodes
  referencing new table as pnc_new_rows for each statement execute function pnc_kmc_episodes_changed();
create trigger pnc_kmc_episodes_update after update on kmc_episodes
  referencing old table as pnc_old_rows new table as pnc_new_rows
  for each statement execute function pnc_kmc_episodes_changed();
create trigger pnc_kmc_episodes_delete after delete on kmc_episodes
  referencing old table as pnc_old_rows for each statement execute function pnc_kmc_episodes_changed();
