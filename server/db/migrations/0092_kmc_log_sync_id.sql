-- Offline sync (issue 18): a day of a KMC daily log is a sync record, and sync records are named by a
-- UUID. The day has none (its key is the episode and the date), so it gets one made from that key: the
-- episode id's first 24 hex digits and the day's number since 1970 (shared/sync/record-shapes.ts
-- `kmcLogId` makes the same on a device, so two devices logging the same day offline name one record and
-- meet in the three-way merge instead of both creating it).
alter table kmc_daily_logs add column sync_id uuid not null generated always as (
  (left(replace(episode_id::text, '-', ''), 24) || lpad(to_hex(log_date - date '1970-01-01'), 8, '0'))::uuid
) stored;
create unique index kmc_daily_logs_sync_id_idx on kmc_daily_logs (sync_id);
