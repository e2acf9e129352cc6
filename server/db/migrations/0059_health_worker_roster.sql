-- Health-worker roster (EENC Module 2, docs/coaching.md): the people of a facility who may be coached,
-- the denominator of coaching coverage. A worker is one row; where they work is a history of postings,
-- so that a move or a deactivation keeps the past (a worker counts where they work at a period's end).

create table health_workers (
  id uuid primary key,
  -- The country whose settings (coverage window) apply; never changes with a move inside it.
  country_id uuid not null references org_units (id),
  name text not null,
  cadre text not null
    check (cadre in ('midwife', 'nurse', 'obstetrician', 'paediatrician', 'general_doctor', 'other')),
  phone text,
  -- A facilitator coaches others: national or provincial, certified on a date.
  facilitator_level text check (facilitator_level in ('national', 'provincial')),
  facilitator_certified_on date,
  check ((facilitator_level is null) = (facilitator_certified_on is null)),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);

-- One period of work at one facility and ward. ended_on is the first day the worker no longer works
-- there (deactivation or move): from that date they leave the facility's denominator.
create table health_worker_postings (
  id uuid primary key,
  worker_id uuid not null references health_workers (id),
  facility_id uuid not null references org_units (id),
  ward text not null check (ward in ('delivery_room', 'postnatal_ward')),
  active_from date not null,
  ended_on date,
  check (ended_on is null or ended_on > active_from),
  created_at timestamptz not null default now(),
  created_by uuid references users (id)
);
-- At most one open posting per worker: the roster they are on now.
create unique index health_worker_postings_open_idx on health_worker_postings (worker_id) where ended_on is null;
create index health_worker_postings_facility_idx on health_worker_postings (facility_id, active_from);
create index health_worker_postings_worker_idx on health_worker_postings (worker_id, active_from);
