-- A country's own versions of the coaching skills checklists (issue 15, docs/coaching.md). The shipped
-- checklists stay data in code (shared/coaching/checklists.ts); a national manager copies one for the
-- country and adapts its items. `checklist_id` names the country's checklist (the id of its first
-- version), `version` counts its versions: a version that has recorded results is never changed, an
-- edit then adds the next version. One copy of each shipped checklist per country.
create table coaching_checklist_versions (
  id uuid primary key,
  country_id uuid not null references org_units (id),
  checklist_id text not null,
  version smallint not null check (version >= 1),
  based_on_id text not null,
  module text not null,
  name jsonb not null,
  domains jsonb not null,
  row_version integer not null default 1,
  created_at timestamptz not null,
  created_by uuid references users (id),
  updated_at timestamptz not null,
  updated_by uuid references users (id),
  unique (checklist_id, version),
  unique (country_id, based_on_id, version)
);
