-- Birth register: one row per delivery (births) and one per baby (newborns), with the EENC steps as
-- recorded and the practices derived from them by shared/births/birth-rules.ts.

-- Thresholds of the EENC rules per country (shared/births/eenc-settings.ts); absent = defaults.
create table country_settings (
  country_id uuid primary key references org_units (id),
  eenc jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id)
);

create table births (
  id uuid primary key,
  facility_id uuid not null references org_units (id),
  born_at timestamptz not null,
  -- Calendar date at the facility (its time zone): periods, registers and indicators count by it.
  birth_date date not null,
  mode text not null check (mode in ('spontaneous_vaginal', 'assisted_vaginal', 'caesarean')),
  gestational_age_weeks smallint check (gestational_age_weeks between 22 and 42),
  baby_count smallint not null check (baby_count between 1 and 6),
  second_baby_checked boolean,
  uterotonic_given boolean,
  uterotonic_minutes numeric(8, 2) check (uterotonic_minutes >= 0),
  mother_record_number text not null,
  mother_age smallint check (mother_age between 10 and 60),
  mother_birth_year smallint,
  mother_commune_id uuid references org_units (id),
  mother_ethnic_minority boolean,
  mother_parity smallint check (mother_parity between 0 and 20),
  -- Personal identifiers: shown only within facility scope (shared/auth/principal.ts canSeePersonalData).
  mother_name text,
  mother_phone text,
  flags text[] not null default '{}',
  deviation_reasons jsonb not null default '{}',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create index births_facility_date_idx on births (facility_id, birth_date desc, id);
create index births_date_idx on births (birth_date);
create index births_commune_idx on births (mother_commune_id);
create index births_record_number_idx on births (facility_id, lower(mother_record_number));

create table newborns (
  id uuid primary key,
  birth_id uuid not null references births (id) on delete cascade,
  birth_order smallint not null check (birth_order between 1 and 6),
  -- Copied from the birth so that indicators scan one table by facility and date.
  facility_id uuid not null references org_units (id),
  birth_date date not null,
  sex text not null check (sex in ('female', 'male', 'undetermined')),
  birth_weight_grams integer check (birth_weight_grams between 500 and 9000),
  outcome text not null check (outcome in ('live_birth', 'fresh_stillbirth', 'macerated_stillbirth')),
  apgar1 smallint check (apgar1 between 0 and 10),
  apgar5 smallint check (apgar5 between 0 and 10),
  drying_started_seconds integer check (drying_started_seconds >= 0),
  breathing_at_birth boolean,
  ssc_started_minutes numeric(8, 2) check (ssc_started_minutes >= 0),
  ssc_duration_minutes numeric(8, 2) check (ssc_duration_minutes >= 0),
  separated_before_breastfeed boolean,
  cord_clamped_minutes numeric(8, 2) check (cord_clamped_minutes >= 0),
  breastfeed_started_minutes numeric(8, 2) check (breastfeed_started_minutes >= 0),
  breastfeed_completed_minutes numeric(8, 2) check (breastfeed_completed_minutes >= 0),
  -- {"weighing": {"done": true, "minutes": 95}, "eyeCare": null, ...}
  procedures jsonb not null default '{}',
  bag_mask_started_seconds integer check (bag_mask_started_seconds >= 0),
  resuscitation_outcome text check (resuscitation_outcome in ('breathing', 'referred', 'died')),
  kmc_initiated boolean,
  discharge_date date,
  discharge_status text check (discharge_status in ('alive', 'died', 'referred')),
  discharge_exclusive_bf boolean,
  deviation_reasons jsonb not null default '{}',
  -- Derived on save from the row and the country's settings; recomputed when the settings change.
  weight_band text not null,
  preterm_band text not null,
  kmc_eligible boolean,
  immediate_drying boolean,
  immediate_ssc boolean,
  ssc_full_no_separation boolean,
  delayed_cord_clamping boolean,
  early_breastfeeding boolean,
  bag_mask_within_target boolean,
  flags text[] not null default '{}',
  -- Deferred so that an edit may swap the birth order of twins within one transaction.
  unique (birth_id, birth_order) deferrable initially deferred
);
create index newborns_facility_date_idx on newborns (facility_id, birth_date);
create index newborns_birth_idx on newborns (birth_id);
