-- Offline sync (issue 18): the change log that `GET /api/sync/pull` reads. A row per write of a birth,
-- made by a trigger so that every writer (the API, imports, sync pushes) feeds it. `tx` is the writing
-- transaction's id: a pull only trusts rows of transactions older than its snapshot's xmin to be
-- complete, so a write committed late under a lower `seq` is never skipped (docs/offline.md).
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

create function sync_log_birth() returns trigger language plpgsql as $$
begin
  insert into sync_changes (record_type, record_id, facility_path, old_facility_path)
  values ('birth',
          coalesce(new.id, old.id),
          case when tg_op = 'DELETE' then null
               else (select path from org_units where id = new.facility_id) end,
          case when tg_op = 'INSERT' then null
               else (select path from org_units where id = old.facility_id) end);
  return null;
end $$;

create trigger sync_log_birth after insert or update or delete on births
  for each row execute function sync_log_birth();
