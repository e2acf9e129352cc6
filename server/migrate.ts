import { applyMigrations, type PostMigrateHook } from './db/migrate';
import type { Db } from './db/db';
import { syncIndicatorSchema } from './features/indicators/indicator-schema';

/**
 * Database objects generated from feature code, brought up to date after the numbered migrations on
 * every start. A feature that generates schema adds one line here (db/ knows no feature).
 */
export const POST_MIGRATE_HOOKS: readonly PostMigrateHook[] = [syncIndicatorSchema];

/** The app's database brought up to date: numbered migrations, then {@link POST_MIGRATE_HOOKS}. */
export function migrate(db: Db, log: (line: string) => void = () => {}): Promise<number> {
  return applyMigrations(db, log, POST_MIGRATE_HOOKS);
}
