import { syncIndicatorSchema } from '../features/indicators/indicator-schema';
import { fillOrgUnitSearchText } from '../features/org-units/org-units.repo';
import type { Db } from './db';

/**
 * Steps run after the numbered migrations, every time: database objects and values generated from code
 * (the indicator rollups from the indicator definitions; org units' search text from its TypeScript
 * normalizer). Each must be idempotent and cheap when nothing changed. A feature adds one line.
 */
export const POST_MIGRATE_HOOKS: ReadonlyArray<(db: Db, log: (line: string) => void) => Promise<unknown>> = [
  syncIndicatorSchema,
  fillOrgUnitSearchText,
];
