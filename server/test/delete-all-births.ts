import type { Queryable } from '../db/db';

/**
 * Deletes every birth and every row that cascades from one, one statement per table, deepest first.
 *
 * Why not `delete from births`: PostgreSQL runs a foreign key's `on delete cascade` as one statement per
 * deleted parent row, so each child table's statement-level rollup triggers recount once per birth (a few
 * hundred births took one to two minutes on PGlite). One statement per table recounts each cell once.
 * The tables come from the catalogue (cascading foreign keys reachable from `births`), not a list.
 */
export async function deleteAllBirths(q: Queryable): Promise<void> {
  const children = await q.query<{ tbl: string; col: string }>(
    `with recursive edge(tbl, col, depth) as (
       select c.conrelid::regclass::text, a.attname::text, 1
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.confdeltype = 'c' and c.confrelid = 'births'::regclass
       union
       select c.conrelid::regclass::text, a.attname::text, e.depth + 1
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
         join edge e on c.confrelid = e.tbl::regclass
        where c.contype = 'f' and c.confdeltype = 'c' and e.depth < 10
     )
     select tbl, min(col) as col from edge group by tbl order by max(depth) desc, tbl`,
  );
  // Every child row reachable from a birth goes when all births go; a row whose key is null never cascades.
  for (const { tbl, col } of children) await q.query(`delete from ${tbl} where ${col} is not null`);
  await q.query('delete from births');
}
