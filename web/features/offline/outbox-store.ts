import { z } from 'zod';
import {
  type Birth,
  type BirthInput,
  BirthInputSchema,
  type BirthInputRaw,
} from '../../../shared/births/birth.schema';
import { deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import { newId } from '../../../shared/ids';
import { flattenBirth, flattenBirthDoc } from '../../../shared/sync/birth-patch';
import type { FlatRecord } from '../../../shared/sync/flat-record';
import { countWaiting, type OutboxEntry, queueChange } from '../../../shared/sync/outbox';
import type { SyncRecordType } from '../../../shared/sync/sync.schema';
import {
  offlineDb,
  readMeta,
  readOutbox,
  readOutboxRows,
  readRecord,
  readSnapshot,
  writeMeta,
} from './offline-db';
import { forgetAllReads } from './offline-reads';
import { parseForQueue } from './parse-for-queue';

/** The device's id (made once per browser profile) and its next operation seq. */
async function deviceIds() {
  let deviceId = await readMeta('deviceId', z.uuid());
  if (!deviceId) {
    deviceId = newId();
    await writeMeta('deviceId', deviceId);
  }
  let seq = (await readMeta('nextSeq', z.number().int())) ?? 0;
  return { deviceId, nextSeq: () => seq++, save: () => writeMeta('nextSeq', seq) };
}

/** Form input as the server would parse it (defaults applied), or the form's field issues. */
function parseInput(id: string, input: Omit<BirthInputRaw, 'id'>): BirthInput {
  const parsed = parseForQueue(BirthInputSchema, { ...input, id });
  // Every newborn needs its id before the operation is made: changes address newborns by id.
  return { ...parsed, newborns: parsed.newborns.map((n) => ({ ...n, id: n.id ?? newId() })) };
}

/**
 * What the device shows of a birth saved offline: the document with values derived by the shared rules
 * under the default settings (the server derives again under the country's when it receives it).
 */
function localDocument(input: BirthInput, base: Birth | undefined): Birth {
  const now = new Date().toISOString();
  return {
    id: input.id!,
    facilityId: input.facilityId,
    facilityName: base?.facilityName ?? '',
    birthDate: base?.birthDate ?? input.delivery.bornAt.slice(0, 10),
    mother: { ...input.mother, communeName: base?.mother.communeName ?? null },
    personalDataHidden: false,
    delivery: { ...input.delivery, flags: deliveryFlags(input.delivery, DEFAULT_EENC_SETTINGS) },
    newborns: input.newborns.map((n) => ({
      ...n,
      id: n.id!,
      derived: deriveNewborn(n, input.delivery, DEFAULT_EENC_SETTINGS),
    })),
    version: base?.version ?? 0,
    createdAt: base?.createdAt ?? now,
    updatedAt: now,
    createdBy: base?.createdBy ?? null,
    updatedBy: base?.updatedBy ?? null,
  };
}

/** Queues a birth's new content (a create, or an edit of a birth this device has read) and returns what to show. */
export async function queueBirth(id: string, raw: Omit<BirthInputRaw, 'id'>): Promise<Birth> {
  const input = parseInput(id, raw);
  return offlineDb.transaction(
    'rw',
    offlineDb.outbox,
    offlineDb.snapshots,
    offlineDb.local,
    offlineDb.meta,
    async () => {
      const snapshot = await readSnapshot(id);
      const ids = await deviceIds();
      const before = await readOutbox();
      const { id: _id, ...body } = input;
      const after = queueChange(
        before,
        snapshot && { id, version: snapshot.version, flat: flattenBirthDoc(snapshot.doc) },
        id,
        flattenBirth(body),
        { newOpId: newId, deviceId: ids.deviceId, nextSeq: ids.nextSeq },
      );
      await replaceOutbox(before, after);
      await ids.save();
      const shown = localDocument(input, snapshot?.doc);
      await offlineDb.local.put({ id, doc: shown });
      return shown;
    },
  );
}

/**
 * Queues the new content of a record of another type (a postnatal contact, a KMC log day), in flat
 * form: a create, or an edit of the version last pulled. The same outbox, sync loop and inbox as births.
 */
export async function queueRecord(recordType: SyncRecordType, id: string, next: FlatRecord): Promise<void> {
  await offlineDb.transaction('rw', offlineDb.outbox, offlineDb.records, offlineDb.meta, async () => {
    const snapshot = await readRecord(id);
    const ids = await deviceIds();
    const before = await readOutbox();
    const after = queueChange(
      before,
      snapshot,
      id,
      next,
      { newOpId: newId, deviceId: ids.deviceId, nextSeq: ids.nextSeq },
      recordType,
    );
    await replaceOutbox(before, after);
    await ids.save();
  });
}

/** The queued creates of a record type (what the device recorded and the server has not answered yet). */
export async function listQueuedCreates(recordType: SyncRecordType): Promise<OutboxEntry[]> {
  return (await readOutbox()).filter((e) => e.recordType === recordType && e.kind === 'create');
}

/**
 * After a record was saved online: its refused changes are answered by that save, so they go (with the
 * device's view of a birth, which the saved document replaces). Changes still waiting stay.
 */
export async function dropRefusedOf(recordId: string): Promise<void> {
  await offlineDb.transaction('rw', offlineDb.outbox, offlineDb.local, async () => {
    const mine = await offlineDb.outbox.where('recordId').equals(recordId).toArray();
    const refused = mine.filter((e) => e.state === 'rejected').map((e) => e.opId);
    if (!refused.length) return;
    await offlineDb.outbox.bulkDelete(refused);
    if (refused.length === mine.length) await offlineDb.local.delete(recordId);
  });
}

/** Writes the difference between two versions of the outbox. */
export async function replaceOutbox(before: readonly OutboxEntry[], after: readonly OutboxEntry[]) {
  const kept = new Set(after.map((e) => e.opId));
  await offlineDb.outbox.bulkDelete(before.filter((e) => !kept.has(e.opId)).map((e) => e.opId));
  await offlineDb.outbox.bulkPut([...after]);
}

/** Remembers a birth as the server sent it: later offline edits are patches against it. */
export async function rememberBirth(doc: Birth): Promise<void> {
  const stored = await offlineDb.snapshots.get(doc.id);
  if (!stored || stored.version <= doc.version)
    await offlineDb.snapshots.put({ id: doc.id, version: doc.version, doc });
}

/** A birth as this device last knew it: its own offline change, else the server's last document. */
export async function findLocalBirth(id: string): Promise<Birth | undefined> {
  const local = await offlineDb.local.get(id);
  if (local) return local.doc;
  return (await readSnapshot(id))?.doc;
}

/**
 * What the badge and logout count: changes waiting (never answered, refused, or unreadable) and, of
 * those, the refused ones, unreadable rows included (they can never be sent as they are).
 */
export async function outboxCounts(): Promise<{ waiting: number; refused: number; unreadable: number }> {
  const { entries, unreadable } = await readOutboxRows();
  return {
    waiting: countWaiting(entries) + unreadable.length,
    refused: entries.filter((e) => e.state === 'rejected').length + unreadable.length,
    unreadable: unreadable.length,
  };
}

export async function waitingCount(): Promise<number> {
  return (await outboxCounts()).waiting;
}

/** Forgets everything stored for this browser's user (after a logout with nothing waiting). */
export async function clearOfflineData(): Promise<void> {
  await Promise.all([
    offlineDb.outbox.clear(),
    offlineDb.snapshots.clear(),
    offlineDb.local.clear(),
    offlineDb.records.clear(),
  ]);
  await offlineDb.meta.delete('cursor');
  // Pages kept for reading offline (worklists, follow-ups, KMC babies) hold names and phones.
  await forgetAllReads();
}

/**
 * Forgets what pulls and reads kept, but not the device's unsent changes (the outbox, and the copies of
 * the records they change): a pull answered `reset`, the user's rights changed, and what the old ones
 * let the device keep may lie outside the new (the reference pages stay: the sync reads them again). Runs in
 * the caller's transaction when there is one.
 */
export async function dropPulledData(): Promise<void> {
  const pending = new Set((await offlineDb.outbox.toArray()).map((e) => e.recordId));
  await offlineDb.snapshots.filter((r) => !pending.has(r.id)).delete();
  await offlineDb.records.filter((r) => !pending.has(r.id)).delete();
  await offlineDb.local.filter((r) => !pending.has(r.id)).delete();
  // The reference pages (facility, EENC settings) stay until the sync reads them again.
  await forgetAllReads({ keepReference: true });
}
