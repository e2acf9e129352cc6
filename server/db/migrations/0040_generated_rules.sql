-- One rule source (issue 14): clinical rules and defaults are written once in shared/ and the SQL the
-- database needs is generated from them after migrations (server/db/post-migrate.ts). This migration
-- removes migration 0020's hand copies and converts the stored KMC rule to the country cut-offs.

-- What each generator installed last (name → fingerprint of the generated SQL), so that a restart
-- installs nothing when nothing changed and a changed rule re-derives what depends on it.
create table generated_sql_state (
  name text primary key,
  fingerprint text not null,
  installed_at timestamptz not null default now()
);

-- The KMC rule was a choice of two presets; it is now numbers in the country's EENC settings
-- (shared/births/eenc-settings.ts). A country that chose WHO 2022 keeps exactly what that choice meant
-- then (< 2500 g or < 37 weeks); the EENC choice becomes the default cut-off, 2000 g or less.
update country_settings
   set eenc = (eenc - 'kmcRule')
              || case when eenc ->> 'kmcRule' = 'who_2022'
                      then '{"kmcMaxWeightGrams": 2500, "kmcWeightCutoff": "below",
                             "kmcMaxGestationalWeeks": 37, "kmcWeeksCutoff": "below"}'::jsonb
                      else '{}'::jsonb end
 where eenc ? 'kmcRule';

-- The EENC cut-off is now inclusive ("2000 g or less", facts sheet §9.4): a live-born baby of exactly
-- 2000 g becomes eligible under either preset. Their rollups and follow-up markers follow by trigger,
-- while 0020's marker function still exists.
update newborns set kmc_eligible = true
 where birth_weight_grams = 2000 and outcome = 'live_birth' and kmc_eligible is not true;

-- Hand copies of shared/pnc/pnc-settings.ts (DEFAULT_PNC_SETTINGS), of the PNC roles and of the risk
-- markers (shared/pnc/risk-markers.ts): generated after migrations by server/features/pnc/pnc-schema.ts.
-- The functions and triggers that call them resolve them when they run, not when they were created.
drop function pnc_default_settings();
drop function pnc_worker_roles();
drop function pnc_newborn_markers(text, text, integer, boolean, boolean, boolean, text);

-- "Implementing EENC" is the step of the status ladder a country's EENC settings name
-- (shared/births/eenc-settings.ts implementingStep). Its defaults are generated after migrations from
-- DEFAULT_EENC_SETTINGS (server/features/births/eenc-schema.ts); this declaration only lets the view
-- below be created, and answers nothing until then.
create function eenc_default_settings() returns jsonb language sql immutable as $$
  select null::jsonb
$$;

-- The ladder as before (0030), plus implementing_on: the date of the step the facility's country counts.
create or replace view facility_eenc_status as
  select o.id as facility_id,
         o.eenc_introduced_on as introduced_on,
         o.eenc_team_formed_on as team_formed_on,
         (select min(a.assessed_on) from assessments a
           where a.facility_id = o.id and a.status = 'completed')::date as assessed_on,
         (select min(a.assessed_on) from assessments a
           where a.facility_id = o.id and a.status = 'completed' and a.meets_standards)::date as meets_standards_on,
         case coalesce(cs.eenc ->> 'implementingStep', eenc_default_settings() ->> 'implementingStep')
           when 'introduced' then o.eenc_introduced_on
           when 'team_formed' then o.eenc_team_formed_on
           when 'assessed' then (select min(a.assessed_on) from assessments a
                                  where a.facility_id = o.id and a.status = 'completed')::date
           when 'meets_standards' then (select min(a.assessed_on) from assessments a
                                         where a.facility_id = o.id and a.status = 'completed' and a.meets_standards)::date
         end as implementing_on
    from org_units o
    left join country_settings cs on cs.country_id = nullif(split_part(o.path, '/', 3), '')::uuid
   where o.kind in ('facility', 'commune');
