import { z } from 'zod';
import type { Issue } from '../errors';

/**
 * The condition language of indicator numerators and denominators. Filters are data (JSON), checked
 * against the fields a source declares; the server compiles them to SQL and `evaluateFilter` runs the
 * same logic in JavaScript (unit tables, offline use). A comparison with a missing value is false, in
 * both places, so SQL's three-valued logic never leaks in.
 */
export type Filter =
  | { all: readonly Filter[] }
  | { any: readonly Filter[] }
  | { not: Filter }
  | { field: string; eq: string | number | boolean }
  | { field: string; in: readonly (string | number)[] }
  | { field: string; isNull: boolean }
  | { field: string; lt: number }
  | { field: string; lte: number }
  | { field: string; gt: number }
  | { field: string; gte: number }
  /** A text[] field contains the value (e.g. a practice flag). */
  | { field: string; has: string }
  /** A text[] field has no element (`true`) or has some (`false`). */
  | { field: string; isEmpty: boolean }
  /** A text[] field shares an element with another text[] field of the same record. */
  | { field: string; overlapsField: string }
  /** A date field is set and not after another date field of the same record. */
  | { field: string; lteField: string }
  /** A date field is set and not after the last day of the period asked for (scale-up counts). */
  | { field: string; reachedBy: 'periodEnd' };

export const FilterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(FilterSchema) }),
    z.strictObject({ any: z.array(FilterSchema).min(1) }),
    z.strictObject({ not: FilterSchema }),
    z.strictObject({ field: z.string(), eq: z.union([z.string(), z.number(), z.boolean()]) }),
    z.strictObject({ field: z.string(), in: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.strictObject({ field: z.string(), isNull: z.boolean() }),
    z.strictObject({ field: z.string(), lt: z.number() }),
    z.strictObject({ field: z.string(), lte: z.number() }),
    z.strictObject({ field: z.string(), gt: z.number() }),
    z.strictObject({ field: z.string(), gte: z.number() }),
    z.strictObject({ field: z.string(), has: z.string() }),
    z.strictObject({ field: z.string(), isEmpty: z.boolean() }),
    z.strictObject({ field: z.string(), overlapsField: z.string() }),
    z.strictObject({ field: z.string(), lteField: z.string() }),
    z.strictObject({ field: z.string(), reachedBy: z.literal('periodEnd') }),
  ]),
);

export type FieldType = 'boolean' | 'text' | 'number' | 'date' | 'text[]';
export type FieldSpec = {
  type: FieldType;
  /** Allowed values of a text field (checked when a filter names one). */
  values?: readonly string[];
  /** Read from the facility's org unit / EENC status rather than the record itself. */
  facilityAttribute?: boolean;
};
export type FieldCatalogue = Readonly<Record<string, FieldSpec>>;

const OPS = [
  'eq',
  'in',
  'isNull',
  'lt',
  'lte',
  'gt',
  'gte',
  'has',
  'isEmpty',
  'overlapsField',
  'lteField',
  'reachedBy',
] as const;
type Op = (typeof OPS)[number];
/** Comparisons whose value names a second field of the record. */
const FIELD_OPS: readonly Op[] = ['lteField', 'overlapsField'];

/** The comparison of a leaf filter, or undefined for all/any/not. */
export function leafOf(f: Filter): { field: string; op: Op; value: unknown } | undefined {
  if (!('field' in f)) return undefined;
  const op = OPS.find((o) => o in f);
  return { field: f.field, op: op!, value: (f as Record<string, unknown>)[op!] };
}

/** Every problem of a filter against a source's fields, with the path of the offending part. */
export function checkFilter(f: Filter, fields: FieldCatalogue, path: string): Issue[] {
  const issues: Issue[] = [];
  const add = (p: string, message: string, params?: Record<string, unknown>) =>
    issues.push({ path: p, message, ...(params ? { params } : {}) });
  const walk = (g: Filter, p: string) => {
    if ('all' in g) return g.all.forEach((x, i) => walk(x, `${p}.all.${i}`));
    if ('any' in g) return g.any.forEach((x, i) => walk(x, `${p}.any.${i}`));
    if ('not' in g) {
      if (usesPeriodEnd(g.not)) add(p, 'indicators.def.notOverPeriodEnd');
      return walk(g.not, `${p}.not`);
    }
    const leaf = leafOf(g)!;
    const spec = fields[leaf.field];
    if (!spec) return add(`${p}.field`, 'indicators.def.unknownField', { field: leaf.field });
    const t = spec.type;
    const wrongType = () =>
      add(`${p}.${leaf.op}`, 'indicators.def.wrongType', { field: leaf.field, type: t });
    switch (leaf.op) {
      case 'eq':
        if (
          typeof leaf.value === 'boolean'
            ? t !== 'boolean'
            : typeof leaf.value === 'number'
              ? t !== 'number'
              : t !== 'text'
        )
          wrongType();
        else if (t === 'text' && spec.values && !spec.values.includes(leaf.value as string))
          add(`${p}.eq`, 'indicators.def.unknownValue', { field: leaf.field, value: leaf.value });
        break;
      case 'in':
        if (t !== 'text' && t !== 'number') wrongType();
        for (const v of leaf.value as unknown[]) {
          if ((t === 'text') !== (typeof v === 'string')) wrongType();
          else if (t === 'text' && spec.values && !spec.values.includes(v as string))
            add(`${p}.in`, 'indicators.def.unknownValue', { field: leaf.field, value: v });
        }
        break;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        if (t !== 'number') wrongType();
        break;
      case 'has':
      case 'isEmpty':
        if (t !== 'text[]') wrongType();
        break;
      case 'overlapsField':
      case 'lteField': {
        // Both fields of the same type: arrays that may share an element, or dates in order.
        const want = leaf.op === 'lteField' ? 'date' : 'text[]';
        const other = fields[leaf.value as string];
        if (t !== want) wrongType();
        if (!other) add(`${p}.${leaf.op}`, 'indicators.def.unknownField', { field: leaf.value });
        else if (other.type !== want)
          add(`${p}.${leaf.op}`, 'indicators.def.wrongType', { field: leaf.value, type: other.type });
        break;
      }
      case 'reachedBy':
        if (t !== 'date') wrongType();
        break;
      case 'isNull':
        break;
    }
  };
  walk(f, path);
  return issues;
}

/** True when the filter compares with the end of the period (its result depends on the period). */
export function usesPeriodEnd(f: Filter): boolean {
  if ('all' in f) return f.all.some(usesPeriodEnd);
  if ('any' in f) return f.any.some(usesPeriodEnd);
  if ('not' in f) return usesPeriodEnd(f.not);
  return 'reachedBy' in f;
}

/** Names of the fields a filter reads. */
export function fieldsOf(f: Filter): string[] {
  if ('all' in f) return f.all.flatMap(fieldsOf);
  if ('any' in f) return f.any.flatMap(fieldsOf);
  if ('not' in f) return fieldsOf(f.not);
  const leaf = leafOf(f)!;
  return FIELD_OPS.includes(leaf.op) ? [leaf.field, leaf.value as string] : [leaf.field];
}

/** A stable text for a filter (keys sorted): equal filters give equal texts, so measures are shared. */
export function canonicalFilter(f: Filter): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sort(f));
}

export type FilterContext = { periodEnd?: string };

/**
 * Evaluates a filter on one record (field name → value; missing or null = unknown). Pure; mirrors the
 * SQL the server generates, including "a comparison with an unknown value is false".
 */
export function evaluateFilter(
  f: Filter,
  record: Readonly<Record<string, unknown>>,
  ctx: FilterContext = {},
): boolean {
  let test = compiledFilters.get(f);
  if (!test) compiledFilters.set(f, (test = compileTest(f)));
  return test(record, ctx);
}

type Test = (record: Readonly<Record<string, unknown>>, ctx: FilterContext) => boolean;
/**
 * Each filter is turned into closures once (filters are data that is not changed after it is written):
 * rules evaluated on every subject of a worklist cost a few calls, not a walk of the filter.
 */
const compiledFilters = new WeakMap<Filter, Test>();

function compileTest(f: Filter): Test {
  if ('all' in f) {
    const tests = f.all.map(compileTest);
    return (r, c) => {
      for (const t of tests) if (!t(r, c)) return false;
      return true;
    };
  }
  if ('any' in f) {
    const tests = f.any.map(compileTest);
    return (r, c) => {
      for (const t of tests) if (t(r, c)) return true;
      return false;
    };
  }
  if ('not' in f) {
    const test = compileTest(f.not);
    return (r, c) => !test(r, c);
  }
  const { field, op, value } = leafOf(f)!;
  if (op === 'isNull') return (r) => ((r[field] ?? null) === null) === value;
  const known =
    (compare: (v: unknown, r: Readonly<Record<string, unknown>>, c: FilterContext) => boolean): Test =>
    (r, c) => {
      const v = r[field] ?? null;
      return v !== null && compare(v, r, c);
    };
  switch (op) {
    case 'eq':
      return known((v) => v === value);
    case 'in':
      return known((v) => (value as unknown[]).includes(v));
    case 'lt':
      return known((v) => (v as number) < (value as number));
    case 'lte':
      return known((v) => (v as number) <= (value as number));
    case 'gt':
      return known((v) => (v as number) > (value as number));
    case 'gte':
      return known((v) => (v as number) >= (value as number));
    case 'has':
      return known((v) => (v as string[]).includes(value as string));
    case 'isEmpty':
      return known((v) => ((v as unknown[]).length === 0) === value);
    case 'overlapsField':
      // As SQL's `&&`: a null element matches nothing.
      return known((v, r) => {
        const other = (r[value as string] ?? null) as unknown[] | null;
        return other !== null && (v as unknown[]).some((x) => x !== null && other.includes(x));
      });
    case 'lteField':
      return known((v, r) => {
        const other = r[value as string] ?? null;
        return other !== null && (v as string) <= (other as string);
      });
    case 'reachedBy':
      return known((v, _r, c) => c.periodEnd !== undefined && (v as string) <= c.periodEnd);
  }
}

/** A short human-readable rendering of a filter (admin page, downloads). */
export function describeFilter(f: Filter): string {
  if ('all' in f) return f.all.length === 0 ? 'all records' : f.all.map(describeNested).join(' and ');
  if ('any' in f) return f.any.map(describeNested).join(' or ');
  if ('not' in f) return `not ${describeNested(f.not)}`;
  const leaf = leafOf(f)!;
  const v = JSON.stringify(leaf.value);
  switch (leaf.op) {
    case 'eq':
      return `${leaf.field} = ${v}`;
    case 'in':
      return `${leaf.field} in ${(leaf.value as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'isNull':
      return leaf.value ? `${leaf.field} not recorded` : `${leaf.field} recorded`;
    case 'lt':
      return `${leaf.field} < ${v}`;
    case 'lte':
      return `${leaf.field} ≤ ${v}`;
    case 'gt':
      return `${leaf.field} > ${v}`;
    case 'gte':
      return `${leaf.field} ≥ ${v}`;
    case 'has':
      return `${leaf.field} contains ${v}`;
    case 'isEmpty':
      return leaf.value ? `${leaf.field} empty` : `${leaf.field} not empty`;
    case 'overlapsField':
      return `${leaf.field} shares a value with ${leaf.value as string}`;
    case 'lteField':
      return `${leaf.field} on or before ${leaf.value as string}`;
    case 'reachedBy':
      return `${leaf.field} on or before the end of the period`;
  }
}
const describeNested = (f: Filter) =>
  'all' in f || 'any' in f ? `(${describeFilter(f)})` : describeFilter(f);
