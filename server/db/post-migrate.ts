import { syncEencSchema } from '../features/births/eenc-schema';
import { syncIndicatorSchema } from '../features/indicators/indicator-schema';
import { syncPncSchema } from '../features/pnc/pnc-schema';
import type { Db } from './db';

/**
 * Steps run after the numbered migrations, every time: database objects generated from code (the
 * indicator rollups are generated from the indicator definitions). Each must be idempotent and cheap
 * when nothing changed. A feature adds one line.
 */
export const POST_MIGRATE_HOOKS: ReadonlyArray<(db: Db, log: (line: string) => void) => Promise<unknown>> = [
  syncEencSchema,
  syncPncSchema,
  syncIndicatorSchema,
];
