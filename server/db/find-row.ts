import type { Queryable } from './db';

/** Where one kind of record is read from: its table, and a select (joins included) aliasing it `alias`. */
export type RowSource = { table: string; alias: string; select: string };

/**
 * The row of `source` with this id, or undefined. With `forUpdate` the table's own row is locked first:
 * a FOR UPDATE on the joined select would lock the joined rows too (the facility, the user).
 */
export async function findRowById<T>(
  q: Queryable,
  source: RowSource,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<T | undefined> {
  if (opts.forUpdate) await q.query(`select id from ${source.table} where id = $1 for update`, [id]);
  const [row] = await q.query<T>(`${source.select} where ${source.alias}.id = $1`, [id]);
  return row;
}
