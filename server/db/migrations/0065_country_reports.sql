-- Country progress reports per biennium (issue 17): one row per version; a published version keeps its
-- aggregates-only snapshot (values and narrative as JSON) and is never changed again.
create table country_reports (
  id uuid primary key,
  country_id uuid not null references org_units (id),
  biennium text not null check (biennium ~ '^[0-9]{4}-[0-9]{4}$'),
  version integer not null default 1,
  previous_version_id uuid references country_reports (id),
  state text not null check (
    state in ('draft', 'submitted', 'under_review', 'queried', 'responded', 'validated', 'published')
  ),
  language text not null,
  narrative jsonb not null default '{}',
  computed_at timestamptz not null,
  snapshot jsonb,
  published_at timestamptz,
  row_version integer not null default 1,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (country_id, biennium, version)
);
create index country_reports_biennium on country_reports (biennium);
