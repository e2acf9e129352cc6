import type { Queryable } from '../db/db';

/**
 * A rollup table's rows that hold a count or a key sum, in key order: what a rebuild must give again
 * (writers leave rows of zeros behind, a rebuild does not write them).
 */
export async function rollupRows(q: Queryable, table: string): Promise<Array<Record<string, unknown>>> {
  const rows = await q.query<Record<string, unknown>>(`select * from ${table} order by 1, 2`);
  return rows.filter((r) => Object.entries(r).some(([k, v]) => /^[mk]_/.test(k) && v !== 0));
}
