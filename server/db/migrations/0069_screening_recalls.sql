-- Recalls of cervical screening: one row per woman, reason and basis (the event it is about, or 'never'),
-- so the nightly sweep recalls a woman once, not every night.
create table screening_recalls (
  client_id uuid not null references screening_clients (id) on delete cascade,
  reason text not null check (reason in ('never_screened', 'result_missing', 'positive_untreated')),
  basis text not null,
  recall_on date not null,
  created_at timestamptz not null default now(),
  primary key (client_id, reason, basis)
);
