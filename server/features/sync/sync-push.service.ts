import type { z } from 'zod';
import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import { type Birth, BirthInputSchema, BirthUpdateSchema } from '../../../shared/births/birth.schema';
import { AppError, type Issue, validationError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import {
  applyPatch,
  type BirthBody,
  type FlatRecord,
  flattenBirthDoc,
  type Patch,
  PERSONAL_BIRTH_PATHS,
  unflattenBirth,
} from '../../../shared/sync/birth-patch';
import { mergePatch } from '../../../shared/sync/merge';
import type { SyncOp } from '../../../shared/sync/sync.schema';
import type { Tx } from '../../db/db';
import { dbInTransaction } from '../../db/db-in-transaction';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { zodIssuesToIssues } from '../../http/error-handler';
import { findBirthRecord } from '../births/births.repo';
import { createBirth, deleteBirth, toBirth, updateBirth } from '../births/births.service';
import {
  claimOperation,
  findBirthAtVersion,
  findBirthDeletion,
  findOperation,
  insertConflicts,
  listEarlierDevicePatches,
  type NewConflict,
  saveOperationResult,
  type StoredResult,
} from './sync.repo';

const applied = (version: number | null, conflicts = 0): StoredResult => ({
  status: 'applied',
  version,
  conflicts,
  code: null,
  message: null,
  issues: [],
});
const conflicted = (version: number | null): StoredResult => ({ ...applied(version, 1), status: 'conflict' });

/** A birth document in the protocol's flat form. */
export const flatOf = flattenBirthDoc;

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
): Promise<Array<StoredResult & { opId: string }>> {
  const order = [...ops].sort((a, b) => (a.deviceId === b.deviceId ? a.seq - b.seq : 0));
  const results = new Map<string, StoredResult>();
  for (const op of order) results.set(op.opId, results.get(op.opId) ?? (await pushOne(deps, principal, op)));
  return ops.map((op) => ({ opId: op.opId, ...results.get(op.opId)! }));
}

async function pushOne(deps: AppDeps, principal: Principal, op: SyncOp): Promise<StoredResult> {
  return deps.db.transaction(async (tx) => {
    if (!(await claimOperation(tx, op, principal.userId))) {
      const stored = await findOperation(tx, op.opId);
      if (stored && stored.userId === principal.userId) return stored.result;
      return rejected(new AppError('conflict', 'sync.opIdTaken'));
    }
    // The services open transactions of their own: inside this one they become savepoints, so a
    // refused write rolls back alone and the operation's result is still stored with it.
    const inner: AppDeps = { ...deps, db: dbInTransaction(deps.db.engine, tx) };
    let result: StoredResult;
    try {
      result = await applyBirthOp(inner, tx, principal, op);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      result = rejected(err, op);
    }
    await saveOperationResult(tx, op.opId, result);
    return result;
  });
}

/** The server's answer to a refused operation; issue paths in the protocol's form (`newborns.<id>.field`). */
function rejected(err: AppError, op?: SyncOp): StoredResult {
  const newbornIds = op ? newbornOrder(op.patch) : [];
  return {
    status: 'rejected',
    version: null,
    conflicts: 0,
    code: err.code,
    message: err.message,
    params: err.params,
    issues: err.issues.map((i: Issue) => ({
      path: i.path.replace(/^newborns\.(\d+)\./, (m, n: string) =>
        newbornIds[Number(n)] ? `newborns.${newbornIds[Number(n)]}.` : m,
      ),
      message: i.message,
      params: i.params,
    })),
  };
}

/** Newborn ids of a patch in birth order (the order of the document the services validate). */
function newbornOrder(patch: Patch): string[] {
  const orders = new Map<string, number>();
  for (const [k, v] of Object.entries(patch)) {
    const m = /^newborns\.([^.]+)\.birthOrder$/.exec(k);
    if (m) orders.set(m[1]!, Number(v));
  }
  return [...orders.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

async function applyBirthOp(deps: AppDeps, tx: Tx, principal: Principal, op: SyncOp): Promise<StoredResult> {
  if (op.kind === 'create') {
    const input = parsed(BirthInputSchema, { ...unflattenBirth(op.patch), id: op.recordId });
    const { birth } = await createBirth(deps, principal, input);
    return applied(birth.version);
  }
  const current = await findBirthRecord(tx, op.recordId, { forUpdate: true });
  if (!current) return onMissingRecord(tx, principal, op);
  authorize(principal, 'record.write', current.birth.facility_path);
  const server = toBirth(current.birth, current.newborns, null);
  // A base the server never reached is a device's mistake, not a conflict to put in anyone's inbox.
  if (op.baseVersion > server.version)
    throw new AppError('validation_failed', 'sync.baseAhead', [
      { path: 'baseVersion', message: 'sync.baseAhead' },
    ]);
  const earlier = await listEarlierDevicePatches(tx, op, op.baseVersion);
  if (op.kind === 'delete') {
    if (op.baseVersion === server.version || (earlier.length && (await ownsLatest(tx, op, server.version)))) {
      await deleteBirth(deps, principal, op.recordId, server.version);
      return applied(null);
    }
    await insertConflicts(tx, [
      conflictOf(op, principal, server.facilityId, 'deleted_on_device', null, null, null, null),
    ]);
    return conflicted(server.version);
  }
  const serverFlat = flatOf(server);
  // The device's view when it edited: the version it read, with its own earlier changes on top (it
  // may not have read their answers, and never read what others changed since).
  let baseFlat =
    op.baseVersion === server.version
      ? serverFlat
      : op.baseVersion === 0
        ? earlier.length
          ? {}
          : null
        : await baseDocument(tx, op.recordId, op.baseVersion);
  if (baseFlat) for (const p of earlier) baseFlat = applyPatch(baseFlat, p);
  // A writer who may not see names and phones was sent nulls there: those are not edits.
  const patch = canSeePersonalData(principal, current.birth.facility_path)
    ? op.patch
    : Object.fromEntries(Object.entries(op.patch).filter(([k]) => !PERSONAL_BIRTH_PATHS.has(k)));
  const { apply, conflicts } = mergePatch(baseFlat, serverFlat, patch);
  let version = server.version;
  let facilityId = server.facilityId;
  if (Object.keys(apply).length) {
    // Through the birth service: the same validation, derived values, audit and change log as any edit.
    const merged = unflattenBirth(applyPatch(serverFlat, apply));
    try {
      const update = parsed(BirthUpdateSchema, { ...merged, version: server.version });
      const saved = await updateBirth(deps, principal, op.recordId, update);
      version = saved.version;
      facilityId = saved.facilityId;
    } catch (err) {
      if (err instanceof AppError) throw withPatchOrder(err, merged);
      throw err;
    }
  }
  await insertConflicts(
    tx,
    conflicts.map((c) => conflictOf(op, principal, facilityId, 'field', c.path, c.base, c.server, c.device)),
  );
  return applied(version, conflicts.length);
}

/** A patched document checked by the same schema as the API's body (a patch is any JSON until here). */
export function parsed<S extends z.ZodType>(schema: S, doc: unknown): z.infer<S> {
  const r = schema.safeParse(doc);
  if (!r.success) throw validationError(zodIssuesToIssues(r.error.issues));
  return r.data;
}

/** Issues of the merged document name newborns by position in it: map them to ids before answering. */
function withPatchOrder(err: AppError, merged: BirthBody): AppError {
  const ids = merged.newborns.map((n) => n.id);
  return new AppError(
    err.code,
    err.message,
    err.issues.map((i) => ({
      ...i,
      path: i.path.replace(/^newborns\.(\d+)\./, (m, n: string) =>
        ids[Number(n)] ? `newborns.${ids[Number(n)]}.` : m,
      ),
    })),
    err.params,
  );
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

async function baseDocument(tx: Tx, id: string, version: number): Promise<FlatRecord | null> {
  const doc = (await findBirthAtVersion(tx, id, version)) as Birth | null;
  return doc ? flatOf(doc) : null;
}

/** An update or a delete of a record the server does not have: deleted there (an inbox item), or unknown. */
async function onMissingRecord(tx: Tx, principal: Principal, op: SyncOp): Promise<StoredResult> {
  const deletion = await findBirthDeletion(tx, op.recordId);
  if (!deletion) throw new AppError('not_found', 'sync.recordNotFound');
  authorize(principal, 'record.write', deletion.path);
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
  path: string | null,
  base: unknown,
  server: unknown,
  device: unknown,
): NewConflict {
  return {
    id: newId(),
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
