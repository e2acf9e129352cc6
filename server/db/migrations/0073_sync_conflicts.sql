-- Offline sync (issue 18): the conflict inbox. An item is a field both sides changed to different values
-- (the server's value was kept), a change to a record deleted on the server, or a deletion on a device of
-- a record the server changed. Someone with write rights in the org unit resolves it (audited).
create table sync_conflicts (
  id uuid primary key,
  record_type text not null,
  record_id uuid not null,
  org_unit_id uuid not null references org_units (id),
  kind text not null check (kind in ('field', 'deleted_on_server', 'deleted_on_device')),
  path text,
  base_value jsonb,
  server_value jsonb,
  device_value jsonb,
  op_id uuid not null references sync_operations (op_id),
  device_user_id uuid references users (id),
  created_at timestamptz not null default now(),
  status text not null default 'open' check (status in ('open', 'resolved')),
  resolution text check (resolution in ('keep_server', 'take_device', 'edit')),
  resolved_by uuid references users (id),
  resolved_at timestamptz
);
create index sync_conflicts_open_idx on sync_conflicts (org_unit_id, created_at) where status = 'open';
create index sync_conflicts_record_idx on sync_conflicts (record_id);
