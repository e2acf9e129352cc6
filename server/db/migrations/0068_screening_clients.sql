-- Cervical screening (issue 22, docs/screening.md): the women followed, their screening events, and the
-- recalls sent. A woman who is a mother in the birth register links to that birth (no second person).

-- The country's screening rules over the defaults of shared/screening/screening-settings.ts.
alter table country_settings add column screening jsonb;

create table screening_clients (
  id uuid primary key,
  -- The commune health station or facility that follows her: the scope of who may read her record.
  org_unit_id uuid not null references org_units (id),
  -- The birth record where she is the mother, when she is one (one client per mother record).
  birth_id uuid unique references births (id) on delete set null,
  -- Personal identifiers: shown only at facility or commune scope (canSeePersonalData).
  name text not null,
  -- The name without diacritics, lower case (shared/org-units/search-text.ts), for search.
  search_text text not null,
  phone text,
  birth_year smallint not null,
  birth_date date,
  -- Sensitive: shown only at facility or commune scope, every read audited.
  hiv_status text not null default 'unknown' check (hiv_status in ('positive', 'negative', 'unknown')),
  language text check (language ~ '^[a-z]{2,3}$'),
  reminders_enabled boolean not null default true,
  -- What shared/screening/screening-rules.ts screeningState answers, written at every change.
  step text not null check (step in ('none', 'screen', 'await_result', 'triage', 'treat', 'refer', 'referred')),
  due_on date,
  ends_on date not null,
  last_screen_on date,
  recall_reason text check (recall_reason in ('never_screened', 'result_missing', 'positive_untreated')),
  recall_on date,
  recall_basis text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create index screening_clients_unit_idx on screening_clients (org_unit_id, due_on);
create index screening_clients_recall_idx on screening_clients (recall_on) where recall_on is not null;
create index screening_clients_due_idx on screening_clients (due_on) where step = 'screen';

create table screening_events (
  id uuid primary key,
  client_id uuid not null references screening_clients (id) on delete cascade,
  test text not null check (test in ('hpv_dna', 'via', 'cytology')),
  sample_by text not null check (sample_by in ('self', 'provider')),
  taken_on date not null,
  place_id uuid not null references org_units (id),
  result text check (result in ('negative', 'positive', 'suspected_cancer', 'inadequate')),
  result_on date,
  genotypes text[] not null default '{}',
  triage_method text check (triage_method in ('via', 'colposcopy', 'cytology')),
  triage_result text check (triage_result in ('negative', 'positive', 'suspected_cancer')),
  triage_on date,
  treatment text check (treatment in ('thermal_ablation', 'cryotherapy', 'leep', 'referral')),
  treated_on date,
  treatment_place_id uuid references org_units (id),
  counselling_note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_by uuid references users (id)
);
create index screening_events_client_idx on screening_events (client_id, taken_on);
create index screening_events_place_idx on screening_events (place_id, taken_on);
