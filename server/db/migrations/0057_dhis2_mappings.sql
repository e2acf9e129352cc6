-- DHIS2 aggregate exchange (docs/dhis2.md): which DHIS2 data element and category option combo each
-- OpenEENC count fills. A mapping is edited as a whole; every saved version is kept, so that an export
-- or a push can say which version produced it and an old one can be read back.
create table dhis2_mappings (
  id uuid primary key,
  name text not null,
  data_set jsonb not null,
  data_elements jsonb not null,
  category_option_combos jsonb not null,
  rows jsonb not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);

create table dhis2_mapping_versions (
  mapping_id uuid not null references dhis2_mappings (id) on delete cascade,
  version integer not null,
  data_set jsonb not null,
  data_elements jsonb not null,
  category_option_combos jsonb not null,
  rows jsonb not null,
  saved_at timestamptz not null,
  saved_by uuid references users (id),
  primary key (mapping_id, version)
);
