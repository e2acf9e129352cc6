-- Plan the statements of pnc_sync_subjects and pnc_reassign for the ids of each call.
--
-- PL/pgSQL keeps a generic plan for a statement with parameters once it has run a few times. PGlite is one
-- session for the life of the process and has no autovacuum to invalidate that plan, so a plan made while
-- the register was small (a scan of births for `id = any($1)`) stayed as the register grew: an import run
-- after a few births entered by hand slowed from 2,500 to 750 births/s over 60,000 births, each batch
-- reading every birth. A custom plan costs well under a millisecond per call and follows the table sizes.
alter function pnc_sync_subjects(uuid[]) set plan_cache_mode = force_custom_plan;
alter function pnc_reassign(uuid[]) set plan_cache_mode = force_custom_plan;
