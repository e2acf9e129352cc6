import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse';
import type { ErrorCode } from '../../../shared/errors';

/** One record of the file; `row` is the line it starts on (the header is row 1). */
export type CsvRecord = { row: number; cells: string[] };

/** A problem that stops reading the file: not UTF-8, broken quoting, too large, upload interrupted. */
export class CsvReadError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string,
    readonly params: Record<string, unknown>,
    readonly line: number | null,
    options?: ErrorOptions,
  ) {
    super(messageKey, options);
    this.name = 'CsvReadError';
  }
}

export type CsvStream = {
  header: CsvRecord;
  /** True when the file has at least one data record after the header. */
  hasData: boolean;
  /** The data records, in order; throws `CsvReadError` when the file cannot be read further. */
  records: AsyncIterable<CsvRecord>;
  bytesRead(): number;
  /** SHA-256 of the bytes read (the whole file once `records` is exhausted). */
  sha256(): string;
  /** Stops reading (after a fatal problem); the source itself is left for the caller to drain or close. */
  close(): void;
};

/** How many bytes of `buf` end on a complete UTF-8 character (a character may be split between chunks). */
function completeUtf8Length(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Offset of the first byte that breaks UTF-8 (only called once a chunk is known to be invalid). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= b.length) return i;
    for (let k = 1; k <= need; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return b.length;
}

function countNewlines(buf: Uint8Array, end = buf.length): number {
  let n = 0;
  let i = -1;
  const b = Buffer.from(buf.buffer, buf.byteOffset, end);
  while ((i = b.indexOf(10, i + 1)) !== -1) n++;
  return n;
}

type ParsedRecord = { record: string[]; info: { lines: number } };
type CsvParseApi = {
  parse(
    buf: Buffer | undefined,
    end: boolean,
    push: (record: ParsedRecord) => void,
    close: () => void,
  ): Error | undefined;
};
/**
 * Longest record (row) in characters. The widest real row (every column, long deviation reasons) is a
 * few KB; without a cap one 100 MB line is buffered whole, parsed for a minute and echoed in the report.
 */
export const MAX_RECORD_CHARS = 64 * 1024;
const CSV_OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
  info: true,
  max_record_size: MAX_RECORD_CHARS,
} as const;

const QUOTE_ERRORS = new Set([
  'CSV_INVALID_CLOSING_QUOTE',
  'CSV_INVALID_OPENING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
]);

function newlinesIn(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) {
    let i = c.indexOf('\n');
    while (i !== -1) {
      n++;
      i = c.indexOf('\n', i + 1);
    }
  }
  return n;
}

/**
 * Reads a CSV from a stream of bytes without holding it in memory: strict UTF-8 (a Windows-1258 or
 * Latin-1 file is refused, never garbled), parsed by csv-parse's streaming API with back-pressure, so a
 * slow database slows the upload instead of filling memory. The first `peekBytes` are checked before
 * this returns, so that a wrong file is refused before any answer has started.
 */
export async function openCsvStream(
  source: AsyncIterable<Uint8Array>,
  opts: { maxBytes: number; peekBytes?: number },
): Promise<CsvStream> {
  const it = source[Symbol.asyncIterator]();
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  let carry: Uint8Array = Buffer.alloc(0);
  let ended = false;
  /** Bytes handed to the parser so far (the offset of the next one in the file). */
  let parsedBytes = 0;
  /** Bytes that are not UTF-8 further on: thrown once the text before them has been parsed. */
  let notUtf8: CsvReadError | null = null;

  const validate = (chunk: Uint8Array, final: boolean): Buffer => {
    bytes += chunk.length;
    if (bytes > opts.maxBytes)
      throw new CsvReadError(
        'payload_too_large',
        'birthImport.tooLarge',
        { limit: formatBytes(opts.maxBytes) },
        null,
      );
    hash.update(chunk);
    const buf = carry.length
      ? Buffer.concat([carry, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const end = final ? buf.length : completeUtf8Length(buf);
    const body = buf.subarray(0, end);
    carry = Buffer.from(buf.subarray(end));
    if (!isUtf8(body)) {
      // The valid text before the bad byte is still parsed, so that the rows complete before it are
      // imported (valid_only) and the report says exactly where the file stopped being UTF-8.
      const at = firstInvalidUtf8(body);
      const line = lines + countNewlines(body, at) + 1;
      notUtf8 = new CsvReadError(
        'validation_failed',
        'birthImport.notUtf8',
        { line, offset: parsedBytes + at },
        line,
      );
      parsedBytes += at;
      return body.subarray(0, at);
    }
    lines += countNewlines(body);
    parsedBytes += body.length;
    return body;
  };
  const pull = async (): Promise<Buffer | null> => {
    if (notUtf8) throw notUtf8;
    if (ended) return null;
    let r: IteratorResult<Uint8Array>;
    try {
      r = await it.next();
    } catch (err) {
      throw new CsvReadError('bad_request', 'birthImport.aborted', {}, null, { cause: err });
    }
    if (r.done) {
      ended = true;
      return validate(Buffer.alloc(0), true);
    }
    return validate(r.value, false);
  };

  const peeked: Buffer[] = [];
  let peekedBytes = 0;
  while (peekedBytes < (opts.peekBytes ?? 64 * 1024) && !ended) {
    const b = await pull();
    if (b?.length) {
      peeked.push(b);
      peekedBytes += b.length;
    }
  }

  // csv-parse's own incremental parser, driven chunk by chunk: every record of a chunk is handed over
  // before a syntax error further in it (its stream wrapper would drop buffered records on an error),
  // and nothing is read from the source until the records already parsed have been consumed.
  const api = (parse(CSV_OPTIONS) as unknown as { api?: CsvParseApi }).api;
  if (!api) throw new Error('csv-parse: incremental API not found (unsupported version)');
  const queue: ParsedRecord[] = [];
  let queued = 0;
  let parseError: unknown = null;
  let parsedAll = false;
  let lastLine = 0;
  const feed = async (): Promise<void> => {
    const chunk = peeked.length ? peeked.shift()! : await pull();
    const end = chunk === null || ended;
    const err = api.parse(
      chunk ?? undefined,
      end && !peeked.length,
      (r) => queue.push(r),
      () => {},
    );
    if (err) parseError = err;
    if (end && !peeked.length) parsedAll = true;
  };
  const next = async (): Promise<CsvRecord | null> => {
    for (;;) {
      if (queued < queue.length) {
        const { record, info } = queue[queued++]!;
        const row = info.lines - newlinesIn(record);
        lastLine = info.lines;
        // A row of empty cells (",,,,", as spreadsheets leave them) is a blank line.
        if (record.every((c) => c.trim() === '')) continue;
        return { row, cells: record };
      }
      queue.length = 0;
      queued = 0;
      if (parseError) throw toCsvReadError(parseError, lastLine + 1);
      if (parsedAll) return null;
      await feed();
    }
  };

  const header = await next();
  if (!header) throw new CsvReadError('validation_failed', 'import.emptyFile', {}, null);
  const first = await next();
  async function* records(): AsyncGenerator<CsvRecord> {
    if (!first) return;
    yield first;
    for (;;) {
      const r = await next();
      if (!r) return;
      yield r;
    }
  }
  return {
    header,
    hasData: first !== null,
    records: records(),
    bytesRead: () => bytes,
    sha256: () => hash.copy().digest('hex'),
    close: () => {
      ended = true;
      parsedAll = true;
      queue.length = 0;
      void it.return?.();
    },
  };
}

function toCsvReadError(err: unknown, brokenRecordLine: number): unknown {
  if (err instanceof CsvReadError) return err;
  if (err instanceof CsvError) {
    const line = typeof err.lines === 'number' ? err.lines : null;
    if (err.code === 'CSV_MAX_RECORD_SIZE')
      return new CsvReadError(
        'validation_failed',
        'birthImport.recordTooLong',
        { line: brokenRecordLine, max: MAX_RECORD_CHARS.toLocaleString('en') },
        brokenRecordLine,
      );
    if (err.code === 'CSV_QUOTE_NOT_CLOSED')
      return new CsvReadError(
        'validation_failed',
        'birthImport.quoteNotClosed',
        { line: brokenRecordLine },
        brokenRecordLine,
      );
    if (QUOTE_ERRORS.has(err.code))
      return new CsvReadError('validation_failed', 'birthImport.badQuote', { line }, line);
    return new CsvReadError(
      'validation_failed',
      'birthImport.csvSyntax',
      { line, detail: err.message },
      line,
    );
  }
  return err;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}
