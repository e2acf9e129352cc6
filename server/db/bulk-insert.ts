import type { Queryable } from './db';
import { toPgArrayLiteral } from './sql-literals';

/**
 * A column for `insertMany`: its SQL type decides the cast. Array-typed columns (`text[]`) travel as
 * array literals because `unnest` would flatten a two-dimensional array; jsonb travels as text so that
 * neither driver encodes it twice; dates as ISO strings so that both drivers send the same thing.
 */
export type BulkColumn = { name: string; type: string };

const viaText = (c: BulkColumn) => c.type.endsWith('[]') || c.type === 'jsonb';

/** The parameters of rows for `unnest` (one per column), their casts and the aliases `c0, c1, …`. */
function unnestOf(columns: readonly BulkColumn[], rows: ReadonlyArray<ReadonlyArray<unknown>>) {
  return {
    // One array literal per column, written here: the drivers' generic array encoding escapes every
    // element, a tenth of an import's Node time (BENCHMARKS.md).
    params: columns.map((_, i) => toPgArrayLiteral(rows.map((r) => r[i]))),
    unnestArgs: columns.map((c, i) => `$${i + 1}::${viaText(c) ? 'text' : c.type}[]`).join(', '),
    aliases: columns.map((_, i) => `c${i}`).join(', '),
  };
}

type InsertOptions = {
  onConflictDoNothing?: string;
  onConflictUpdate?: string;
  returning?: string;
  /** Columns computed in SQL from the others, named by alias (`c0` is the first column). */
  computed?: ReadonlyArray<{ name: string; sql: (alias: (column: string) => string) => string }>;
};

/**
 * The statement `insertMany` runs, to be sent as it is or nested (a data-modifying `with` whose rows
 * another query joins, so that a write and its reading back cost one round trip).
 */
export function insertManySql(
  table: string,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  opts: InsertOptions = {},
): { sql: string; params: unknown[] } {
  const { params, unnestArgs, aliases } = unnestOf(columns, rows);
  const alias = (name: string) => `c${columns.findIndex((c) => c.name === name)}`;
  const computed = opts.computed ?? [];
  const selects = [
    ...columns.map((c, i) => (viaText(c) ? `c${i}::${c.type}` : `c${i}`)),
    ...computed.map((c) => c.sql(alias)),
  ].join(', ');
  const names = [...columns.map((c) => c.name), ...computed.map((c) => c.name)];
  let conflict = opts.onConflictDoNothing ? ` on conflict (${opts.onConflictDoNothing}) do nothing` : '';
  if (opts.onConflictUpdate) {
    const target = opts.onConflictUpdate;
    const sets = names.filter((n) => n !== target).map((n) => `${n} = excluded.${n}`);
    conflict = ` on conflict (${target}) do update set ${sets.join(', ')}`;
  }
  const returning = opts.returning ? ` returning ${opts.returning}` : '';
  return {
    sql: `insert into ${table} (${names.join(', ')})
     select ${selects} from unnest(${unnestArgs}) as t(${aliases})${conflict}${returning}`,
    params,
  };
}

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
  opts: InsertOptions = {},
): Promise<string[]> {
  if (rows.length === 0) return [];
  const { sql, params } = insertManySql(table, columns, rows, opts);
  const rowsOut = await q.query<Record<string, string>>(sql, params);
  return opts.returning ? rowsOut.map((r) => r[opts.returning!]!) : [];
}

/**
 * Updates many rows in one statement, matched on `key` (the first value of each row), the other values
 * set into `columns`: one parameter per column, encoded as `insertMany` encodes them.
 */
export async function updateMany(
  q: Queryable,
  table: string,
  key: BulkColumn,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  opts: { onlyChanged?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const { params, unnestArgs, aliases } = unnestOf([key, ...columns], rows);
  const values = columns.map((c, i) => `v.c${i + 1}${viaText(c) ? `::${c.type}` : ''}`);
  const sets = columns.map((c, i) => `${c.name} = ${values[i]}`).join(', ');
  // A row whose values are already stored is not written: no new row version, no trigger work.
  const changed = opts.onlyChanged
    ? ` and (${columns.map((c) => `t.${c.name}`).join(', ')}) is distinct from (${values.join(', ')})`
    : '';
  await q.query(
    `update ${table} t set ${sets} from unnest(${unnestArgs}) as v(${aliases}) where t.${key.name} = v.c0${changed}`,
    params,
  );
}
