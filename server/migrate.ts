import { applyMigrations, type PostMigrateHook } from './db/migrate';
import type { Db } from './db/db';
import { syncIndicatorSchema } from './features/indicators/indicator-schema';
import { fillOrgUnitSearchText } from './features/org-units/org-units.repo';

/**
 * Database objects and values generated from feature code, brought up to date after the numbered
 * migrations on every start (the indicator rollups from the indicator definitions; org units' search
 * text from its TypeScript normalizer). Each is idempotent and cheap when nothing changed. A feature that
 * generates schema adds one line here (db/ knows no feature).
 */
export const POST_MIGRATE_HOOKS: readonly PostMigrateHook[] = [syncIndicatorSchema, fillOrgUnitSearchText];

/** The app's database brought up to date: numbered migrations, then {@link POST_MIGRATE_HOOKS}. */
export function migrate(db: Db, log: (line: string) => void = () => {}): Promise<number> {
  return applyMigrations(db, log, POST_MIGRATE_HOOKS);
}
