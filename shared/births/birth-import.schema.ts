import { z } from 'zod';
import { ListBirthsQuerySchema } from './birth-list.schema';

/**
 * `all_or_nothing`: one transaction, any invalid row and nothing is written (the report lists every
 * problem). `valid_only`: batches are committed as they go; invalid births are reported and skipped.
 */
export const BIRTH_IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;
export type BirthImportMode = (typeof BIRTH_IMPORT_MODES)[number];

export const BirthImportQuerySchema = z.strictObject({
  mode: z.enum(BIRTH_IMPORT_MODES).default('all_or_nothing'),
  /** Accept births before REGISTER_EARLIEST_BIRTH_DATE (loading an old register); never before 1900. */
  allowBefore: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** One problem of the file: its row (as a spreadsheet numbers it, the header is row 1) and column. */
export const BirthImportIssueSchema = z.object({
  row: z.number().int(),
  /** A column of the CSV, or '' when the problem is about the whole row or file. */
  column: z.string(),
  birthId: z.string().nullable(),
  message: z.string(),
});
/** Inside the server the message is a key with params until it is translated for the reader. */
export type BirthImportIssue = z.infer<typeof BirthImportIssueSchema> & { params?: Record<string, unknown> };

const counts = {
  /** Bytes of the file read so far. */
  bytes: z.number().int(),
  /** Data rows read (one per newborn). */
  rows: z.number().int(),
  /** Births (deliveries) read. */
  births: z.number().int(),
  /** Births written by this import (committed in valid_only; to be committed in all_or_nothing). */
  inserted: z.number().int(),
  /** Births whose id existed already: skipped, never duplicated or changed. */
  alreadyPresent: z.number().int(),
  /** Births rejected because of at least one problem. */
  invalid: z.number().int(),
  /** Problems found so far. */
  errors: z.number().int(),
};

export const BirthImportProgressSchema = z.object({ type: z.literal('progress'), ...counts });
export type BirthImportProgress = z.infer<typeof BirthImportProgressSchema>;

export const BirthImportReportSchema = z.object({
  type: z.literal('report'),
  importId: z.uuid(),
  mode: z.enum(BIRTH_IMPORT_MODES),
  /** all_or_nothing: the one transaction was committed (no problem at all). valid_only: always true, as each batch commits. */
  committed: z.boolean(),
  ...counts,
  /** The problems, in file order; at most MAX_REPORTED_ISSUES (counts stay exact). */
  issues: z.array(BirthImportIssueSchema),
  issuesTruncated: z.boolean(),
  /** A problem that stopped reading the file (broken quoting, not UTF-8, interrupted upload). */
  fatal: z.object({ code: z.string(), message: z.string(), line: z.number().int().nullable() }).nullable(),
  fileSha256: z.string(),
  elapsedMs: z.number().int(),
});
export type BirthImportReport = Omit<z.infer<typeof BirthImportReportSchema>, 'issues' | 'fatal'> & {
  issues: BirthImportIssue[];
  fatal: { code: string; message: string; line: number | null; params?: Record<string, unknown> } | null;
};

/** The NDJSON stream of POST /api/births/import: progress lines, then one report line. */
export const BirthImportEventSchema = z.discriminatedUnion('type', [
  BirthImportProgressSchema,
  BirthImportReportSchema,
]);
export type BirthImportEvent = BirthImportProgress | BirthImportReport;

export const MAX_REPORTED_ISSUES = 10_000;

/** The filters of GET /api/births (without paging): the export is the filtered list. */
export const BirthExportQuerySchema = ListBirthsQuerySchema.omit({ limit: true, cursor: true });
export type BirthExportQuery = z.infer<typeof BirthExportQuerySchema>;
