-- Offline sync (issue 18): the forms of Module 3 assessments (`assessment_records`) feed the change log
-- that pull reads, as births, visits and KMC days do (0071, 0093): statement-level triggers, every writer
-- included. A form is placed at its assessment's facility.
create function sync_log_assessment_records() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    -- A form deleted with its assessment (a cascade) finds no assessment here: those are logged by the
    -- assessment's own trigger below, before the cascade.
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
    select 'assessment_record', o.id, null, f.path
      from old_rows o join assessments a on a.id = o.assessment_id join org_units f on f.id = a.facility_id;
  else
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
    select 'assessment_record', n.id, f.path, f.path
      from new_rows n join assessments a on a.id = n.assessment_id join org_units f on f.id = a.facility_id;
  end if;
  return null;
end $$;

create trigger sync_log_assessment_records_inserted after insert on assessment_records
  referencing new table as new_rows for each statement execute function sync_log_assessment_records();
create trigger sync_log_assessment_records_updated after update on assessment_records
  referencing new table as new_rows old table as old_rows
  for each statement execute function sync_log_assessment_records();
create trigger sync_log_assessment_records_deleted after delete on assessment_records
  referencing old table as old_rows for each statement execute function sync_log_assessment_records();

-- An assessment deleted (only while in progress) takes its forms with it: their removal is logged while
-- they are still there, so that devices drop them.
create function sync_log_assessment_deleted() returns trigger language plpgsql as $$
begin
  insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
  select 'assessment_record', r.id, null, f.path
    from assessment_records r join org_units f on f.id = old.facility_id
   where r.assessment_id = old.id;
  return old;
end $$;

create trigger sync_log_assessment_deleted before delete on assessments
  for each row execute function sync_log_assessment_deleted();
