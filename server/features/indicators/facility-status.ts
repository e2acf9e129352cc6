import type { Db } from '../../db/db';

/**
 * Post-migrate step: every facility's row of `facility_eenc_status_current` recounted from the view
 * `facility_eenc_status` (migration 0077). The triggers keep the table fresh between starts; this covers
 * what they cannot see: a migration that replaces the view, or new default settings
 * (`eenc_default_settings()`, written by the step before this one).
 */
export async function syncFacilityStatus(db: Db): Promise<void> {
  const [fn] = await db.query<{ exists: boolean }>(
    "select to_regproc('facility_status_refresh') is not null as exists",
  );
  if (!fn?.exists) return;
  await db.query('select facility_status_refresh(null)');
  // Statistics at once: until autovacuum reaches the new table, the planner guessed its size and the
  // province dashboard ran 5–10 times slower at 4 million births (80 ms → 0.3–2.3 s per request).
  await db.query('analyze facility_eenc_status_current');
}
