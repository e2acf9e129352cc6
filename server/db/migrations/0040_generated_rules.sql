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
