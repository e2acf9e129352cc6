import { type PerturbationTable, perturbationTableOf } from '../../../shared/indicators/cell-key';
import type { Queryable } from '../../db/db';

/**
 * This installation's perturbation table (shared/indicators/cell-key.ts), from the seed the database
 * derives from its cell-key secret (migration 0058). Read per request: one small query, and a restored
 * or replaced database brings its own table. Never returned by a route, nor logged.
 */
export async function loadPerturbationTable(q: Queryable): Promise<PerturbationTable> {
  const [row] = await q.query<{ seed: Uint8Array }>('select cell_key_table_seed() as seed');
  return perturbationTableOf(new Uint8Array(row!.seed));
}
