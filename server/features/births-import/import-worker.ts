import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openPostgresDb } from '../../db/postgres-db';
import { openBirthImportHere } from './births-import.service';
import { type FromWorker, type ImportWorkerData, serializeError, type ToWorker } from './import-thread';

/**
 * The worker thread of a birth import (started by `import-thread.ts`): runs the import as the main
 * thread would, on connections of its own, reading the upload's bytes from the main thread as it needs
 * them. Its thread runs at a lower priority than the server's, so that on a busy machine the cores go to
 * the requests first.
 */
const IMPORT_NICE = 10;

const data = workerData as ImportWorkerData;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

/** Linux: the priority of this thread alone (its id from /proc/thread-self); elsewhere nothing. */
function lowerThisThreadsPriority() {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (tid > 0) os.setPriority(tid, IMPORT_NICE);
  } catch {
    // Not Linux, or not allowed: the import runs at the server's priority.
  }
}

/** The next message of the main thread: chunks come one per `pull`, `run` once. */
const waiting: Array<(m: ToWorker) => void> = [];
const queued: ToWorker[] = [];
port.on('message', (m: ToWorker) => {
  const w = waiting.shift();
  if (w) w(m);
  else queued.push(m);
});
const next = () =>
  new Promise<ToWorker>((resolve) => {
    const m = queued.shift();
    if (m) resolve(m);
    else waiting.push(resolve);
  });

async function* upload(): AsyncGenerator<Uint8Array> {
  for (;;) {
    send({ type: 'pull' });
    const m = await next();
    if (m.type === 'end') return;
    if (m.type === 'sourceError') throw new Error(m.message);
    if (m.type === 'chunk') yield m.bytes;
  }
}

/** The import's connections are named, so that they can be told apart in pg_stat_activity. */
function named(connectionString: string) {
  try {
    const url = new URL(connectionString);
    if (!url.searchParams.has('application_name'))
      url.searchParams.set('application_name', 'openeenc-import');
    return url.toString();
  } catch {
    return connectionString;
  }
}

async function main() {
  lowerThisThreadsPriority();
  const db = await openPostgresDb(named(data.connectionString), (data.opts.writeConcurrency ?? 1) + 1);
  try {
    const now = new Date(data.now);
    let job;
    try {
      job = await openBirthImportHere(
        { db, clock: { now: () => now }, config: data.config },
        data.principal,
        upload(),
        {
          ...data.opts,
          log: (err) => send({ type: 'log', error: serializeError(err) }),
        },
      );
    } catch (err) {
      send({ type: 'openFailed', error: serializeError(err) });
      return;
    }
    send({ type: 'opened' });
    const go = await next();
    if (go.type !== 'run') return;
    const report = await job.run((progress) => send({ type: 'progress', progress }));
    send({ type: 'report', report });
  } finally {
    await db.close();
    // Nothing more to hear from the main thread: let the thread end.
    port.unref();
  }
}

main().catch((err: unknown) => {
  send({ type: 'log', error: serializeError(err) });
  // The main thread turns the exit without a report into an internal failure.
  process.exitCode = 1;
});
