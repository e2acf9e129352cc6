import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Principal } from '../../../shared/auth/principal';
import type { BirthImportProgress, BirthImportReport } from '../../../shared/births/birth-import.schema';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Config } from '../../config';
import type { BirthImport, BirthImportOptions } from './births-import.types';

/**
 * The main thread's side of an import run in a worker thread (`import-worker.ts`): the upload's bytes
 * go to the worker as it asks for them, its progress and report come back. The worker parses, checks,
 * builds the rows and writes them on connections of its own, so that none of that runs in the event
 * loop that answers the dashboards (docs/decisions.md, "Reads during a bulk import").
 */

/** What the worker is started with (structured-cloned: no functions). */
export type ImportWorkerData = {
  connectionString: string;
  principal: Principal | null;
  now: string;
  config: Pick<Config, 'registerEarliestBirthDate'>;
  opts: Omit<BirthImportOptions, 'log' | 'thread' | 'bytes'>;
};

/** Messages between the two threads. */
export type ToWorker =
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'sourceError'; message: string }
  | { type: 'run' };
export type SerializedError = {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
  issues?: unknown;
  params?: unknown;
};
export type FromWorker =
  | { type: 'pull' }
  | { type: 'opened' }
  | { type: 'openFailed'; error: SerializedError }
  | { type: 'progress'; progress: BirthImportProgress }
  | { type: 'log'; error: SerializedError }
  | { type: 'report'; report: BirthImportReport };

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & Partial<Pick<AppError, 'code' | 'issues' | 'params'>>;
  return {
    name: e.name,
    message: e.message,
    ...(e.stack ? { stack: e.stack } : {}),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.issues !== undefined ? { issues: e.issues } : {}),
    ...(e.params !== undefined ? { params: e.params } : {}),
  };
}

function reviveError(s: SerializedError): Error {
  if (s.name === 'AppError')
    return new AppError(
      s.code as AppError['code'],
      s.message,
      s.issues as AppError['issues'],
      s.params as never,
    );
  const err = Object.assign(new Error(s.message), { name: s.name, code: s.code });
  if (s.stack) err.stack = s.stack;
  return err;
}

/** tsx's ESM API module, from its package's exports (its CommonJS twin cannot register the ESM hooks). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(manifest), pkg.exports['./esm/api']!.import.default)).href;
}

/**
 * The worker's module is TypeScript, run by tsx as the server is (`npm run serve`): the worker thread
 * registers tsx's loader before importing it (a worker does not inherit the main thread's loader hooks).
 */
function startWorker(workerData: ImportWorkerData): Worker {
  const entry = new URL('./import-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxEsmApi())})
    .then((m) => m.register())
    .then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(boot, { eval: true, workerData });
}

export async function openBirthImportInWorker(
  deps: { connectionString: string; now: Date; config: Pick<Config, 'registerEarliestBirthDate'> },
  principal: Principal | null,
  source: AsyncIterable<Uint8Array>,
  opts: BirthImportOptions,
): Promise<BirthImport> {
  const { log, thread: _thread, bytes: _bytes, ...workerOpts } = opts;
  const worker = startWorker({
    connectionString: deps.connectionString,
    principal,
    now: deps.now.toISOString(),
    config: { registerEarliestBirthDate: deps.config.registerEarliestBirthDate },
    opts: workerOpts,
  });
  const send = (m: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(m, transfer);
  const input = source[Symbol.asyncIterator]();
  const pull = async () => {
    try {
      const r = await input.next();
      if (r.done) return send({ type: 'end' });
      // A copy that the worker owns (a stream's chunk may share its buffer with others).
      const bytes = new Uint8Array(r.value);
      send({ type: 'chunk', bytes }, [bytes.buffer]);
    } catch (err) {
      send({ type: 'sourceError', message: err instanceof Error ? err.message : String(err) });
    }
  };

  let onProgress: ((p: BirthImportProgress) => void) | undefined;
  let lastProgress: BirthImportProgress | null = null;
  let opened!: (v: 'ok') => void;
  let openFailed!: (err: Error) => void;
  let reported!: (r: BirthImportReport) => void;
  const open = new Promise<'ok'>((resolve, reject) => {
    opened = resolve;
    openFailed = reject;
  });
  const done = new Promise<BirthImportReport>((resolve) => (reported = resolve));
  let finished = false;
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'pull') void pull();
    else if (m.type === 'opened') opened('ok');
    else if (m.type === 'openFailed') {
      finished = true;
      openFailed(reviveError(m.error));
    } else if (m.type === 'progress') {
      lastProgress = m.progress;
      onProgress?.(m.progress);
    } else if (m.type === 'log') log?.(reviveError(m.error));
    else {
      finished = true;
      reported(m.report);
    }
  });
  // A worker that dies (out of memory, a bug) ends the import as an internal failure, as in this thread.
  const failed = (err: Error) => {
    if (finished) return;
    finished = true;
    log?.(err);
    openFailed(err);
    reported(internalFailure(opts, lastProgress, deps.now));
  };
  worker.on('error', failed);
  worker.on('exit', (code) => failed(new Error(`birth import worker exited (${code})`)));

  await open;
  return {
    run: (progress) => {
      onProgress = progress;
      send({ type: 'run' });
      return done;
    },
  };
}

/** The report of an import whose worker died: batches committed before (valid_only) stay. */
function internalFailure(
  opts: BirthImportOptions,
  last: BirthImportProgress | null,
  started: Date,
): BirthImportReport {
  const counts = last ?? {
    bytes: 0,
    rows: 0,
    births: 0,
    inserted: 0,
    alreadyPresent: 0,
    invalid: 0,
    errors: 0,
  };
  const allOrNothing = opts.mode === 'all_or_nothing';
  return {
    type: 'report',
    importId: newId(),
    mode: opts.mode,
    committed: !allOrNothing,
    bytes: counts.bytes,
    rows: counts.rows,
    births: counts.births,
    inserted: allOrNothing ? 0 : counts.inserted,
    alreadyPresent: allOrNothing ? 0 : counts.alreadyPresent,
    invalid: counts.invalid,
    errors: counts.errors + 1,
    issues: [],
    issuesTruncated: counts.errors > 0,
    fatal: { code: 'internal', message: 'errors.internal', line: null },
    fileSha256: '',
    elapsedMs: Date.now() - started.getTime(),
  };
}
