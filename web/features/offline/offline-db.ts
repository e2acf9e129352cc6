import Dexie, { type Table } from 'dexie';
import { z } from 'zod';
import { type Birth, BirthSchema } from '../../../shared/births/birth.schema';
import type { OutboxEntry } from '../../../shared/sync/outbox';
import type { FlatRecord } from '../../../shared/sync/flat-record';
import {
  OpResultSchema,
  PulledRecordSchema,
  type SyncRecordType,
  SyncOpSchema,
} from '../../../shared/sync/sync.schema';

/**
 * The browser's offline store (IndexedDB through Dexie). Only this folder touches it; components go
 * through the feature `*.api.ts` functions. What is read back is checked with zod: stored data outlives
 * the code that wrote it.
 *
 * - `outbox`: queued operations (shared/sync/outbox.ts), by opId.
 * - `snapshots`: the server's documents as last read (pull or an opened record), with their version:
 *   what an edit made offline is a patch against.
 * - `local`: what the device shows of a birth it changed offline (its own view, until the server's
 *   answer is pulled).
 * - `records`: records of the other types (postnatal contacts, KMC log days) as last pulled, in the
 *   protocol's flat form with their version: what their offline edits are patches against.
 * - `meta`: the device id, the next operation seq, the pull cursor.
 */
export type StoredSnapshot = { id: string; version: number; doc: Birth };
export type LocalDoc = { id: string; doc: Birth };
export type StoredRecord = { id: string; recordType: SyncRecordType; version: number; flat: FlatRecord };
type Meta = { key: string; value: unknown };

class OfflineDb extends Dexie {
  outbox!: Table<OutboxEntry, string>;
  snapshots!: Table<StoredSnapshot, string>;
  local!: Table<LocalDoc, string>;
  meta!: Table<Meta, string>;
  records!: Table<StoredRecord, string>;
  constructor() {
    super('openeenc-offline');
    this.version(1).stores({ outbox: 'opId, recordId, seq', snapshots: 'id', local: 'id', meta: 'key' });
    this.version(2).stores({ records: 'id, recordType' });
  }
}

export const offlineDb = new OfflineDb();

export const OutboxEntrySchema = SyncOpSchema.extend({
  state: z.enum(['waiting', 'sent', 'rejected']),
  attempts: z.number().int(),
  resultVersion: z.number().int().nullable(),
  error: OpResultSchema.pick({ code: true, message: true, issues: true }).nullable(),
});

/**
 * The outbox in seq order, and the op ids of the rows that no longer parse (written by another version
 * of the app, or damaged). Those are never sent, but never dropped either: they count as waiting and as
 * refused (so logout stays blocked) until the user discards them on the refused changes page.
 */
export async function readOutboxRows(): Promise<{ entries: OutboxEntry[]; unreadable: string[] }> {
  const rows: unknown[] = await offlineDb.outbox.orderBy('seq').toArray();
  const entries: OutboxEntry[] = [];
  const unreadable: string[] = [];
  for (const r of rows) {
    const parsed = OutboxEntrySchema.safeParse(r);
    if (parsed.success) entries.push(parsed.data);
    else unreadable.push(String((r as { opId?: unknown }).opId));
  }
  return { entries, unreadable };
}

/** The outbox entries that parse, in seq order (`readOutboxRows` says which do not). */
export const readOutbox = async () => (await readOutboxRows()).entries;

export async function readSnapshot(id: string): Promise<StoredSnapshot | undefined> {
  const row = await offlineDb.snapshots.get(id);
  const doc = row && BirthSchema.safeParse(row.doc);
  return row && doc?.success ? { id, version: row.version, doc: doc.data } : undefined;
}

export async function readRecord(id: string): Promise<StoredRecord | undefined> {
  const parsed = PulledRecordSchema.safeParse(await offlineDb.records.get(id));
  return parsed.success ? parsed.data : undefined;
}

/** The pulled records of a type (those that no longer parse are left out). */
export async function listRecords(recordType: SyncRecordType): Promise<StoredRecord[]> {
  const rows = await offlineDb.records.where('recordType').equals(recordType).toArray();
  return rows.flatMap((r) => {
    const parsed = PulledRecordSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function readLocal(id: string): Promise<Birth | undefined> {
  const doc = BirthSchema.safeParse((await offlineDb.local.get(id))?.doc);
  return doc.success ? doc.data : undefined;
}

export async function readMeta<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const parsed = schema.safeParse((await offlineDb.meta.get(key))?.value);
  return parsed.success ? parsed.data : undefined;
}

export const writeMeta = (key: string, value: unknown) => offlineDb.meta.put({ key, value });
