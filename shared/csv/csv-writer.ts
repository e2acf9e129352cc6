// The browser build of csv-stringify: the same code runs in the server's exports and in the web's
// downloads (the Node build reads the global `Buffer` when it loads, which a browser does not have).
import { stringify } from 'csv-stringify/browser/esm/sync';

/**
 * The one CSV writer: every export and download goes through it (RFC 4180, CRLF records as spreadsheets
 * write them, UTF-8 with a byte-order mark for whole documents), so that each gets the formula guard.
 */

/** A cell: text is guarded against formulas; numbers and booleans are written as they are. */
export type CsvCell = string | number | boolean | null | undefined;

/** Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START_RE = /^[=+\-@\t\r]/;

/**
 * Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1+1`, `-2+3`, `@SUM(…)`) is
 * prefixed with `'`, which spreadsheets show as text and do not print. Only text is guarded: a number
 * cell -5 stays -5 so that it reads back as a number.
 */
export function guardFormula(text: string): string {
  return FORMULA_START_RE.test(text) ? `'${text}` : text;
}

/** Undoes {@link guardFormula} when a file is read back: `'=x` was written for the text `=x`. */
export function unguardFormula(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START_RE.test(text.slice(1)) ? text.slice(1) : text;
}

export type CsvWriteOptions = {
  /**
   * `false` only where a field table has already formatted every cell by its type and guarded the text
   * ones with {@link guardFormula} (births: codes and numbers kept as written, so an export imports again).
   */
  guardText?: boolean;
};

const guardedOptions = {
  record_delimiter: 'windows',
  // A line break inside a cell is quoted whichever break it is (\n, \r or both).
  quote_record_delimiter: true,
  // Leading or trailing blanks are quoted so that no reader trims them away.
  quoted_match: /^\s|\s$/,
  cast: {
    string: guardFormula,
    boolean: (v: boolean) => (v ? 'true' : 'false'),
    number: (v: number) => String(v),
  },
} as const;
const unguardedOptions = { ...guardedOptions, cast: { ...guardedOptions.cast, string: (v: string) => v } };

/** CSV records, each ending in CRLF; `''` for no rows. Cheap enough to call per page of a streamed export. */
export function toCsvRecords(rows: ReadonlyArray<readonly CsvCell[]>, options: CsvWriteOptions = {}): string {
  if (!rows.length) return '';
  return stringify(rows as unknown[], options.guardText === false ? unguardedOptions : guardedOptions);
}

/** The start of a CSV file: byte-order mark (so spreadsheets read Vietnamese text as UTF-8) and header. */
export function toCsvHeader(header: readonly string[]): string {
  return `\uFEFF${toCsvRecords([header])}`;
}

/** A whole CSV file: byte-order mark, header and rows. */
export function toCsvDocument(
  header: readonly string[],
  rows: ReadonlyArray<readonly CsvCell[]>,
  options: CsvWriteOptions = {},
): string {
  return toCsvHeader(header) + toCsvRecords(rows, options);
}
