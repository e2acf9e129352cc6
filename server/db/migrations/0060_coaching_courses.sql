-- Coaching courses (EENC Module 2, docs/coaching.md): a course at a venue facility, its facilitators and
-- participants from the roster, attendance and completion. A participant who completed a course is
-- coached on the course's last day (ends_on): the date the coverage indicators count from.

create table coaching_courses (
  id uuid primary key,
  venue_id uuid not null references org_units (id),
  module text not null check (module in ('eenc_routine', 'kmc')),
  starts_on date not null,
  ends_on date not null,
  days smallint not null check (days between 1 and 60),
  notes text,
  check (ends_on >= starts_on),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create index coaching_courses_venue_idx on coaching_courses (venue_id, starts_on);

create table coaching_facilitators (
  course_id uuid not null references coaching_courses (id) on delete cascade,
  worker_id uuid not null references health_workers (id),
  primary key (course_id, worker_id)
);

create table coaching_participants (
  course_id uuid not null references coaching_courses (id) on delete cascade,
  worker_id uuid not null references health_workers (id),
  days_attended smallint not null default 0 check (days_attended >= 0),
  completed boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (course_id, worker_id)
);
-- The coverage indicators look up a worker's completed courses.
create index coaching_participants_worker_idx on coaching_participants (worker_id) where completed;

-- Per-country coaching settings; absent = defaults (a worker is covered when coached in the last 3 years).
create table coaching_settings (
  country_id uuid primary key references org_units (id),
  coverage_years smallint not null default 3 check (coverage_years between 1 and 10),
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id)
);
