-- Hospital self-assessment (EENC Module 3): versioned checklists, assessments with one record per filled-in
-- form, action plans, and the EENC status ladder computed from them (shared/assessments/).

-- A checklist version is a whole definition (shared/assessments/checklist.schema.ts). country_id null =
-- a regional default shipped with the app. Published versions never change: assessments point at them.
create table checklist_versions (
  id uuid primary key,
  country_id uuid references org_units (id),
  based_on_id uuid references checklist_versions (id),
  label text not null,
  status text not null check (status in ('draft', 'published', 'retired')),
  definition jsonb not null,
  published_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create index checklist_versions_country_idx on checklist_versions (country_id, status, published_at desc);

create table assessments (
  id uuid primary key,
  facility_id uuid not null references org_units (id),
  checklist_version_id uuid not null references checklist_versions (id),
  period_start date not null,
  period_end date not null,
  status text not null check (status in ('in_progress', 'completed')),
  notes text,
  -- Facility-local date of completion: the "assessed" step of the ladder.
  assessed_on date,
  completed_at timestamptz,
  completed_by uuid references users (id),
  -- Results frozen at completion (standards, area scores, priorities); computed live while in progress.
  results jsonb,
  meets_standards boolean,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id),
  check (period_end >= period_start),
  check ((status = 'completed') = (assessed_on is not null and results is not null and meets_standards is not null))
);
create index assessments_facility_idx on assessments (facility_id, period_end desc, id);
create index assessments_completed_idx on assessments (facility_id, assessed_on) where status = 'completed';

-- One filled-in form: an observed birth, an interviewed mother, a chart, or the single policy review,
-- register summary and walk-through. Answers keyed by checklist item id. Interview and chart forms hold
-- no names by design; their free text is withheld from readers outside facility scope.
create table assessment_records (
  id uuid primary key,
  assessment_id uuid not null references assessments (id) on delete cascade,
  section_id text not null,
  seq bigint generated always as identity,
  answers jsonb not null default '{}',
  -- Register summary: counts computed from the birth register when pre-filled, and the items whose
  -- confirmed value differs from them (edited by the team).
  prefill jsonb,
  edited_items text[] not null default '{}',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create index assessment_records_assessment_idx on assessment_records (assessment_id, seq);

create table assessment_actions (
  id uuid primary key,
  assessment_id uuid not null references assessments (id) on delete cascade,
  facility_id uuid not null references org_units (id),
  source_kind text check (source_kind in ('standard', 'area', 'item')),
  source_id text,
  problem text not null,
  action text not null,
  responsible text not null,
  resources text,
  due_date date not null,
  status text not null check (status in ('planned', 'in_progress', 'done', 'cancelled')),
  progress_note text,
  done_on date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id),
  check ((source_kind is null) = (source_id is null))
);
create index assessment_actions_assessment_idx on assessment_actions (assessment_id, due_date);
create index assessment_actions_facility_idx on assessment_actions (facility_id, status, due_date);

-- The EENC status ladder (introduced → team formed → assessed → meets standards). The indicators feature
-- reads it only through this view; same column names, types and order as its placeholder.
-- assessed_on: the first completed assessment; meets_standards_on: the first completed assessment in
-- which every standard required for the status was met (docs/assessments.md).
create or replace view facility_eenc_status as
  select o.id as facility_id,
         o.eenc_introduced_on as introduced_on,
         o.eenc_team_formed_on as team_formed_on,
         (select min(a.assessed_on) from assessments a
           where a.facility_id = o.id and a.status = 'completed')::date as assessed_on,
         (select min(a.assessed_on) from assessments a
           where a.facility_id = o.id and a.status = 'completed' and a.meets_standards)::date as meets_standards_on
    from org_units o
   where o.kind in ('facility', 'commune');
