-- Foundation: org units, users and their scopes, sessions, login throttling and the append-only audit log.
-- Every record carries a client-generatable UUID, a version for optimistic concurrency, and who/when.

create table org_units (
  id uuid primary key,
  code text not null,
  name text not null,
  kind text not null check (kind in ('region', 'country', 'province', 'district', 'facility', 'commune')),
  level smallint not null check (level between 1 and 12),
  parent_id uuid references org_units (id),
  -- Materialized path '/<root id>/.../<own id>/': subtree queries are index range scans, never recursion.
  path text not null,
  facility_level text check (facility_level in ('central', 'provincial', 'district', 'commune', 'private')),
  provides_births boolean not null default false,
  timezone text not null,
  births_per_year integer check (births_per_year >= 0),
  eenc_introduced_on date,
  eenc_team_formed_on date,
  dhis2_id text,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  updated_by uuid,
  check ((parent_id is null) = (kind = 'region'))
);
create unique index org_units_code_key on org_units (lower(code));
create unique index org_units_dhis2_id_key on org_units (dhis2_id) where dhis2_id is not null;
create unique index org_units_path_key on org_units (path text_pattern_ops);
create index org_units_parent_idx on org_units (parent_id, name);

create table users (
  id uuid primary key,
  username text not null,
  display_name text not null,
  role text not null check (role in ('system_admin', 'national_manager', 'provincial_manager', 'hospital_lead',
    'clinician', 'coach', 'pnc_worker', 'partner_viewer')),
  profession text check (profession in ('midwife', 'nurse', 'doctor')),
  locale text not null default 'vi' check (locale in ('vi', 'en')),
  password_hash text not null,
  must_change_password boolean not null default false,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create unique index users_username_key on users (lower(username));

alter table org_units add foreign key (created_by) references users (id);
alter table org_units add foreign key (updated_by) references users (id);

create table user_scopes (
  user_id uuid not null references users (id) on delete cascade,
  org_unit_id uuid not null references org_units (id),
  primary key (user_id, org_unit_id)
);
create index user_scopes_org_unit_idx on user_scopes (org_unit_id);

-- Sessions live in the database so that several app instances can share them.
-- Only a hash of the cookie value is stored: a leaked table does not yield working sessions.
create table sessions (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

-- Fixed-window counters for login attempts per client address, shared by all instances.
create table login_throttle (
  bucket text primary key,
  window_start timestamptz not null,
  attempts integer not null
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_username text,
  action text not null,
  entity_type text not null,
  entity_id text,
  org_unit_id uuid,
  before jsonb,
  after jsonb,
  details jsonb
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, id desc);
create index audit_log_actor_idx on audit_log (actor_id, id desc);
create index audit_log_action_idx on audit_log (action, id desc);
create index audit_log_at_idx on audit_log (at);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
