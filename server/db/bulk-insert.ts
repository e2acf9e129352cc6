import type { Queryable } from './db';
import { toPgArrayLiteral } from './sql-literals';

/**
 * A column for `insertMany`: its SQL type decides the cast. Array-typed columns (`text[]`) travel as
 * array literals because `unnest` would flatten a two-dimensional array; jsonb travels as text so that
 * neither driver encodes it twice; dates as ISO strings so that both drivers send the same thing.
 */
export type BulkColumn = { name: string; type: string };

/**
 * Inserts many rows in one statement with one parameter per column (`unnest` of arrays): a batch of a
 * thousand rows costs one parse, on both engines. Returns the ids actually inserted (conflicts skipped
 * when `onConflictDoNothing` names the conflict target; rows updated in place with `onConflictUpdate`).
 */
export async function insertMany(
  q: Queryable,
  table: string,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  opts: { onConflictDoNothing?: string; onConflictUpdate?: string; returning?: string } = {},
): Promise<string[]> {
  if (rows.length === 0) return [];
  const viaText = (c: BulkColumn) => c.type.endsWith('[]') || c.type === 'jsonb';
  // One array literal per column, written here: the drivers' generic array encoding escapes every
  // element, a tenth of an import's Node time (BENCHMARKS.md).
  const params = columns.map((_, i) => toPgArrayLiteral(rows.map((r) => r[i])));
  const unnestArgs = columns.map((c, i) => `$${i + 1}::${viaText(c) ? 'text' : c.type}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const selects = columns.map((c, i) => (viaText(c) ? `c${i}::${c.type}` : `c${i}`)).join(', ');
  let conflict = opts.onConflictDoNothing ? ` on conflict (${opts.onConflictDoNothing}) do nothing` : '';
  if (opts.onConflictUpdate) {
    const target = opts.onConflictUpdate;
    const sets = columns.filter((c) => c.name !== target).map((c) => `${c.name} = excluded.${c.name}`);
    conflict = ` on conflict (${target}) do update set ${sets.join(', ')}`;
  }
  const returning = opts.returning ? ` returning ${opts.returning}` : '';
  const rowsOut = await q.query<Record<string, string>>(
    `insert into ${table} (${columns.map((c) => c.name).join(', ')})
     select ${selects} from unnest(${unnestArgs}) as t(${aliases})${conflict}${returning}`,
    params,
  );
  return opts.returning ? rowsOut.map((r) => r[opts.returning!]!) : [];
}
