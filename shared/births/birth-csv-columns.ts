import { BIRTH_FIELDS } from './birth-fields';
import type { AnyField, CsvCellType, SqlType } from './field-table';
import { NEWBORN_FIELDS } from './newborn-fields';

/**
 * The columns of the birth CSV (import, export and template), in file order. One row per newborn: the
 * delivery and mother columns repeat on each baby's row. Made from the field tables (birth-fields.ts and
 * newborn-fields.ts),
 * in their order; this list is what the parser, the exporter, the template, the import page and
 * docs/births-import.md read.
 */
export type BirthCsvColumnType = CsvCellType;

export type BirthCsvColumn = {
  name: string;
  /** `birth`: the same on every row of one delivery; `newborn`: one baby's value. */
  level: 'birth' | 'newborn';
  type: BirthCsvColumnType;
  required: boolean;
  /** Path in the birth input document (`BirthInputSchema`), relative to the newborn for newborn columns. */
  path: string;
  values?: readonly string[];
  /** Holds personal data: exported only to readers who may see it. */
  personal?: boolean;
  en: string;
  vi: string;
};

const CELL_TYPE: Record<SqlType, BirthCsvColumnType> = {
  uuid: 'uuid',
  text: 'text',
  smallint: 'integer',
  integer: 'integer',
  numeric: 'decimal',
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'datetime',
  jsonb: 'json',
  'text[]': 'text',
};

function csvColumnsOf(fields: readonly AnyField[], level: BirthCsvColumn['level']): BirthCsvColumn[] {
  return fields.flatMap((f) =>
    [f.csv ?? []].flat().map((c): BirthCsvColumn => ({
      name: c.header,
      level,
      type: c.type ?? (f.values ? 'enum' : CELL_TYPE[f.sql]),
      ...(f.values ? { values: f.values } : {}),
      required: c.required ?? false,
      path: c.path ?? f.path ?? '',
      ...(f.personal ? { personal: true } : {}),
      en: c.en,
      vi: c.vi,
    })),
  );
}

export const BIRTH_CSV_COLUMNS: readonly BirthCsvColumn[] = [
  ...csvColumnsOf(BIRTH_FIELDS, 'birth'),
  ...csvColumnsOf(NEWBORN_FIELDS, 'newborn'),
];

export const BIRTH_CSV_COLUMN_NAMES: readonly string[] = BIRTH_CSV_COLUMNS.map((c) => c.name);

/** The CSV header line of the template and of every export. */
export const BIRTH_CSV_HEADER = BIRTH_CSV_COLUMN_NAMES.join(',');

/** Accepted spellings of yes/no in boolean columns (case-insensitive); exports write true/false. */
export const CSV_TRUE = ['true', '1', 'yes', 'y', 'có', 'co'] as const;
export const CSV_FALSE = ['false', '0', 'no', 'n', 'không', 'khong'] as const;
