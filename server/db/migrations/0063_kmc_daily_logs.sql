-- The daily log of a baby in KMC (issue 16): one row per day, corrected with its version.
create table kmc_daily_logs (
  episode_id uuid not null references kmc_episodes (id) on delete cascade,
  log_date date not null,
  ssc_hours numeric(3, 1) check (ssc_hours between 0 and 24),
  feeding text check (feeding in ('exclusive_breast_milk', 'mixed', 'formula', 'tube_or_cup')),
  weight_grams integer check (weight_grams between 400 and 6000),
  lowest_temperature_c numeric(3, 1) check (lowest_temperature_c between 30 and 42),
  danger_signs text[] not null default '{}',
  weight_jump_confirmed boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  created_by uuid references users (id),
  updated_by uuid references users (id),
  primary key (episode_id, log_date)
);
