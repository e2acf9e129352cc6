import { applyPatch, combinePatches, type FlatRecord, type Patch, patchBetween } from './flat-record';
import type { OpResult, SyncOp, SyncRecordType } from './sync.schema';

/**
 * The device side of the protocol, pure so that the web app and the model test run the same code: an
 * outbox of operations over local snapshots of the server's records. The web stores both in IndexedDB
 * (web/features/offline/); here they are plain values.
 *
 * An entry is `waiting` until a push answers it, then `sent` (applied: its change stays shown until a
 * pull brings the version it made) or `rejected` (kept with the server's message until edited). An entry
 * that was ever sent (`attempts > 0`) never changes again: a replay must be the same operation.
 */
export type OutboxEntry = SyncOp & {
  state: 'waiting' | 'sent' | 'rejected';
  attempts: number;
  /** The version the operation made (sent entries). */
  resultVersion: number | null;
  error: Pick<OpResult, 'code' | 'message' | 'issues'> | null;
};

export type Snapshot = { id: string; version: number; flat: FlatRecord };

/** What the device shows for a record: its snapshot with its queued changes on top; null = none or deleted. */
export function localView(
  snapshot: Snapshot | undefined,
  entries: readonly OutboxEntry[],
): FlatRecord | null {
  let view: FlatRecord | null = snapshot ? snapshot.flat : null;
  for (const e of entries) {
    if (e.kind === 'delete') view = null;
    else if (e.kind === 'create') view = { ...e.patch };
    else if (view) view = applyPatch(view, e.patch);
  }
  return view;
}

/**
 * Queues the change of a record to `next` (null = delete) and returns the new outbox. A change folds into
 * the record's last entry when that entry was never sent; a refused entry folds into a new operation
 * (new opId and seq) so that it can be sent again.
 */
export function queueChange(
  outbox: readonly OutboxEntry[],
  snapshot: Snapshot | undefined,
  recordId: string,
  next: FlatRecord | null,
  ids: { newOpId: () => string; deviceId: string; nextSeq: () => number },
  recordType: SyncRecordType = 'birth',
): OutboxEntry[] {
  const mine = outbox.filter((e) => e.recordId === recordId);
  const current = localView(snapshot, mine);
  if (current === null && next === null) return [...outbox];
  const last = mine.at(-1);
  const open = last && last.attempts === 0 && last.state === 'waiting' ? last : undefined;
  const refused = mine.filter((e) => e.state === 'rejected');
  const rest = outbox.filter((e) => e !== open && !refused.includes(e));
  const fresh = (kind: SyncOp['kind'], baseVersion: number, patch: Patch): OutboxEntry => ({
    opId: ids.newOpId(),
    deviceId: ids.deviceId,
    seq: ids.nextSeq(),
    recordType,
    recordId,
    kind,
    baseVersion,
    patch,
    state: 'waiting',
    attempts: 0,
    resultVersion: null,
    error: null,
  });
  // Refused entries and the unsent last one are replaced by one operation holding all of them.
  const pending = [...refused, ...(open ? [open] : [])].sort((a, b) => a.seq - b.seq);
  const first = pending[0];
  const kindOfFirst = first?.kind;
  const base = first ? first.baseVersion : (snapshot?.version ?? 0);
  if (next === null) {
    if (kindOfFirst === 'create') return rest; // created and deleted before the server saw it
    return [...rest, fresh('delete', base, {})];
  }
  if (current === null || kindOfFirst === 'create') {
    return [...rest, fresh('create', 0, { ...next })];
  }
  const pendingPatch = pending.reduce<Patch>((p, e) => combinePatches(p, e.patch), {});
  const patch = combinePatches(pendingPatch, patchBetween(current, next));
  if (!Object.keys(patch).length) return rest;
  return [...rest, fresh('update', base, patch)];
}

/**
 * The outbox after a push answered `results` (entries not in the answer are untouched). `snapshots`
 * holds the versions the device already has: an applied change whose version is already there (its
 * answer was lost and a pull brought it before the resend) is dropped at once.
 */
export function afterPush(
  outbox: readonly OutboxEntry[],
  results: readonly OpResult[],
  snapshots: ReadonlyMap<string, number> = new Map(),
): OutboxEntry[] {
  const byOp = new Map(results.map((r) => [r.opId, r]));
  return outbox.flatMap((e): OutboxEntry[] => {
    const r = byOp.get(e.opId);
    if (!r) return [e];
    if (r.status === 'conflict') return []; // the inbox holds the change now
    if (r.status === 'rejected')
      return [{ ...e, state: 'rejected', error: { code: r.code, message: r.message, issues: r.issues } }];
    const have = snapshots.get(e.recordId);
    if (have !== undefined && r.version !== null && have >= r.version) return [];
    return [{ ...e, state: 'sent', resultVersion: r.version }];
  });
}

/** The outbox once a pull brought these versions: sent entries the snapshots now hold are dropped. */
export function afterPull(
  outbox: readonly OutboxEntry[],
  pulled: ReadonlyMap<string, number | null>,
): OutboxEntry[] {
  return outbox.filter((e) => {
    if (e.state !== 'sent' || !pulled.has(e.recordId)) return true;
    const version = pulled.get(e.recordId);
    return version !== null && version !== undefined && e.resultVersion !== null && version < e.resultVersion;
  });
}

/** How many changes wait to reach the server (the badge): never answered, or refused. */
export const countWaiting = (outbox: readonly OutboxEntry[]) =>
  outbox.filter((e) => e.state !== 'sent').length;

/** The operations to send now: those not answered yet, in seq order, at most `max`. */
export const nextBatch = (outbox: readonly OutboxEntry[], max: number) =>
  outbox
    .filter((e) => e.state === 'waiting')
    .sort((a, b) => a.seq - b.seq)
    .slice(0, max);

/** The operation as sent on the wire (without the device's bookkeeping). */
export function toOp(e: OutboxEntry): SyncOp {
  return {
    opId: e.opId,
    deviceId: e.deviceId,
    seq: e.seq,
    recordType: e.recordType,
    recordId: e.recordId,
    kind: e.kind,
    baseVersion: e.baseVersion,
    patch: e.patch,
  };
}
