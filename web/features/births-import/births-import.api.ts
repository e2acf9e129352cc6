import type {
  BirthExportQuery,
  BirthImportMode,
  BirthImportProgress,
  BirthImportReport,
} from '../../../shared/births/birth-import.schema';
import { upload, withQuery } from '../../lib/api-client';
import { NdjsonReader } from './import-stream';

/** The CSV template (header row): a plain link, the browser downloads it with the session cookie. */
export const BIRTHS_TEMPLATE_URL = '/api/births/import/template.csv';

/** The filtered birth list as CSV; a link too, so that a large export streams to disk, not into memory. */
export const birthsExportUrl = (filters: BirthExportQuery) => withQuery('/api/births/export.csv', filters);

export type ImportHandlers = {
  onUploadProgress?: (sent: number, total: number) => void;
  onProgress?: (p: BirthImportProgress) => void;
  signal?: AbortSignal;
};

export type ImportOptions = {
  mode: BirthImportMode;
  /** Accept births before the register's earliest date (loading an old register). */
  allowBefore: boolean;
};

/** The upload's address: the query the import route reads (BirthImportQuerySchema). */
export const birthsImportUrl = (o: ImportOptions) =>
  withQuery('/api/births/import', { mode: o.mode, allowBefore: o.allowBefore });

/**
 * Uploads a birth CSV and follows the server's NDJSON answer: progress lines, then the report. A file
 * refused before any progress (not UTF-8, wrong columns, no rows, no permission) rejects with ApiError.
 */
export async function importBirthsCsv(
  file: Blob,
  options: ImportOptions,
  handlers: ImportHandlers = {},
): Promise<BirthImportReport> {
  let report: BirthImportReport | null = null;
  const reader = new NdjsonReader((e) => {
    if (e.type === 'progress') handlers.onProgress?.(e);
    else report = e;
  });
  await upload(birthsImportUrl(options), file, {
    contentType: 'text/csv',
    onText: (text) => reader.push(text),
    ...(handlers.onUploadProgress ? { onUploadProgress: handlers.onUploadProgress } : {}),
    ...(handlers.signal ? { signal: handlers.signal } : {}),
  });
  reader.end();
  if (!report) throw new Error('The import answer ended without a report');
  return report;
}
