import type { AnyField } from '../../shared/births/field-table';

/**
 * Statements of one row made from a field table (shared/<feature>/<record>-fields.ts): the columns, their
 * casts and the values read from the record by each field's path, so that no statement lists a table's
 * columns or numbers their placeholders by hand.
 */

/**
 * The value of a field in a record, as the driver takes it (jsonb as JSON text, the rest as it is): at
 * the field's path, or for a stored-only column (`created_by`) the write value its `from` names.
 */
function valueOf(field: AnyField, record: object): unknown {
  let v: unknown = record;
  for (const key of field.path?.split('.') ?? [field.from])
    v = (v as Record<string, unknown> | null)?.[key] ?? null;
  return field.sql === 'jsonb' && v !== null ? JSON.stringify(v) : v;
}

/**
 * `insert into <table> (…) values (…)` for `fields` and its parameters, read from `record` by name: a
 * named row, whatever the order of the columns.
 */
export function insertRow(
  table: string,
  fields: readonly AnyField[],
  record: object,
): { sql: string; params: unknown[] } {
  const columns = fields.map((f) => f.column).join(', ');
  const values = fields.map((f, i) => `$${i + 1}::${f.sql}`).join(', ');
  return {
    sql: `insert into ${table} (${columns}) values (${values})`,
    params: fields.map((f) => valueOf(f, record)),
  };
}

/** `a = $n::type, …` for `fields`, their values read from `record` and added to `params`. */
export function setList(
  fields: readonly AnyField[],
  record: object,
  params: { add(v: unknown): string },
): string {
  return fields.map((f) => `${f.column} = ${params.add(valueOf(f, record))}::${f.sql}`).join(', ');
}
