import type {
  Birth,
  BirthInput,
  DerivedNewborn,
  Newborn,
  NewbornInput,
} from '../../../shared/births/birth.schema';
import type { BirthFieldRow, NewbornFieldRow } from '../../../shared/births/birth-field-rows';
import { BIRTH_FIELDS, type BirthField, type BirthWriteValue } from '../../../shared/births/birth-fields';
import type { SqlType } from '../../../shared/births/field-table';
import {
  NEWBORN_FIELDS,
  type NewbornField,
  type NewbornWriteValue,
} from '../../../shared/births/newborn-fields';
import type { BulkColumn } from '../../db/bulk-insert';
import { toPgArrayLiteral } from '../../db/sql-literals';
import { toIso } from '../../lib/rows';

/**
 * Mapping between the birth document of the API and the rows of `births` and `newborns`, made from the
 * field tables (shared/births/birth-fields.ts, newborn-fields.ts). The accessors are built once, when the module loads: a
 * row then costs one property read per column, with no reflection (the import builds a million rows).
 */

/** Everything a `births` row is made of: the input document and the values the write adds. */
export type BirthRowSource = {
  input: BirthInput;
  id: string;
  facilityId: string;
  birthDate: string;
  flags: readonly string[];
  now: Date;
  actorId: string | null;
};

/** Everything a `newborns` row is made of. */
export type NewbornRowSource = {
  input: NewbornInput;
  id: string;
  derived: DerivedNewborn;
  birthId: string;
  facilityId: string;
  birthDate: string;
  /** Copied from the delivery (`delivery.membranesRupturedOver18h`, `maternalFeverInLabour`). */
  membranesRupturedOver18h: boolean | null;
  maternalFeverInLabour: boolean | null;
};

// Every `from` of the tables names a property of its row source (else a compile error here).
const sourcesComplete: [BirthWriteValue | 'input', NewbornWriteValue | 'input' | 'derived'] extends [
  keyof BirthRowSource,
  keyof NewbornRowSource,
]
  ? true
  : never = true;
void sourcesComplete;

type Obj = Record<string, unknown>;
type Field = BirthField | NewbornField;

/** Where a column's value sits in the row's source (`BirthRowSource`, `NewbornRowSource`). */
function sourcePath(f: Field): string[] {
  if (f.from === 'input') return ['input', ...f.path.split('.')];
  // Derived paths are `derived.…` in the document and in the source alike.
  if (f.from === 'derived') return f.path.split('.');
  return [f.from];
}

/** How a value travels to `insertMany` for a column's SQL type (null: as it is). */
function encoderOf(sql: SqlType): ((v: unknown) => unknown) | null {
  if (sql === 'jsonb') return (v) => (v === null ? v : JSON.stringify(v));
  if (sql === 'text[]') return (v) => toPgArrayLiteral(v as unknown[]);
  // Instants given as text (the input's `bornAt`, with its offset) are written in UTC; Date objects are
  // written by `insertMany` itself.
  if (sql === 'timestamptz') return (v) => (typeof v === 'string' ? toIso(v) : v);
  return null;
}

/**
 * A row builder for a table. The objects that hold the values (`input.mother`, `derived.practices`, the
 * source itself) are found once per row; each column is then one property read, and an encoding for
 * jsonb, arrays and instants.
 */
function rowBuilder<S>(fields: readonly Field[]): (source: S) => unknown[] {
  const holderPaths: string[][] = [];
  const columns = fields.map((f) => {
    const path = sourcePath(f);
    const holder = path.slice(0, -1);
    let h = holderPaths.findIndex((p) => p.join('.') === holder.join('.'));
    if (h < 0) h = holderPaths.push(holder) - 1;
    return { holder: h, key: path[path.length - 1]!, encode: encoderOf(f.sql) };
  });
  const n = columns.length;
  const m = holderPaths.length;
  return (source) => {
    const holders = new Array<Obj | null>(m);
    for (let j = 0; j < m; j++) {
      let o = source as Obj | null;
      for (const k of holderPaths[j]!) o = (o?.[k] ?? null) as Obj | null;
      holders[j] = o;
    }
    const row = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const c = columns[i]!;
      const v = holders[c.holder]?.[c.key] ?? null;
      row[i] = c.encode ? c.encode(v) : v;
    }
    return row;
  };
}

const columnsOf = (fields: readonly Field[]): BulkColumn[] =>
  fields.map((f) => ({ name: f.column, type: f.sql }));

export const BIRTH_COLUMNS: readonly BulkColumn[] = columnsOf(BIRTH_FIELDS);
export const NEWBORN_COLUMNS: readonly BulkColumn[] = columnsOf(NEWBORN_FIELDS);

/** The values of a `births` row, in `BIRTH_COLUMNS` order. */
export const buildBirthRow: (s: BirthRowSource) => unknown[] = rowBuilder(BIRTH_FIELDS);
/** The values of a `newborns` row, in `NEWBORN_COLUMNS` order. */
export const buildNewbornRow: (s: NewbornRowSource) => unknown[] = rowBuilder(NEWBORN_FIELDS);

/** Columns an update rewrites (creation metadata stays), with their place in a birth row. */
export const BIRTH_UPDATE_COLUMNS: ReadonlyArray<{ column: BulkColumn; index: number }> =
  BIRTH_FIELDS.flatMap((f: BirthField, index) =>
    f.keepOnUpdate ? [] : [{ column: { name: f.column, type: f.sql }, index }],
  );

/** Position of a column in a row of `BIRTH_COLUMNS`. */
export const BIRTH_INDEX = Object.fromEntries(BIRTH_FIELDS.map((f, i) => [f.column, i])) as Record<
  (typeof BIRTH_FIELDS)[number]['column'],
  number
>;

/** Position of a column in a row of `NEWBORN_COLUMNS`. */
export const NEWBORN_INDEX = Object.fromEntries(NEWBORN_FIELDS.map((f, i) => [f.column, i])) as Record<
  (typeof NEWBORN_FIELDS)[number]['column'],
  number
>;

const DERIVED_FIELDS = NEWBORN_FIELDS.filter((f: NewbornField) => f.from === 'derived');
const buildDerived = rowBuilder<Obj>(DERIVED_FIELDS);

/** The columns of a newborn that the rules derive, in the order of `derivedColumns`. */
export const NEWBORN_DERIVED_COLUMNS: readonly BulkColumn[] = columnsOf(DERIVED_FIELDS);

/**
 * The derived columns of a newborn row (weight_band … flags, in table order): written on insert and
 * rewritten when a country's thresholds change.
 */
export function derivedColumns(d: DerivedNewborn): unknown[] {
  return buildDerived({ derived: d });
}

// ---------------------------------------------------------------------------------------------------
// Rows → document

/** A `newborns` row as read back (`select *`). */
export type NewbornRow = NewbornFieldRow;

type Reader = { column: string; decode: ((v: never) => unknown) | null; segments: string[] };

/** Readers of the fields that have a path in the document; `presence` objects, and their key fields. */
function readersOf(fields: readonly Field[]) {
  const readers: Reader[] = [];
  const presence = new Map<string, string[]>();
  for (const f of fields) {
    if (!f.path) continue;
    const decode = f.fromRow ?? (f.sql === 'timestamptz' ? (v: Date | string) => toIso(v) : null);
    const segments = f.path.split('.');
    readers.push({ column: f.column, decode, segments });
    if (f.presence) {
      const parent = segments.slice(0, -1).join('.');
      presence.set(parent, [...(presence.get(parent) ?? []), segments.at(-1)!]);
    }
  }
  return {
    readers,
    presence: [...presence].map(([parent, keys]) => ({ segments: parent.split('.'), keys })),
  };
}

function documentReader(fields: readonly Field[]): (row: Obj) => Obj {
  const { readers, presence } = readersOf(fields);
  return (row) => {
    const doc: Obj = {};
    for (const r of readers) {
      const raw = row[r.column];
      const value = r.decode ? r.decode(raw as never) : raw;
      let o = doc;
      for (let i = 0; i < r.segments.length - 1; i++) o = (o[r.segments[i]!] ??= {}) as Obj;
      o[r.segments[r.segments.length - 1]!] = value;
    }
    for (const p of presence) {
      let parent = doc;
      for (let i = 0; i < p.segments.length - 1; i++) parent = parent[p.segments[i]!] as Obj;
      const key = p.segments[p.segments.length - 1]!;
      const o = parent[key] as Obj | undefined;
      if (!o || p.keys.some((k) => o[k] === null || o[k] === undefined)) parent[key] = null;
    }
    return doc;
  };
}

const readNewborn = documentReader(NEWBORN_FIELDS);
const readBirth = documentReader(BIRTH_FIELDS);
const PERSONAL = BIRTH_FIELDS.flatMap((f: BirthField) => (f.personal && f.path ? [f.path.split('.')] : []));

/**
 * The input of an edit by someone who may not see personal data: the stored values of the personal
 * fields (name, phone, address) kept instead of the empty ones the reader was shown.
 */
export function withStoredPersonalData<T extends Record<string, unknown>>(
  input: T,
  stored: BirthRecordRow,
): T {
  const doc = readBirth(stored);
  const out: Obj = { ...input };
  for (const [group = '', key = ''] of PERSONAL)
    out[group] = { ...(out[group] as Obj), [key]: (doc[group] as Obj)[key] };
  return out as T;
}

/** The API document of a stored newborn. */
export function toNewborn(r: NewbornRow): Newborn {
  return readNewborn(r) as Newborn;
}

/** A `births` row as `findBirthRecord` reads it: the table's columns and the names joined to them. */
export type BirthRecordRow = BirthFieldRow & {
  facility_name: string;
  facility_path: string;
  facility_timezone: string;
  commune_name: string | null;
  version: number;
  created_by_name: string | null;
  updated_by_name: string | null;
};

/**
 * The API document of a stored birth. Personal fields (name, phone) are emptied unless `showPersonal`;
 * `personalDataHidden` then says whether there was anything to hide.
 */
export function toBirthDocument(b: BirthRecordRow, newborns: NewbornRow[], showPersonal: boolean): Birth {
  const doc = readBirth(b) as Obj & { mother: Obj };
  let hidden = false;
  if (!showPersonal)
    for (const [group = '', key = ''] of PERSONAL) {
      const o = doc[group] as Obj;
      if (o[key] !== null) hidden = true;
      o[key] = null;
    }
  doc.mother.communeName = b.commune_name;
  doc.facilityName = b.facility_name;
  doc.personalDataHidden = hidden;
  doc.newborns = newborns.map(toNewborn);
  doc.version = b.version;
  doc.createdBy = b.created_by_name;
  doc.updatedBy = b.updated_by_name;
  return doc as unknown as Birth;
}
