import type { z } from 'zod';

/**
 * The vocabulary of field tables (shared/births/birth-fields.ts and newborn-fields.ts are the first):
 * one entry per stored field of a record type, from which the column lists, row builders, read row
 * types, API mappers, CSV columns and form drafts are made. The types here let the compiler check a
 * table against the record's zod types.
 */

/** SQL types of stored fields: the `BulkColumn` type of the server, which decides the cast on insert. */
export type SqlType =
  | 'uuid'
  | 'text'
  | 'smallint'
  | 'integer'
  | 'numeric'
  | 'boolean'
  | 'date'
  | 'timestamptz'
  | 'jsonb'
  | 'text[]';

/** Cell types of a CSV column (the parser checks and converts cells by it). */
export type CsvCellType =
  'uuid' | 'code' | 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'enum' | 'json';

/** One CSV column made from a field. */
export type FieldCsv = {
  header: string;
  /** By default from the SQL type (`numeric` → decimal, text with `values` → enum, …). */
  type?: CsvCellType;
  /** The column must be in the file and filled on every row. */
  required?: boolean;
  /** Path of the cell in the document, when it is not the field's own (one jsonb field, several columns). */
  path?: string;
  en: string;
  vi: string;
};

/**
 * How a form holds a field while someone types (text for numbers, yes/no/unknown for booleans), and so
 * how the draft converts to and from the document: `text` is kept as typed, `optionalText` is null when
 * blank; a blank `choice` is null, a blank `requiredChoice` is missing (the schema reports it).
 */
export type FormKind = 'number' | 'yesNo' | 'text' | 'optionalText' | 'choice' | 'requiredChoice';

/**
 * How a field is sent as a FHIR R4 Observation. The code is LOINC where LOINC has one, else a code of
 * OpenEENC's own CodeSystem (`observation`): the WHO SMART PNC data dictionary names these data elements
 * but publishes no FHIR codes for them (facts sheet §12). The value's FHIR type follows the field's SQL
 * type: a number with `unit` is a Quantity (UCUM), a number without is an integer, a boolean a boolean,
 * an enum a code of the CodeSystem named after the field.
 */
export type FieldObservation = {
  code: { system: 'loinc' | 'openeenc'; code: string; display: string };
  unit?: 'g' | 'wk' | 'min' | 's';
};

/** What every entry of a field table holds besides its path and source. */
export type FieldBase = {
  column: string;
  sql: SqlType;
  /**
   * The zod rule of a field of the input document: the record's schema is built from the entries
   * (`shapeOf`), so a new field is written here and nowhere else. Absent for values the write makes and
   * for fields the schema assembles itself (a nested object stored as several columns).
   */
  schema?: z.ZodType;
  /** Key of the field's label in the feature's i18n catalogue. */
  label?: string;
  /** How the form's draft holds the field; absent when the form handles the field itself. */
  form?: FormKind;
  /**
   * The section of the form that renders the field by itself, from its form kind and label (a plain
   * input); absent when the section's component places the field by hand.
   */
  section?: string;
  /** The closed set of values of an enum field. */
  values?: readonly string[];
  /** Personal data: shown and exported only to readers who may see it. */
  personal?: boolean;
  /** Only for fields without a path (`created_by`): the column may be null. */
  nullable?: boolean;
  /** Creation metadata: an update keeps the stored value. */
  keepOnUpdate?: boolean;
  /**
   * The object holding this field exists only when this field has a value (a discharge without date is
   * no discharge): when it is null in a row, the API document has `null` for the whole object.
   */
  presence?: boolean;
  /** Turns the stored value back into the document's, where the stored form is looser (older rows). */
  fromRow?: (value: never) => unknown;
  csv?: FieldCsv | readonly FieldCsv[];
  /** The field sent as a FHIR Observation of its record (docs/fhir.md); absent when it is not one. */
  fhir?: FieldObservation;
  /** Left for the interoperability work (DHIS2 data element or attribute). */
  dhis2?: string;
};

/** Any entry of any table, for code that works on every record type. */
export type AnyField = FieldBase & { path?: string; from: string };

/** `a.b` paths of the keys of `T`, prefixed. */
export type KeyPaths<T, Prefix extends string> = {
  [K in keyof T & string]-?: `${Prefix}${K}`;
}[keyof T & string];

/** The type at a dotted path; a nullable object on the way makes the leaf nullable too. */
export type ValueAt<T, P extends string> = P extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? null extends T[H]
      ? ValueAt<NonNullable<T[H]>, R> | null
      : ValueAt<T[H], R>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** The SQL types that can hold a value of type `V`. */
export type SqlFor<V> = [NonNullable<V>] extends [boolean]
  ? 'boolean'
  : [NonNullable<V>] extends [number]
    ? 'smallint' | 'integer' | 'numeric'
    : [NonNullable<V>] extends [string]
      ? 'text' | 'uuid' | 'date' | 'timestamptz'
      : [NonNullable<V>] extends [readonly string[]]
        ? 'text[]'
        : [NonNullable<V>] extends [Date]
          ? 'timestamptz' | 'date'
          : 'jsonb';

/**
 * An entry of a table: a field with a `path` in the API document, or a stored-only column (`path`
 * absent). `from` says where the row builder reads the value: the input document at `path`, or a named
 * value of the write. The document's type is built from the table (its rules), so a table is checked
 * against it afterwards (`WrongPaths`, `MissingPaths`, `StrayPaths`) rather than typed by it.
 */
export type FieldEntry<From extends string> =
  | (FieldBase & { path: string; from: From })
  | (FieldBase & { path?: undefined; from: Exclude<From, 'input' | 'derived'> });

/** The zod shape of the top-level fields under `Prefix` that carry their rule (`mother.age` → `age`). */
export type ShapeOf<Fields, Prefix extends string> = {
  [
    F in Extract<
      Fields,
      { path: `${Prefix}${string}`; schema: z.ZodType }
    > as F['path'] extends `${Prefix}${infer K}` ? (K extends `${string}.${string}` ? never : K) : never
  ]: F['schema'];
};

/** The zod shape of the fields under `prefix` that carry their rule, in table order (issues follow it). */
export function shapeOf<const Fields extends readonly AnyField[], Prefix extends string>(
  fields: Fields,
  prefix: Prefix,
): ShapeOf<Fields[number], Prefix> {
  return Object.fromEntries(
    fields.flatMap((f) =>
      f.schema && f.path?.startsWith(prefix) && !f.path.includes('.', prefix.length)
        ? [[f.path.slice(prefix.length), f.schema]]
        : [],
    ),
  ) as ShapeOf<Fields[number], Prefix>;
}

type StoredValue<Doc, F> = F extends { path: infer P extends string }
  ? F extends { sql: 'timestamptz' }
    ? Date | (null extends ValueAt<Doc, P> ? null : never)
    : ValueAt<Doc, P>
  : F extends { sql: 'text[]' }
    ? string[]
    : F extends { nullable: true }
      ? string | null
      : string;

/** A row as read back (`select *`): one property per column, typed from the document's type. */
export type RowOf<Doc, Fields extends { column: string }> = {
  [C in Fields['column']]: StoredValue<Doc, Extract<Fields, { column: C }>>;
};

/** The paths of `Required` that no entry of a table has (a compile error names them). */
export type MissingPaths<Required extends string, Fields> = Exclude<
  Required,
  Extract<Fields, { path: string }>['path']
>;

/** Paths that entries read from `from` but that the source document does not have. */
export type StrayPaths<Allowed extends string, Fields, From extends string> = Exclude<
  Extract<Fields, { from: From; path: string }>['path'],
  Allowed
>;

/**
 * Paths of entries that the document does not have, or whose SQL type cannot hold the value there
 * (an integer in a boolean column, a string in a smallint).
 */
export type WrongPaths<Doc, Fields> = Fields extends { path: infer P extends string; sql: infer S }
  ? [ValueAt<Doc, P>] extends [never]
    ? P
    : S extends SqlFor<ValueAt<Doc, P>>
      ? never
      : P
  : never;

/**
 * Every problem of a table, `true` when there is none: paths of the input document (`InputPath`) or of
 * derived values (`DerivedPath`) without an entry, entries that read from there a path that does not
 * exist, and paths whose SQL type cannot hold the value of the document `Doc`.
 */
export type TableProblems<
  Doc,
  Fields,
  InputPath extends string = never,
  DerivedPath extends string = never,
> = NoPaths<
  | MissingPaths<InputPath | DerivedPath, Fields>
  | StrayPaths<InputPath, Fields, 'input'>
  | StrayPaths<DerivedPath, Fields, 'derived'>
  | WrongPaths<Doc, Fields>
>;

/**
 * The version and who-and-when columns a record table ends with: written by each write (`stamp`), the
 * users' ids from the write's `actor` (the API shows names).
 */
export const STAMP_FIELDS = [
  { path: 'version', from: 'stamp', column: 'version', sql: 'integer' },
  { path: 'createdAt', from: 'stamp', column: 'created_at', sql: 'timestamptz' },
  { path: 'updatedAt', from: 'stamp', column: 'updated_at', sql: 'timestamptz' },
  { from: 'actor', column: 'created_by', sql: 'uuid', nullable: true },
  { from: 'actor', column: 'updated_by', sql: 'uuid', nullable: true },
] as const;

/** The entries of a table that the writes `groups` set, in table order. */
export function fieldsFrom<F extends AnyField>(
  fields: readonly F[],
  ...groups: ReadonlyArray<F['from']>
): F[] {
  return fields.filter((f) => groups.includes(f.from));
}

/** `true` when `Paths` is empty; otherwise the paths, so that assigning `true` fails and names them. */
export type NoPaths<Paths> = [Paths] extends [never] ? true : Paths;
