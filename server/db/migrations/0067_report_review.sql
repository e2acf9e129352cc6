-- The reviewer pair of each country (assigned by the regional coordinator) and the query threads, each on
-- one value of one report version.
create table report_reviewers (
  country_id uuid not null references org_units (id),
  user_id uuid not null references users (id),
  assigned_by uuid references users (id),
  assigned_at timestamptz not null,
  primary key (country_id, user_id)
);
create index report_reviewers_user on report_reviewers (user_id);

create table report_queries (
  id uuid primary key,
  report_id uuid not null references country_reports (id) on delete cascade,
  value_key text not null,
  status text not null check (status in ('open', 'answered', 'closed')),
  created_by uuid references users (id),
  created_at timestamptz not null
);
create index report_queries_report on report_queries (report_id);

create table report_query_messages (
  id uuid primary key,
  -- Order of the thread (messages of one instant keep the order they were written in).
  seq bigint generated always as identity,
  query_id uuid not null references report_queries (id) on delete cascade,
  side text not null check (side in ('reviewer', 'author')),
  author_id uuid references users (id),
  body text not null,
  at timestamptz not null
);
create index report_query_messages_query on report_query_messages (query_id, seq);
