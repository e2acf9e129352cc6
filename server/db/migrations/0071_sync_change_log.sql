-- Offline sync (issue 18): the change log that `GET /api/sync/pull` reads. A row per written birth, made
-- by triggers so that every writer (the API, imports, sync pushes) feeds it; statement-level triggers
-- with transition tables write one statement per statement, so an import of thousands of births pays
-- one insert, not one per row. `tx` is the writing transaction's id: a pull only trusts rows of
-- transactions older than its snapshot's xmin to be complete, so a write committed late under a lower
-- `seq` is never skipped (docs/offline.md).
create table sync_changes (
  seq bigint generated always as identity primary key,
  tx xid8 not null default pg_current_xact_id(),
  record_type text not null,
  record_id uuid not null,
  -- Where the record is after the write (null when deleted) and was before it (null when created):
  -- a record moved out of a reader's scope reaches that reader as a removal.
  facility_path text,
  old_facility_path text
);
create index sync_changes_tx_idx on sync_changes (tx, seq);

create function sync_log_births_inserted() returns trigger language plpgsql as $$
begin
  insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
  select 'birth', n.id, f.path, null from new_births n join org_units f on f.id = n.facility_id;
  return null;
end $$;

create function sync_log_births_updated() returns trigger language plpgsql as $$
begin
  insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
  select 'birth', n.id, f.path, fo.path
    from new_births n join old_births o on o.id = n.id
    join org_units f on f.id = n.facility_id join org_units fo on fo.id = o.facility_id;
  return null;
end $$;

create function sync_log_births_deleted() returns trigger language plpgsql as $$
begin
  insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
  select 'birth', o.id, null, f.path from old_births o join org_units f on f.id = o.facility_id;
  return null;
end $$;

create trigger sync_log_births_inserted after insert on births
  referencing new table as new_births for each statement execute function sync_log_births_inserted();
create trigger sync_log_births_updated after update on births
  referencing new table as new_births old table as old_births
  for each statement execute function sync_log_births_updated();
create trigger sync_log_births_deleted after delete on births
  referencing old table as old_births for each statement execute function sync_log_births_deleted();
