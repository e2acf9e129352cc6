-- The values of a report version: computed by the indicator engine (numerator, denominator, source and
-- drill-down kept) or typed in (text with a required evidence note), each with its review decision.
create table report_values (
  report_id uuid not null references country_reports (id) on delete cascade,
  key text not null,
  kind text not null check (kind in ('computed', 'manual')),
  section text not null,
  position integer not null,
  indicator_id text,
  unit text not null,
  numerator double precision,
  denominator double precision,
  value double precision,
  text_value text,
  source text not null default '',
  drill_down text,
  review text not null default 'pending' check (review in ('pending', 'validated', 'not_validated')),
  review_comment text,
  reviewed_by uuid references users (id),
  reviewed_at timestamptz,
  check (kind = 'computed' or source <> ''),
  primary key (report_id, key)
);
