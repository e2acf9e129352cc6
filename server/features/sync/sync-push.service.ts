import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { applyPatch, type FlatRecord, type Patch } from '../../../shared/sync/flat-record';
import { mergePatch } from '../../../shared/sync/merge';
import type { SyncOp } from '../../../shared/sync/sync.schema';
import type { Queryable, Tx } from '../../db/db';
import { dbInTransaction } from '../../db/db-in-transaction';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import {
  claimOperation,
  claimOperations,
  findAuditedAtVersion,
  findAuditedDeletion,
  findOperation,
  insertConflicts,
  listEarlierDevicePatches,
  type NewConflict,
  releaseOperations,
  saveOperationResult,
  saveOperationResults,
  type StoredResult,
} from './sync.repo';
import {
  authorizeRecord,
  checkFixedFields,
  type CurrentRecord,
  issuesByEntryId,
  type SyncRecordHandler,
} from './sync-record-type';
import { SYNC_HANDLERS, syncTypesOf } from './sync-record-types';

const applied = (version: number | null, conflicts = 0): StoredResult => ({
  status: 'applied',
  version,
  conflicts,
  code: null,
  message: null,
  issues: [],
});
const conflicted = (version: number | null): StoredResult => ({ ...applied(version, 1), status: 'conflict' });

/**
 * Applies a batch of operations, each in its own transaction together with its stored result: one that
 * the server refuses answers with its message and leaves the others applied, and a crash in the middle
 * leaves every finished operation stored once (the client resends the batch; the stored ones answer
 * with their first result). Operations run in the order of each device's `seq`.
 */
export async function pushOperations(
  deps: AppDeps,
  principal: Principal,
  ops: readonly SyncOp[],
  opts: {
    /** `together: false` applies every create alone (the benchmark's "before"). */
    together?: boolean;
    /** Told of an operation that failed unexpectedly (not a refusal): the route logs its opId. */
    onUnexpected?: (opId: string, err: unknown) => void;
  } = {},
): Promise<Array<StoredResult & { opId: string }>> {
  syncTypesOf(principal, 'write');
  const order = [...ops].sort((a, b) => (a.deviceId === b.deviceId ? a.seq - b.seq : 0));
  const results = new Map<string, StoredResult>();
  const size = opts.together === false ? 1 : deps.config.syncCreatesPerTransaction;
  try {
    for (const step of inSteps(principal, order, size)) {
      if (step.length > 1) await pushCreates(deps, principal, step, results);
      for (const op of step)
        results.set(op.opId, results.get(op.opId) ?? (await pushOne(deps, principal, op, opts.onUnexpected)));
    }
  } finally {
    if (deps.db.engine === 'postgres') await flushCommits(deps);
  }
  return ops.map((op) => ({ opId: op.opId, ...results.get(op.opId)! }));
}

/** Births first: a contact or a KMC day may name a birth created before it in the batch, never the reverse. */
const createRank = (type: SyncOp['recordType']) => (type === 'birth' ? 0 : 1);

/**
 * The batch in the order it is applied: groups of creates that can be applied together, and single
 * operations. A create can join a group when its record type writes several at once, it is the first
 * operation on its record in the batch (a later edit of a record created in the same batch still
 * follows its create), and its op id is sent once. Only creates that follow each other in the batch are
 * grouped (an operation between them is applied between them, as alone: a second contact of the same
 * code after an edit of the first is refused or not as it would be alone). A stretch breaks where a birth
 * follows a contact or a KMC day (those may name it); within it, creates are grouped per record type in
 * batch order (the births come first; contacts and KMC days do not read each other), at most `size` per
 * group (`SYNC_CREATES_PER_TRANSACTION`: a group holds its months' register locks until it commits).
 */
function inSteps(principal: Principal, order: readonly SyncOp[], size: number): SyncOp[][] {
  const records = new Set<string>();
  const opIds = new Map<string, number>();
  for (const op of order) opIds.set(op.opId, (opIds.get(op.opId) ?? 0) + 1);
  const steps: SyncOp[][] = [];
  let stretch: SyncOp[] = [];
  const flush = () => {
    const byType = new Map<SyncOp['recordType'], SyncOp[]>();
    for (const op of stretch) byType.set(op.recordType, [...(byType.get(op.recordType) ?? []), op]);
    for (const ops of byType.values())
      for (let i = 0; i < ops.length; i += size) steps.push(ops.slice(i, i + size));
    stretch = [];
  };
  for (const op of order) {
    const key = `${op.recordType} ${op.recordId}`;
    const first = !records.has(key);
    records.add(key);
    const handler = SYNC_HANDLERS[op.recordType];
    const joins =
      size > 1 &&
      op.kind === 'create' &&
      first &&
      opIds.get(op.opId) === 1 &&
      handler.createMany !== undefined &&
      roleHasPermission(principal.role, handler.writePermission);
    if (!joins) {
      flush();
      steps.push([op]);
      continue;
    }
    if (stretch.length && createRank(op.recordType) < createRank(stretch.at(-1)!.recordType)) flush();
    stretch.push(op);
  }
  flush();
  return steps;
}

/**
 * Creates of one record type in one transaction, written by the type's `createMany` (one statement per
 * table: the rollups' statement triggers run once for the group, not once per record), each with its
 * stored result: applied, or refused with the message `create` would give. What the group does not answer
 * is applied next, one operation at a time, before the batch goes on: ids stored before (a replay answers
 * its first result, a create of a stored record merges), and every operation of a group that fails as a
 * whole (a newborn id sent twice, a lost connection), each then applied, or refused, alone.
 */
async function pushCreates(
  deps: AppDeps,
  principal: Principal,
  ops: readonly SyncOp[],
  results: Map<string, StoredResult>,
): Promise<void> {
  const handler = SYNC_HANDLERS[ops[0]!.recordType];
  let answered: Array<{ opId: string; result: StoredResult }>;
  try {
    answered = await deps.db.transaction(
      async (tx) => {
        const claimed = await claimOperations(tx, ops, principal.userId);
        const mine = ops.filter((op) => claimed.has(op.opId));
        if (!mine.length) return [];
        const inner: AppDeps = { ...deps, db: dbInTransaction(deps.db.engine, tx, { savepoints: false }) };
        const created = await handler.createMany!(
          inner,
          principal,
          mine.map((op) => ({ id: op.recordId, flat: op.patch })),
        );
        const out: Array<{ opId: string; result: StoredResult }> = [];
        const alone: string[] = [];
        for (const [i, op] of mine.entries()) {
          const c = created[i]!;
          if (c === 'stored') alone.push(op.opId);
          else if ('version' in c) out.push({ opId: op.opId, result: applied(c.version) });
          else if (c.refused.status >= 500) throw c.refused;
          else out.push({ opId: op.opId, result: rejected(onEntries(handler, op.patch, c.refused)) });
        }
        await releaseOperations(tx, alone);
        await saveOperationResults(tx, out);
        return out;
      },
      { asyncCommit: true },
    );
  } catch {
    return; // rolled back: each is applied alone, as any operation, and answers there
  }
  for (const a of answered) results.set(a.opId, a.result);
}

/**
 * On PostgreSQL each operation commits without waiting for its commit record to reach the disk (a
 * flush per operation was a third of a push's time on a loaded machine), and the push waits once, at
 * the end, before it answers: one transaction that commits synchronously (`txid_current` gives it a
 * commit record) flushes the log up to its own commit, so every earlier operation's too. A crash before
 * that may lose the last operations, in order, but the device has had no answer and sends the batch
 * again: what was kept answers with its first result, what was lost is applied (docs/decisions.md).
 */
async function flushCommits(deps: AppDeps): Promise<void> {
  await deps.db.query('select txid_current()');
}

/**
 * One operation in its own transaction with its stored result. The services' own transactions simply
 * join it (no savepoint: two round trips fewer per operation); a refused operation rolls the whole
 * transaction back, writes and claim, and its result is then stored by a transaction of its own. An
 * unexpected failure (a bug, not a refusal) rolls back too and answers `rejected` with code `internal`,
 * stored nowhere: the batch goes on, and the same operation sent again is applied as if never sent.
 */
async function pushOne(
  deps: AppDeps,
  principal: Principal,
  op: SyncOp,
  onUnexpected?: (opId: string, err: unknown) => void,
): Promise<StoredResult> {
  try {
    return await deps.db.transaction(
      async (tx) => {
        const stored = await claimOrStoredResult(tx, principal, op);
        if (stored) return stored;
        const inner: AppDeps = { ...deps, db: dbInTransaction(deps.db.engine, tx, { savepoints: false }) };
        const handler = SYNC_HANDLERS[op.recordType];
        let result: StoredResult;
        try {
          // A role that may write other types but not this one (a postnatal worker sending a birth).
          authorize(principal, handler.writePermission);
          result = await applyOp(inner, tx, principal, handler, op);
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          throw new Refused(rejected(err));
        }
        await saveOperationResult(tx, op.opId, result);
        return result;
      },
      { asyncCommit: true },
    );
  } catch (err) {
    if (!(err instanceof Refused)) {
      onUnexpected?.(op.opId, err);
      return rejected(new AppError('internal', 'errors.internal'));
    }
    return deps.db.transaction(
      async (tx) => {
        const stored = await claimOrStoredResult(tx, principal, op);
        if (stored) return stored;
        await saveOperationResult(tx, op.opId, err.result);
        return err.result;
      },
      { asyncCommit: true },
    );
  }
}

/** Thrown out of an operation's transaction to roll its writes back; carries the answer to store. */
class Refused extends Error {
  constructor(readonly result: StoredResult) {
    super('sync operation refused');
  }
}

/** Claims the operation's id; if it was stored before, its first result (or a refusal: not this user's). */
async function claimOrStoredResult(
  tx: Tx,
  principal: Principal,
  op: SyncOp,
): Promise<StoredResult | undefined> {
  if (await claimOperation(tx, op, principal.userId)) return undefined;
  const stored = await findOperation(tx, op.opId);
  if (stored && stored.userId === principal.userId) return stored.result;
  return rejected(new AppError('conflict', 'sync.opIdTaken'));
}

/** The server's answer to a refused operation (issue paths already in the protocol's form). */
function rejected(err: AppError): StoredResult {
  return {
    status: 'rejected',
    version: null,
    conflicts: 0,
    code: err.code,
    message: err.message,
    params: err.params,
    issues: err.issues.map((i) => ({ path: i.path, message: i.message, params: i.params })),
  };
}

/** Runs a write of the record type; refused issues name list entries by id, as the patch does. */
async function writing<T>(handler: SyncRecordHandler, doc: FlatRecord, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw onEntries(handler, doc, err);
  }
}

/** A refusal whose issues name list entries by id. */
const onEntries = (handler: SyncRecordHandler, doc: FlatRecord, err: AppError) =>
  new AppError(err.code, err.message, issuesByEntryId(handler.shape, doc, err.issues), err.params);

async function applyOp(
  deps: AppDeps,
  tx: Tx,
  principal: Principal,
  handler: SyncRecordHandler,
  op: SyncOp,
): Promise<StoredResult> {
  const current = await handler.find(tx, op.recordId, true);
  if (op.kind === 'create' && !current) {
    const version = await writing(handler, op.patch, () =>
      handler.create(deps, principal, op.recordId, op.patch),
    );
    return applied(version ?? (await handler.find(tx, op.recordId, false))?.version ?? null);
  }
  if (!current) return onMissingRecord(tx, principal, handler, op);
  authorizeRecord(principal, handler.writePermission, current.paths);
  // A base the server never reached is a device's mistake, not a conflict to put in anyone's inbox.
  if (op.baseVersion > current.version)
    throw new AppError('validation_failed', 'sync.baseAhead', [
      { path: 'baseVersion', message: 'sync.baseAhead' },
    ]);
  const earlier = await listEarlierDevicePatches(tx, op, op.baseVersion);
  if (op.kind === 'delete') {
    if (
      op.baseVersion === current.version ||
      (earlier.length && (await ownsLatest(tx, op, current.version)))
    ) {
      await handler.remove(deps, principal, op.recordId, current.version);
      return applied(null);
    }
    await insertConflicts(tx, [conflictOf(op, principal, current.orgUnitId, 'deleted_on_device')]);
    return conflicted(current.version);
  }
  // The device's view when it edited: the version it read, with its own earlier changes on top (it
  // may not have read their answers, and never read what others changed since). A create of a record
  // the server already has (two devices made the same KMC day) merges against no base: every field that
  // differs goes to the inbox.
  let base: FlatRecord | null =
    op.kind === 'create'
      ? null
      : op.baseVersion === current.version
        ? current.flat
        : op.baseVersion === 0
          ? earlier.length
            ? {}
            : null
          : await baseDocument(tx, handler, op.recordId, op.baseVersion);
  if (base) for (const p of earlier) base = applyPatch(base, p);
  const { apply, conflicts } = mergePatch(base, current.flat, writablePatch(principal, handler, current, op));
  let version = current.version;
  let orgUnitId = current.orgUnitId;
  if (Object.keys(apply).length) {
    // Through the record type's service: the same validation, derived values, audit and change log as
    // any edit of it.
    const merged = applyPatch(current.flat, apply);
    if (handler.fixedFields) checkFixedFields(current.flat, merged, handler.fixedFields);
    const saved = await writing(handler, merged, () =>
      handler.update(deps, principal, op.recordId, merged, current.version),
    );
    version = saved.version;
    orgUnitId = saved.orgUnitId ?? orgUnitId;
  }
  await insertConflicts(
    tx,
    conflicts.map((c) => conflictOf(op, principal, orgUnitId, 'field', c.path, c.base, c.server, c.device)),
  );
  return applied(version, conflicts.length);
}

/** A writer who may not see names and phones was sent nulls there: those are not edits. */
function writablePatch(
  principal: Principal,
  handler: SyncRecordHandler,
  current: CurrentRecord,
  op: SyncOp,
): Patch {
  if (current.paths.some((p) => canSeePersonalData(principal, p))) return op.patch;
  return Object.fromEntries(Object.entries(op.patch).filter(([k]) => !handler.isPersonalPath(k)));
}

/** Whether the record's current version is the one this device's last operation on it made. */
async function ownsLatest(tx: Tx, op: SyncOp, version: number): Promise<boolean> {
  const [row] = await tx.query<{ v: number | null }>(
    `select max(result_version) as v from sync_operations
      where device_id = $1 and record_id = $2 and seq < $3 and status = 'applied'`,
    [op.deviceId, op.recordId, op.seq],
  );
  return row?.v === version;
}

async function baseDocument(
  tx: Tx,
  handler: SyncRecordHandler,
  id: string,
  version: number,
): Promise<FlatRecord | null> {
  const entityId = await handler.audit.entityId(tx, id);
  const doc = entityId && (await findAuditedAtVersion(tx, handler.audit.entityType, entityId, version));
  return doc ? handler.flatOfAudited(doc) : null;
}

/** Where a deleted record was, from the audit trail (a record type's deletions are audited under its id). */
export const findDeletion = (tx: Queryable, handler: SyncRecordHandler, id: string) =>
  findAuditedDeletion(tx, handler.audit.entityType, id);

/** An update or a delete of a record the server does not have: deleted there (an inbox item), or unknown. */
async function onMissingRecord(
  tx: Tx,
  principal: Principal,
  handler: SyncRecordHandler,
  op: SyncOp,
): Promise<StoredResult> {
  const deletion = await findDeletion(tx, handler, op.recordId);
  if (!deletion) throw new AppError('not_found', 'sync.recordNotFound');
  authorizeRecord(principal, handler.writePermission, [deletion.path]);
  if (op.kind === 'delete') return applied(null);
  await insertConflicts(tx, [
    conflictOf(op, principal, deletion.orgUnitId, 'deleted_on_server', null, null, null, op.patch),
  ]);
  return conflicted(null);
}

function conflictOf(
  op: SyncOp,
  principal: Principal,
  orgUnitId: string,
  kind: NewConflict['kind'],
  path: string | null = null,
  base: unknown = null,
  server: unknown = null,
  device: unknown = null,
): NewConflict {
  return {
    id: newId(),
    recordType: op.recordType,
    recordId: op.recordId,
    orgUnitId,
    kind,
    path,
    base,
    server,
    device,
    opId: op.opId,
    userId: principal.userId,
  };
}
