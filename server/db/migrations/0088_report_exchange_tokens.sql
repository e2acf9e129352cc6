-- Report exchange between instances, regional side (issue 17, docs/reports.md "Across instances"): the
-- coordinator's per-country tokens (only a SHA-256 hash is kept; the token is shown once) and, on a report
-- received from a country instance, which country-side version it is and the hash of its content, so that a
-- replayed submission finds the report it already made.
create table report_exchange_tokens (
  id uuid primary key,
  country_id uuid not null references org_units (id),
  token_hash text not null unique,
  -- The last characters of the token, to tell a country's tokens apart in the list.
  hint text not null,
  created_by uuid references users (id),
  created_at timestamptz not null,
  revoked_by uuid references users (id),
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index report_exchange_tokens_country on report_exchange_tokens (country_id);

alter table country_reports
  add column source_report_id uuid,
  add column content_hash text;
create unique index country_reports_source on country_reports (country_id, source_report_id)
  where source_report_id is not null;
