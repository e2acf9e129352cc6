/**
 * A value as text, for cells, SQL literals and history lines: text as it is, numbers, booleans and
 * bigints in their usual form, dates as ISO 8601, and anything else (objects, arrays) as JSON.
 */
export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v) ?? '';
}
