import { scalarText } from '../scalar-text';
import { guardFormula, unguardFormula } from '../csv/csv-writer';
import { formatOffset, wallClock } from '../time/time-zones';
import type { BirthInputRaw, NewbornInputRaw } from './birth.schema';
import { PROCEDURES } from './birth.schema';
import { BIRTH_CSV_COLUMNS, type BirthCsvColumn, CSV_FALSE, CSV_TRUE } from './birth-csv-columns';

/**
 * Mapping between rows of the birth CSV and birth documents, both ways. Pure (no I/O, no clock), so the
 * importer, the exporter, the generator of test data and their unit tests share one definition.
 */

export type CsvIssue = { row: number; column: string; message: string; params?: Record<string, unknown> };

/** Where each column of `BIRTH_CSV_COLUMNS` sits in a file (-1 = absent), and how many cells a row has. */
export type CsvHeader = { indexes: readonly number[]; width: number };

export type HeaderProblem = { message: string; params?: Record<string, unknown> };

/**
 * Reads the header row. Column names are matched case-insensitively; every required column must be
 * there; an unknown column (a typo such as `birth_weigth`) is an error rather than silently ignored.
 */
export function readCsvHeader(cells: readonly string[]): { header?: CsvHeader; problems: HeaderProblem[] } {
  const names = cells.map((c) => c.trim().toLowerCase());
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    if (n !== '' && seen.has(n))
      problems.push({ message: 'birthImport.duplicateColumn', params: { column: n } });
    seen.add(n);
  }
  const known = new Set(BIRTH_CSV_COLUMNS.map((c) => c.name));
  const unknown = names.filter((n) => n !== '' && !known.has(n));
  if (unknown.length)
    problems.push({ message: 'import.unknownColumns', params: { columns: unknown.join(', ') } });
  const missing = BIRTH_CSV_COLUMNS.filter((c) => c.required && !seen.has(c.name)).map((c) => c.name);
  if (missing.length)
    problems.push({ message: 'import.missingColumns', params: { columns: missing.join(', ') } });
  if (problems.length) return { problems };
  return {
    header: { indexes: BIRTH_CSV_COLUMNS.map((c) => names.indexOf(c.name)), width: cells.length },
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------
// Cells

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_RE = /^[+-]?\d+$/;
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_OFFSET_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATETIME_LOCAL_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?$/;
const TRUE_SET: ReadonlySet<string> = new Set(CSV_TRUE);
const FALSE_SET: ReadonlySet<string> = new Set(CSV_FALSE);
const MAX_CELL_CHARS = 2000;

const INVALID = Symbol('invalid');
let cellProblem: HeaderProblem = { message: '' };
const invalid = (message: string, params?: Record<string, unknown>): typeof INVALID => {
  cellProblem = params ? { message, params } : { message };
  return INVALID;
};

/** A local date-time `2026-03-10T02:15:00` (no offset) found in born_at, to be placed in the facility's zone. */
export class LocalDateTime {
  constructor(readonly value: string) {}
}

function parseCell(col: BirthCsvColumn, text: string): unknown {
  switch (col.type) {
    case 'uuid':
      return UUID_RE.test(text) ? text.toLowerCase() : invalid('birthImport.badUuid');
    case 'code':
      return text.length <= 100 ? text : invalid('birthImport.tooLong', { max: 100 });
    case 'text': {
      // Undo the export's guard against formulas: `'=x` was written for the text `=x`.
      const value = unguardFormula(text);
      return value.length <= MAX_CELL_CHARS ? value : invalid('birthImport.tooLong', { max: MAX_CELL_CHARS });
    }
    case 'integer':
      return INTEGER_RE.test(text) ? Number(text) : invalid('birthImport.notAnInteger');
    case 'decimal':
      return DECIMAL_RE.test(text) ? Number(text) : invalid('birthImport.notANumber');
    case 'boolean': {
      const v = text.toLowerCase();
      if (TRUE_SET.has(v)) return true;
      if (FALSE_SET.has(v)) return false;
      return invalid('birthImport.notABoolean');
    }
    case 'date':
      return DATE_RE.test(text) ? text : invalid('birthImport.badDate');
    case 'datetime': {
      if (DATETIME_OFFSET_RE.test(text)) return text;
      const m = DATETIME_LOCAL_RE.exec(text);
      if (m) return new LocalDateTime(`${m[1]}T${m[2]}:${m[3] ?? '00'}`);
      return invalid('birthImport.badDateTime');
    }
    case 'enum': {
      const v = text.toLowerCase();
      return col.values?.includes(v)
        ? v
        : invalid('birthImport.badOption', { values: col.values?.join(', ') });
    }
    case 'json': {
      if (text.length > 20 * MAX_CELL_CHARS)
        return invalid('birthImport.tooLong', { max: 20 * MAX_CELL_CHARS });
      try {
        const v: unknown = JSON.parse(text);
        if (
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.values(v).every((x) => typeof x === 'string')
        )
          return v;
      } catch {
        // reported below
      }
      return invalid('birthImport.badJson');
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Rows → document

type ColumnPlan = { col: BirthCsvColumn; index: number; segments: string[] };

const BIRTH_LEVEL = BIRTH_CSV_COLUMNS.map((col, index) => ({ col, index })).filter(
  (c) => c.col.level === 'birth',
);
const NEWBORN_LEVEL = BIRTH_CSV_COLUMNS.map((col, index) => ({ col, index })).filter(
  (c) => c.col.level === 'newborn',
);
const BIRTH_ID_COLUMN = BIRTH_CSV_COLUMNS.findIndex((c) => c.name === 'birth_id');

/** A delivery read from its rows: the input document (facility and commune still as codes) and its problems. */
export type BirthDraft = {
  birthId: string | null;
  facilityCode: string | null;
  communeCode: string | null;
  /** Set when born_at had no UTC offset: the local time, to be placed in the facility's time zone. */
  bornAtLocal: string | null;
  /** `facilityId` and `mother.communeId` are filled by the importer once the codes are resolved. */
  input: BirthInputRaw;
  /** Explicit newborn ids from the file (null = derive one). */
  newbornIds: Array<string | null>;
  /** File row of each newborn; the first is the row birth-level problems are reported on. */
  rows: number[];
  issues: CsvIssue[];
};

/** The birth id cell of a row, normalized for grouping consecutive rows (empty string when blank). */
export function birthIdCell(header: CsvHeader, cells: readonly string[]): string {
  const i = header.indexes[BIRTH_ID_COLUMN]!;
  return (cells[i] ?? '').trim().toLowerCase();
}

function setIn(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let o = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const k = segments[i]!;
    let next = o[k] as Record<string, unknown> | undefined;
    if (next === undefined || next === null) {
      next = {};
      o[k] = next;
    }
    o = next;
  }
  o[segments[segments.length - 1]!] = value;
}

const plan = (cols: typeof BIRTH_LEVEL, header: CsvHeader): ColumnPlan[] =>
  cols
    .map(({ col, index }) => ({ col, index: header.indexes[index]!, segments: col.path.split('.') }))
    .filter((p) => p.index >= 0);

const planCache = new WeakMap<CsvHeader, { birth: ColumnPlan[]; newborn: ColumnPlan[] }>();
function plansOf(header: CsvHeader) {
  let p = planCache.get(header);
  if (!p) {
    p = { birth: plan(BIRTH_LEVEL, header), newborn: plan(NEWBORN_LEVEL, header) };
    planCache.set(header, p);
  }
  return p;
}

/**
 * Builds the input document of one delivery from its consecutive rows (one per newborn). Cell problems
 * (a weight of "abc", an unknown sex) become issues on their row and column; range and cross-field rules
 * are left to `BirthInputSchema` and `checkBirth`, whose issue paths `issueAt` maps back to cells.
 */
export function draftFromCsvRows(
  header: CsvHeader,
  rows: ReadonlyArray<{ row: number; cells: readonly string[] }>,
): BirthDraft {
  const { birth: birthPlan, newborn: newbornPlan } = plansOf(header);
  const issues: CsvIssue[] = [];
  const first = rows[0]!;
  const draft: BirthDraft = {
    birthId: null,
    facilityCode: null,
    communeCode: null,
    bornAtLocal: null,
    input: {} as BirthInputRaw,
    newbornIds: [],
    rows: rows.map((r) => r.row),
    issues,
  };
  const doc = { mother: {}, delivery: {}, newborns: [] } as unknown as Record<string, unknown>;

  for (const p of birthPlan) {
    const text = (first.cells[p.index] ?? '').trim();
    if (text === '') {
      if (p.col.required)
        issues.push({ row: first.row, column: p.col.name, message: 'birthImport.required' });
      continue;
    }
    const value = parseCell(p.col, text);
    if (value === INVALID) {
      issues.push({ row: first.row, column: p.col.name, ...cellProblem });
      continue;
    }
    switch (p.col.path) {
      case 'id':
        draft.birthId = value as string;
        break;
      case 'facilityId':
        draft.facilityCode = value as string;
        break;
      case 'mother.communeId':
        draft.communeCode = value as string;
        break;
      default:
        if (value instanceof LocalDateTime) {
          draft.bornAtLocal = value.value;
          setIn(doc, p.segments, value.value);
        } else setIn(doc, p.segments, value);
    }
  }
  // Delivery and mother columns repeat on every baby's row: they must agree with the first row.
  for (let r = 1; r < rows.length; r++) {
    const other = rows[r]!;
    for (const p of birthPlan) {
      if ((other.cells[p.index] ?? '').trim() !== (first.cells[p.index] ?? '').trim())
        issues.push({
          row: other.row,
          column: p.col.name,
          message: 'birthImport.differsFromFirstRow',
          params: { row: first.row },
        });
    }
  }

  const newborns: Record<string, unknown>[] = [];
  for (const { row, cells } of rows) {
    const nb: Record<string, unknown> = {};
    let newbornId: string | null = null;
    for (const p of newbornPlan) {
      const text = (cells[p.index] ?? '').trim();
      if (text === '') {
        if (p.col.required) issues.push({ row, column: p.col.name, message: 'birthImport.required' });
        continue;
      }
      const value = parseCell(p.col, text);
      if (value === INVALID) {
        issues.push({ row, column: p.col.name, ...cellProblem });
        continue;
      }
      if (p.col.path === 'id') newbornId = value as string;
      else setIn(nb, p.segments, value);
    }
    const given = (nb.procedures ?? {}) as Record<string, { done?: boolean; minutes?: number } | undefined>;
    const procedures: Record<string, { done: boolean; minutes: number | null } | null> = {};
    for (const proc of PROCEDURES) {
      const v = given[proc];
      // A time without a done column means it was done; both empty means not recorded.
      procedures[proc] = v ? { done: v.done ?? true, minutes: v.minutes ?? null } : null;
    }
    nb.procedures = procedures;
    if (nb.discharge) {
      const d = nb.discharge as Record<string, unknown>;
      if (d.date === undefined && !issues.some((i) => i.row === row && i.column === 'discharge_date'))
        issues.push({ row, column: 'discharge_date', message: 'birthImport.required' });
      if (d.status === undefined && !issues.some((i) => i.row === row && i.column === 'discharge_status'))
        issues.push({ row, column: 'discharge_status', message: 'birthImport.required' });
    }
    newborns.push(nb);
    draft.newbornIds.push(newbornId);
  }
  doc.newborns = newborns;
  if (draft.birthId) doc.id = draft.birthId;
  draft.input = doc as unknown as BirthInputRaw;
  return draft;
}

const BIRTH_PATHS = new Map(BIRTH_LEVEL.map(({ col }) => [col.path, col.name]));
const NEWBORN_PATHS = new Map<string, string>([
  ...NEWBORN_LEVEL.map(({ col }): [string, string] => [col.path, col.name]),
  ...PROCEDURES.map((p): [string, string] => [`procedures.${p}`, `${snake(p)}_done`]),
  ['procedures', 'weighing_done'],
  ['discharge', 'discharge_date'],
]);

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function columnOf(paths: ReadonlyMap<string, string>, path: string): string {
  let p = path;
  for (;;) {
    const found = paths.get(p);
    if (found) return found;
    const cut = p.lastIndexOf('.');
    if (cut < 0) return '';
    p = p.slice(0, cut);
  }
}

/** Places an issue of the document (path `newborns.1.birthWeightGrams`) on its file row and column. */
export function issueAt(
  draft: Pick<BirthDraft, 'rows'>,
  path: string,
  message: string,
  params?: Record<string, unknown>,
): CsvIssue {
  const m = /^newborns\.(\d+)(?:\.(.*))?$/.exec(path);
  const base = m
    ? { row: draft.rows[Number(m[1])] ?? draft.rows[0]!, column: m[2] ? columnOf(NEWBORN_PATHS, m[2]) : '' }
    : { row: draft.rows[0]!, column: path === 'newborns' ? '' : columnOf(BIRTH_PATHS, path) };
  return params ? { ...base, message, params } : { ...base, message };
}

// ---------------------------------------------------------------------------------------------------
// Document → rows

export type BirthCsvSource = {
  id: string;
  facilityCode: string;
  communeCode: string | null;
  /** The facility's zone: born_at is written as local time with its offset. */
  timeZone: string;
  /** The birth document (a parsed input or a stored birth); newborns carry their ids. */
  input: Pick<BirthInputRaw, 'mother' | 'delivery'> & {
    newborns: ReadonlyArray<NewbornInputRaw & { id: string }>;
  };
};

function getIn(obj: unknown, segments: readonly string[]): unknown {
  let o = obj;
  for (const k of segments) {
    if (o === null || o === undefined) return null;
    o = (o as Record<string, unknown>)[k];
  }
  return o;
}

function formatCell(col: BirthCsvColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (col.type) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'json':
      return Object.keys(value).length ? JSON.stringify(value) : '';
    case 'text':
      return guardFormula(scalarText(value));
    default:
      return scalarText(value);
  }
}

const SEGMENTS = BIRTH_CSV_COLUMNS.map((c) => c.path.split('.'));

/** The CSV cells of a birth: one row per newborn, in `BIRTH_CSV_COLUMNS` order. */
export function birthToCsvCells(src: BirthCsvSource): string[][] {
  const { input } = src;
  const birthCells = BIRTH_CSV_COLUMNS.map((col, i) => {
    if (col.level !== 'birth') return '';
    switch (col.path) {
      case 'id':
        return src.id;
      case 'facilityId':
        return src.facilityCode;
      case 'mother.communeId':
        return src.communeCode ?? '';
      case 'delivery.bornAt':
        return formatZonedIso(input.delivery.bornAt, src.timeZone);
      default:
        return formatCell(col, getIn(input, SEGMENTS[i]!));
    }
  });
  return input.newborns.map((n) =>
    BIRTH_CSV_COLUMNS.map((col, i) => {
      if (col.level === 'birth') return birthCells[i]!;
      if (col.path === 'id') return n.id;
      return formatCell(col, getIn(n, SEGMENTS[i]!));
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Time zones

/** An instant as local time with its offset in a zone: `2026-03-10T02:15:00+07:00`. */
export function formatZonedIso(instant: string | Date, timeZone: string): string {
  const { local, offsetMinutes } = wallClock(new Date(instant).getTime(), timeZone);
  return `${local}${formatOffset(offsetMinutes)}`;
}
