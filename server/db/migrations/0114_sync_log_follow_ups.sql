-- Offline sync (issue 18): a commune's postnatal worker pulls, through the change log, the mothers handed
-- over to the commune after the device's first pull, the ones handed back or moved out of the area, and
-- the edits of a handed-over mother's birth record (names, phone, address, the babies' facts the
-- follow-up shows). 0107 logged visits at the unit their follow-up is assigned to
-- (`pnc_subjects.assigned_unit_id`, which the worklist reads); births are now logged there too:
--
-- - a birth's update row names the mother's follow-up unit after the write in `follow_up_path`, so an
--   edit reaches the commune's worker;
-- - the mother's follow-up subject (`pnc_subjects`, kind 'mother', id = the birth's id) logs a birth row
--   when its unit changes: `follow_up_path` the unit it goes to, `old_follow_up_path` the unit it leaves.
--   Hand-overs happen when a birth is recorded (its subject is derived after the insert, 0022, so the
--   birth's insert row cannot name it), when the mother's commune is edited, and when a commune gains or
--   loses its postnatal workers or is switched on or off (`pnc_reassign`): all of these write the
--   subject, so every writer (API, imports, sync push) feeds the log. A subject that stays at its birth facility adds no row: the birth's own row is there.
--
-- Pull (server/features/sync/sync-pull.service.ts) sends a reader without the birth document the
-- follow-up of each such birth that is on their worklist now, and the others as removals.
alter table sync_changes add column old_follow_up_path text;

-- The PNC triggers of `births` (pnc_births_update) run first (triggers fire in name order) and move the
-- subject: the unit read here is the one after the write.
create or replace function sync_log_births_updated() returns trigger language plpgsql as $$
begin
  insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path)
  select 'birth', n.id, f.path, fo.path, u.path
    from new_births n join old_births o on o.id = n.id
    join org_units f on f.id = n.facility_id join org_units fo on fo.id = o.facility_id
    left join pnc_subjects s on s.id = n.id left join org_units u on u.id = s.assigned_unit_id;
  return null;
end $$;

create function sync_log_follow_ups() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path)
    select 'birth', n.id, null, null, u.path
      from new_rows n join org_units u on u.id = n.assigned_unit_id
     where n.kind = 'mother' and n.assigned_unit_id <> n.facility_id;
  elsif tg_op = 'UPDATE' then
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path,
                              old_follow_up_path)
    select 'birth', n.id, null, null, u.path, uo.path
      from new_rows n join old_rows o on o.id = n.id
      join org_units u on u.id = n.assigned_unit_id join org_units uo on uo.id = o.assigned_unit_id
     where n.kind = 'mother' and n.assigned_unit_id <> o.assigned_unit_id;
  else
    -- A deleted birth takes its subjects with it (pnc_births_delete): the unit it leaves hears of it.
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path,
                              old_follow_up_path)
    select 'birth', o.id, null, null, null, u.path
      from old_rows o join org_units u on u.id = o.assigned_unit_id
     where o.kind = 'mother' and o.assigned_unit_id <> o.facility_id;
  end if;
  return null;
end $$;

create trigger sync_log_follow_ups_inserted after insert on pnc_subjects referencing new table as new_rows
  for each statement execute function sync_log_follow_ups();
create trigger sync_log_follow_ups_updated after update on pnc_subjects
  referencing new table as new_rows old table as old_rows for each statement execute function sync_log_follow_ups();
create trigger sync_log_follow_ups_deleted after delete on pnc_subjects referencing old table as old_rows
  for each statement execute function sync_log_follow_ups();
