-- Offline sync (issue 18): every pushed operation, stored in the transaction of its write, so that a
-- replayed operation (a retry after a lost answer or a crash) returns its first result and writes nothing.
create table sync_operations (
  op_id uuid primary key,
  device_id uuid not null,
  seq bigint not null,
  user_id uuid references users (id),
  record_type text not null,
  record_id uuid not null,
  kind text not null check (kind in ('create', 'update', 'delete')),
  status text not null check (status in ('applied', 'conflict', 'rejected')),
  -- The change as sent: a later operation of the same device was made on a view that held it.
  patch jsonb not null,
  -- The record's version after the operation.
  result_version integer,
  result jsonb not null,
  at timestamptz not null default now()
);
create index sync_operations_device_record_idx on sync_operations (device_id, record_id, seq);
