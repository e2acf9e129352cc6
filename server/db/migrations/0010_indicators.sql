-- Indicators: the EENC status ladder view, and the state of the rollups that the server generates from
-- the indicator definitions (server/features/indicators/indicator-schema.ts creates the rollup tables,
-- their triggers and functions after migrations, and rebuilds them when the definitions change).

-- The EENC status ladder of every facility and commune station. The assessments feature replaces this
-- view (same columns) to fill assessed_on and meets_standards_on from Module 3 assessments.
create or replace view facility_eenc_status as
  select o.id as facility_id, o.eenc_introduced_on as introduced_on, o.eenc_team_formed_on as team_formed_on,
         null::date as assessed_on, null::date as meets_standards_on
    from org_units o where o.kind in ('facility', 'commune');

-- One row: the fingerprint of the generated rollup schema (measures and SQL) last installed.
create table indicator_schema_state (
  id integer primary key check (id = 1),
  fingerprint text not null,
  measures jsonb not null,
  installed_at timestamptz not null default now()
);

-- Data sets made by the synthetic generator (npm run seed -- --scale programme): what was generated,
-- so that benchmarks can reuse a database instead of generating it again.
create table synthetic_datasets (
  name text primary key,
  params jsonb not null,
  summary jsonb not null,
  created_at timestamptz not null default now()
);
