-- Offline sync (issue 18): postnatal visits and KMC log days feed the change log that pull reads, as
-- births do (0071): statement-level triggers, one insert per statement, every writer included. A visit
-- is placed at its birth's facility, a log day at its episode's facility.
create function sync_log_pnc_visits() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
    select 'pnc_visit', n.id, f.path, null
      from new_rows n join births b on b.id = n.birth_id join org_units f on f.id = b.facility_id;
  elsif tg_op = 'UPDATE' then
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
    select 'pnc_visit', n.id, f.path, f.path
      from new_rows n join births b on b.id = n.birth_id join org_units f on f.id = b.facility_id;
  else
    -- The birth may be gone with its visits (a cascade): then its facility is unknown here and nothing
    -- is logged; devices drop the contacts of a birth whose removal they pull (web sync-engine.ts).
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
    select 'pnc_visit', o.id, null, f.path
      from old_rows o join births b on b.id = o.birth_id join org_units f on f.id = b.facility_id;
  end if;
  return null;
end $$;


create function sync_log_kmc_logs() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
    select 'kmc_log', o.sync_id, null, f.path
      from old_rows o join kmc_episodes e on e.id = o.episode_id join org_units f on f.id = e.facility_id;
  else
    insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
    select 'kmc_log', n.sync_id, f.path, f.path
      from new_rows n join kmc_episodes e on e.id = n.episode_id join org_units f on f.id = e.facility_id;
  end if;
  return null;
end $$;

-- The same three statement triggers on both tables (transition tables `new_rows` and `old_rows`).
do $$
declare
  t record;
begin
  for t in select * from (values ('pnc_visits', 'sync_log_pnc_visits'), ('kmc_daily_logs', 'sync_log_kmc_logs')) as v (tbl, fn)
  loop
    execute format('create trigger %I after insert on %I referencing new table as new_rows
      for each statement execute function %I()', t.fn || '_inserted', t.tbl, t.fn);
    execute format('create trigger %I after update on %I referencing new table as new_rows old table as old_rows
      for each statement execute function %I()', t.fn || '_updated', t.tbl, t.fn);
    execute format('create trigger %I after delete on %I referencing old table as old_rows
      for each statement execute function %I()', t.fn || '_deleted', t.tbl, t.fn);
  end loop;
end $$;
