-- A KMC log day's sync id (migration 0092) took the episode id's FIRST 24 hex digits. Episode ids may be
-- made by a device or a test series, where those digits are the same for every episode (a version-7 id's
-- leading digits are its timestamp; a series such as 00000000-0000-4000-8000-0000000050xx differs only at
-- the end): two episodes' logs of one day then had the same id, and the second save failed. The id is now
-- a version-8 (custom) UUID of the LAST 24 hex digits (the random or varying part) around the version and
-- variant digits, and the day's number in the last 6, as shared/sync/record-shapes.ts `kmcLogId` does on
-- the device.
drop index kmc_daily_logs_sync_id_idx;
alter table kmc_daily_logs rename column sync_id to sync_id_0092;
alter table kmc_daily_logs add column sync_id uuid not null generated always as (
  (substr(right(replace(episode_id::text, '-', ''), 24), 1, 12) || '8' ||
   substr(right(replace(episode_id::text, '-', ''), 24), 13, 3) || '8' ||
   substr(right(replace(episode_id::text, '-', ''), 24), 16, 9) ||
   lpad(to_hex(log_date - date '1970-01-01'), 6, '0'))::uuid
) stored;
-- Changes already logged under the old ids name the day by its new id, so a later pull finds it.
update sync_changes c set record_id = l.sync_id
  from kmc_daily_logs l
 where c.record_type = 'kmc_log' and c.record_id = l.sync_id_0092;
alter table kmc_daily_logs drop column sync_id_0092;
create unique index kmc_daily_logs_sync_id_idx on kmc_daily_logs (sync_id);
