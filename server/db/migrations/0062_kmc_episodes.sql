-- Kangaroo mother care (issue 16): one episode per baby. An eligible baby is on the KMC list from the
-- birth (newborns.kmc_eligible); the episode records how KMC began (or why not) and how it ended.
-- A closed episode keeps the rule it was judged under (closed_rule: the cut-offs; closed_eligible):
-- a later change of the country's KMC setting re-derives eligibility only while the episode is open.
create table kmc_episodes (
  id uuid primary key,
  newborn_id uuid not null unique references newborns (id) on delete cascade,
  -- Copied from the newborn so that the list and the indicators read one table by facility.
  facility_id uuid not null references org_units (id),
  started_at timestamptz,
  incubator_first boolean,
  place text check (place in ('nicu', 'kmc_ward', 'postnatal_ward', 'home')),
  provider text check (provider in ('mother', 'father', 'other')),
  not_started_reason text,
  check ((started_at is null) = (not_started_reason is not null)),
  discharged_on date,
  outcome text check (outcome in ('discharged_in_kmc', 'stopped', 'referred', 'died', 'left_against_advice')),
  discharge_weight_grams integer check (discharge_weight_grams between 400 and 6000),
  discharge_checks jsonb,
  check ((discharged_on is null) = (outcome is null)),
  closed_rule jsonb,
  closed_eligible boolean,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
-- The KMC list: open episodes and those closed since a date, per facility.
create index kmc_episodes_facility_idx on kmc_episodes (facility_id, discharged_on);
