-- Offline sync (issue 18): a postnatal visit is logged where the postnatal worklist finds it, not only at
-- its birth's facility. The worklist reads a birth's follow-up at the facility and at the unit it is
-- assigned to (`pnc_subjects.assigned_unit_id`: the mother's commune when it has postnatal workers, set by
-- the PNC schema, 0020); the change log now names that unit's path too, so that a commune's worker pulls
-- the contacts others record for the mothers of the commune. The mother's subject has the birth's id.
alter table sync_changes add column follow_up_path text;

create or replace function sync_log_pnc_visits() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path)
    select 'pnc_visit', n.id, f.path, null, u.path
      from new_rows n join births b on b.id = n.birth_id join org_units f on f.id = b.facility_id
      left join pnc_subjects s on s.id = n.birth_id left join org_units u on u.id = s.assigned_unit_id;
  elsif tg_op = 'UPDATE' then
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path)
    select 'pnc_visit', n.id, f.path, f.path, u.path
      from new_rows n join births b on b.id = n.birth_id join org_units f on f.id = b.facility_id
      left join pnc_subjects s on s.id = n.birth_id left join org_units u on u.id = s.assigned_unit_id;
  else
    -- The birth may be gone with its visits (a cascade): then its facility is unknown here and nothing
    -- is logged; devices drop the contacts of a birth whose removal they pull (web sync-engine.ts).
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path)
    select 'pnc_visit', o.id, null, f.path, u.path
      from old_rows o join births b on b.id = o.birth_id join org_units f on f.id = b.facility_id
      left join pnc_subjects s on s.id = o.birth_id left join org_units u on u.id = s.assigned_unit_id;
  end if;
  return null;
end $$;
