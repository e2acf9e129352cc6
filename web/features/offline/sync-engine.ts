import { z } from 'zod';
import { afterPull, afterPush, nextBatch, toOp } from '../../../shared/sync/outbox';
import { MAX_PUSH_OPS } from '../../../shared/sync/sync.schema';
import { ApiError } from '../../lib/api-client';
import { offlineDb, readMeta, readOutbox, writeMeta } from './offline-db';
import { FOLLOW_UP_KEY, forgetReads, keepRead, refreshReferenceReads } from './offline-reads';
import { pullChanges, pushOps } from './offline.api';
import { dropPulledData, replaceOutbox } from './outbox-store';

/** How often the loop tries again while changes wait (and pulls news); the `online` event does not wait. */
export const RETRY_MS = 30_000;

let running: Promise<void> | null = null;
let again = false;

/**
 * Sends what waits, then pulls what changed. One run at a time; a request during a run starts another
 * after it. A network failure ends the run quietly: the next `online` event or tick tries again.
 */
export function requestSync(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      try {
        await pushAll();
        await pullAll();
      } catch (err) {
        if (!(err instanceof ApiError) || (err.code !== 'network' && err.status < 500 && err.status !== 401))
          console.warn('sync failed', err instanceof Error ? err.name : 'error');
        break;
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}

async function pushAll(): Promise<void> {
  for (;;) {
    const outbox = await readOutbox();
    const batch = nextBatch(outbox, MAX_PUSH_OPS);
    if (!batch.length) return;
    // Counted as sent before the request leaves: an operation whose answer is lost is never changed again.
    const sent = new Set(batch.map((e) => e.opId));
    const marked = outbox.map((e) => (sent.has(e.opId) ? { ...e, attempts: e.attempts + 1 } : e));
    await replaceOutbox(outbox, marked);
    const results = await pushOps(batch.map(toOp));
    const tables = [offlineDb.outbox, offlineDb.snapshots, offlineDb.local, offlineDb.records];
    await offlineDb.transaction('rw', tables, async () => {
      const current = await readOutbox();
      const ids = [...new Set(batch.map((e) => e.recordId))];
      const kept = [...(await offlineDb.snapshots.bulkGet(ids)), ...(await offlineDb.records.bulkGet(ids))];
      const have = kept.flatMap((x) => (x ? [[x.id, x.version] as const] : []));
      const next = afterPush(current, results, new Map(have));
      await replaceOutbox(current, next);
      // A change now in the inbox is no longer the device's to show.
      const dropped = results.filter((r) => r.status === 'conflict').map((r) => r.opId);
      const gone = current.filter((e) => dropped.includes(e.opId)).map((e) => e.recordId);
      await offlineDb.local.bulkDelete(gone.filter((id) => !next.some((e) => e.recordId === id)));
    });
  }
}

async function pullAll(): Promise<void> {
  let cursor = await readMeta('cursor', z.string());
  let reset = false;
  for (;;) {
    const page = await pullChanges(cursor);
    const tables = [
      offlineDb.outbox,
      offlineDb.snapshots,
      offlineDb.local,
      offlineDb.records,
      offlineDb.meta,
    ];
    await offlineDb.transaction('rw', tables, async () => {
      // The user's rights changed: what the old ones pulled goes, and this page begins the working set.
      if (page.reset) await dropPulledData();
      reset ||= page.reset;
      const pulled = new Map<string, number | null>();
      await offlineDb.snapshots.bulkPut(
        page.births.map((doc) => ({ id: doc.id, version: doc.version, doc })),
      );
      await offlineDb.records.bulkPut(page.records);
      for (const r of [...page.births, ...page.records]) pulled.set(r.id, r.version);
      await offlineDb.snapshots.bulkDelete(page.removed);
      await offlineDb.records.bulkDelete(page.removed);
      // A birth deleted with its contacts logs no removal of them (migration 0093): drop them with it.
      const removedBirths = new Set(page.removed);
      await offlineDb.records.filter((r) => removedBirths.has(String(r.flat.birthId))).delete();
      for (const id of page.removed) pulled.set(id, null);
      const current = await readOutbox();
      const next = afterPull(current, pulled);
      await replaceOutbox(current, next);
      // The server's copy replaces the device's own once nothing of this device is pending for it.
      const pending = new Set(next.map((e) => e.recordId));
      await offlineDb.local.bulkDelete([...pulled.keys()].filter((id) => !pending.has(id)));
    });
    // A postnatal worker's worklist rows open from these follow-ups without network (a mother handed
    // over since, or her edited record); a birth removed takes its follow-up with it (handed back).
    await keepRead(page.followUps.map((f) => ({ key: `${FOLLOW_UP_KEY}${f.birthId}`, value: f })));
    await forgetReads(page.removed.map((id) => `${FOLLOW_UP_KEY}${id}`));
    cursor = page.cursor;
    await writeMeta('cursor', cursor);
    if (!page.hasMore) break;
  }
  // The birth form's reference pages were kept through the reset: read again for the new rights.
  if (reset) await refreshReferenceReads();
}

/** Starts the loop: now, whenever the browser comes back online, and every RETRY_MS. Returns its stop. */
export function startSyncLoop(): () => void {
  const run = () => void requestSync();
  window.addEventListener('online', run);
  const timer = window.setInterval(run, RETRY_MS);
  run();
  return () => {
    window.removeEventListener('online', run);
    window.clearInterval(timer);
  };
}
