import { toCsvDocument } from '../../../shared/csv/csv-writer';
import type { BirthImportEvent, BirthImportIssue } from '../../../shared/births/birth-import.schema';

/**
 * Splits a streamed NDJSON answer into events. Text arrives in arbitrary pieces: a line is parsed only
 * once it is complete, and `end()` parses what is left.
 */
export class NdjsonReader {
  private rest = '';
  constructor(private readonly onEvent: (e: BirthImportEvent) => void) {}

  push(text: string): void {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
  }

  end(): void {
    this.emit(this.rest);
    this.rest = '';
  }

  private emit(line: string) {
    if (line.trim()) this.onEvent(JSON.parse(line) as BirthImportEvent);
  }
}

/** The problems of a report as a CSV file (UTF-8 with BOM, for Excel): row, column, birth_id, message. */
export function issuesToCsv(
  issues: readonly BirthImportIssue[],
  headers: [string, string, string, string],
): string {
  return toCsvDocument(
    headers,
    issues.map((i) => [i.row, i.column, i.birthId ?? '', i.message]),
  );
}
