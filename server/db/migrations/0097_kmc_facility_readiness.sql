-- A facility's own declaration that it offers kangaroo mother care (issue 16): whether, since when, on
-- which wards. One row per facility, recorded by its hospital lead or a manager of the area (audited as
-- `kmc_facility_readiness`). The indicator source `kmc_facility` reads it: a facility declaring KMC
-- offers it in every period that ends on or after `offered_since`, besides those where an episode started.
create table kmc_facility_readiness (
  facility_id uuid primary key references org_units (id) on delete cascade,
  offers_kmc boolean not null,
  offered_since date,
  places text[] not null default '{}',
  check (offers_kmc = (offered_since is not null)),
  check (places <@ array['kmc_ward', 'postnatal_ward', 'nicu']),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
