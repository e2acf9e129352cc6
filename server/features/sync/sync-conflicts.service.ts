import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import { AppError } from '../../../shared/errors';
import { applyPatch, type FlatRecord } from '../../../shared/sync/flat-record';
import type { ResolveConflict, SyncConflict } from '../../../shared/sync/sync.schema';
import { dbInTransaction } from '../../db/db-in-transaction';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso, toIsoOrNull } from '../../lib/rows';
import { writeAudit } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { type ConflictRow, findConflictRow, listConflictRows, markResolved } from './sync-conflicts.repo';
import { findDeletion } from './sync-push.service';
import { SYNC_HANDLERS, syncTypesOf } from './sync-record-types';

/** An inbox item for this reader: values of personal fields only for those who may see them. */
function toConflict(r: ConflictRow, reader: Principal): SyncConflict {
  const hidden =
    r.path !== null &&
    SYNC_HANDLERS[r.record_type].isPersonalPath(r.path) &&
    !canSeePersonalData(reader, r.org_unit_path);
  return {
    id: r.id,
    recordType: r.record_type,
    recordId: r.record_id,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    kind: r.kind,
    path: r.path,
    baseValue: hidden ? null : r.base_value,
    serverValue: hidden ? null : r.server_value,
    deviceValue: hidden ? null : r.device_value,
    valuesHidden: hidden,
    deviceUsername: r.device_username,
    createdAt: toIso(r.created_at),
    status: r.status,
    resolution: r.resolution,
    resolvedBy: r.resolved_by_name,
    resolvedAt: toIsoOrNull(r.resolved_at),
  };
}

export async function listConflicts(
  deps: AppDeps,
  principal: Principal,
  query: { status: 'open' | 'resolved'; facility?: string | undefined },
): Promise<SyncConflict[]> {
  const readable = syncTypesOf(principal, 'read');
  let facilityPath: string | undefined;
  if (query.facility) {
    const unit = await findOrgUnit(deps.db, query.facility);
    if (!unit) throw new AppError('not_found', 'errors.notFound');
    authorize(principal, SYNC_HANDLERS[readable[0]!].readPermission, unit.path);
    facilityPath = unit.path;
  }
  const rows = await listConflictRows(deps.db, {
    scopes: principal.scopes.map((s) => `${s.path}%`),
    status: query.status,
    facilityPath,
  });
  // Items of the types the reader's role may read (a postnatal worker sees contacts, not births).
  return rows.filter((r) => readable.includes(r.record_type)).map((r) => toConflict(r, principal));
}

/**
 * Resolves an inbox item: keep the server's value (nothing written), take the device's, or write an
 * edited value. A write goes through the birth service (validation, derived values, audit); the
 * resolution itself is audited too.
 */
export async function resolveConflict(
  deps: AppDeps,
  principal: Principal,
  id: string,
  body: ResolveConflict,
): Promise<SyncConflict> {
  syncTypesOf(principal, 'write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await findConflictRow(tx, id, true);
    if (!row) throw new AppError('not_found', 'errors.notFound');
    authorize(principal, SYNC_HANDLERS[row.record_type].writePermission, row.org_unit_path);
    if (row.status !== 'open') throw new AppError('conflict', 'sync.conflictResolved');
    if ((body.resolution === 'edit') !== (body.value !== undefined))
      throw new AppError('validation_failed', 'sync.valueOnlyForEdit', [
        { path: 'value', message: 'sync.valueOnlyForEdit' },
      ]);
    if (body.resolution === 'edit' && row.kind !== 'field')
      throw new AppError('validation_failed', 'sync.editNeedsField', [
        { path: 'resolution', message: 'sync.editNeedsField' },
      ]);
    const inner: AppDeps = { ...deps, db: dbInTransaction(deps.db.engine, tx) };
    if (body.resolution !== 'keep_server') {
      const value = body.resolution === 'edit' ? body.value : row.device_value;
      await writeResolution(inner, principal, row, value);
    }
    await markResolved(tx, id, body.resolution, principal.userId, now);
    await writeAudit(tx, {
      actor: principal,
      action: 'update',
      entityType: 'sync_conflict',
      entityId: id,
      orgUnitId: row.org_unit_id,
      before: { status: 'open' },
      after: {
        status: 'resolved',
        resolution: body.resolution,
        recordId: row.record_id,
        path: row.path,
        ...(body.resolution === 'edit' ? { value: body.value } : {}),
      },
    });
    return toConflict((await findConflictRow(tx, id))!, principal);
  });
}

/** Writes what the resolution chose through the record type's service (the same checks as any write). */
async function writeResolution(deps: AppDeps, principal: Principal, row: ConflictRow, value: unknown) {
  const handler = SYNC_HANDLERS[row.record_type];
  const current = await handler.find(deps.db, row.record_id, true);
  if (row.kind === 'deleted_on_server') {
    if (current) return; // already back (someone recreated it): nothing to take
    const deletion = await findDeletion(deps.db, handler, row.record_id);
    if (!deletion?.before) throw new AppError('not_found', 'sync.recordNotFound');
    const restored: FlatRecord = applyPatch(handler.flatOfAudited(deletion.before), value as FlatRecord);
    await handler.create(deps, principal, row.record_id, restored);
    return;
  }
  if (!current) throw new AppError('not_found', 'sync.recordNotFound');
  if (row.kind === 'deleted_on_device') {
    await handler.remove(deps, principal, row.record_id, current.version);
    return;
  }
  const next = applyPatch(current.flat, { [row.path!]: value });
  await handler.update(deps, principal, row.record_id, next, current.version);
}
