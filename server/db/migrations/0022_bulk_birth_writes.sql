-- Bulk birth writes (issue 3): cheaper per batch of births.
--
-- A writer of many births at once (server/features/births/births.repo.ts insertBirthRows: the CSV import
-- and the API's create) sets openeenc.pnc_subjects = 'deferred' for its statements and then derives every
-- postnatal subject of the batch with one pnc_sync_subjects call: mothers and babies in one insert, the
-- pair risk computed before the insert, instead of the mothers' rows from the births trigger, the
-- babies' rows from the newborns trigger and an update of the mothers' pair risk. Any other writer
-- (the synthetic generator, SQL by hand) still gets the subjects from the triggers, whose functions
-- are unchanged: the condition sits on the triggers, checked once per statement.

drop trigger pnc_births_insert on births;
create trigger pnc_births_insert after insert on births
  referencing new table as pnc_new_rows for each statement
  when (coalesce(current_setting('openeenc.pnc_subjects', true), '') <> 'deferred')
  execute function pnc_births_inserted();

drop trigger pnc_newborns_insert on newborns;
create trigger pnc_newborns_insert after insert on newborns
  referencing new table as pnc_new_rows for each statement
  when (coalesce(current_setting('openeenc.pnc_subjects', true), '') <> 'deferred')
  execute function pnc_newborns_inserted();

-- The unique (birth_id, birth_order) index already serves every lookup by birth_id.
drop index newborns_birth_idx;
