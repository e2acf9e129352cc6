import { scalarText } from '../../shared/scalar-text';

/**
 * Values written as PostgreSQL text: array literals for array parameters (both drivers), and quoted
 * literals for the arguments of an SQL-level EXECUTE (PGlite's prepared statements).
 */
const NEEDS_QUOTES = /[{}",\\\s]|^$|^null$/i;

/**
 * `{1,NULL,"a b"}`: the array literal of one column's values (null and undefined as NULL, dates as ISO
 * strings, booleans as t/f, objects as JSON, other values as their text). Elements are quoted only when they must be.
 */
export function toPgArrayLiteral(values: readonly unknown[]): string {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) out[i] = 'NULL';
    else if (typeof v === 'number') out[i] = String(v);
    else if (typeof v === 'boolean') out[i] = v ? 't' : 'f';
    else {
      const t = scalarText(v);
      out[i] = NEEDS_QUOTES.test(t) ? `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : t;
    }
  }
  return `{${out.join(',')}}`;
}

/**
 * `E'text'` or NULL: a value as an SQL literal of unknown type, which PostgreSQL coerces to the type of the
 * parameter it fills (arrays as array literals, dates as ISO strings, objects as JSON). An escape string
 * (`E'…'`, backslashes and single quotes doubled) reads the same whatever `standard_conforming_strings`
 * says: a plain `'…'` with a backslash before a quote ended the literal early when that setting was off,
 * and the rest of the value ran as SQL.
 */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const text = Array.isArray(v) ? toPgArrayLiteral(v) : scalarText(v);
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
