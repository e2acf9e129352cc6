import { applyMigrations, type PostMigrateHook } from './db/migrate';
import type { Db } from './db/db';
import { syncEencSchema } from './features/births/eenc-schema';
import { syncBirthRules } from './features/births/rederive.service';
import { syncFacilityStatus } from './features/indicators/facility-status';
import { syncIndicatorSchema } from './features/indicators/indicator-schema';
import { fillOrgUnitSearchText } from './features/org-units/org-units.repo';
import { syncPncSchema } from './features/pnc/pnc-schema';

/**
 * Database objects and values generated from feature code, brought up to date after the numbered
 * migrations on every start (clinical rules and defaults from shared/, the indicator rollups from the
 * indicator definitions, org units' search text from its TypeScript normalizer). Each is idempotent and cheap when nothing changed. A feature that
 * generates schema adds one line here (db/ knows no feature).
 */
export const POST_MIGRATE_HOOKS: readonly PostMigrateHook[] = [
  // Rules first: the rollups that syncIndicatorSchema may rebuild read eenc_default_settings().
  syncEencSchema,
  // The ladder table read by the dashboard, after the defaults it reads (eenc_default_settings()).
  syncFacilityStatus,
  syncPncSchema,
  syncIndicatorSchema,
  // After the rules and rollups it writes through (the triggers keep the rollups and follow-ups).
  syncBirthRules,
  fillOrgUnitSearchText,
];

/** The app's database brought up to date: numbered migrations, then {@link POST_MIGRATE_HOOKS}. */
export function migrate(db: Db, log: (line: string) => void = () => {}): Promise<number> {
  return applyMigrations(db, log, POST_MIGRATE_HOOKS);
}
