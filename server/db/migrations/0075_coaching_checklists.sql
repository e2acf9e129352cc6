-- Skills checklists of Module 2 coaching (issue 15, docs/coaching.md). A facilitator records a
-- checklist for a participant of a course, before or after coaching, on a mannequin or an observed
-- birth. The definitions are data in code (shared/coaching/checklists.ts); a record keeps the id and
-- version it was scored on, and its score, so a later version leaves it as scored.
create table coaching_checklists (
  id uuid primary key,
  course_id uuid not null,
  worker_id uuid not null,
  foreign key (course_id, worker_id) references coaching_participants (course_id, worker_id) on delete cascade,
  checklist_id text not null,
  checklist_version smallint not null check (checklist_version >= 1),
  moment text not null check (moment in ('before', 'after')),
  method text not null check (method in ('mannequin', 'observed_birth')),
  observed_on date not null,
  answers jsonb not null,
  total smallint not null check (total >= 0),
  max_total smallint not null check (max_total >= total),
  percent numeric(4, 1) check (percent between 0 and 100),
  domains jsonb not null,
  created_at timestamptz not null,
  created_by uuid references users (id)
);
create index coaching_checklists_course_idx on coaching_checklists (course_id, worker_id);
create index coaching_checklists_worker_idx on coaching_checklists (worker_id, observed_on);

-- The passing score (the certificate needs it) and the low band, per country (defaults 80 and 50).
alter table coaching_settings
  add column passing_percent smallint not null default 80 check (passing_percent between 1 and 100),
  add column low_band_percent smallint not null default 50 check (low_band_percent between 0 and 100),
  add constraint coaching_settings_bands_check check (low_band_percent < passing_percent);
