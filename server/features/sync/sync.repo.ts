import type { SyncOp, SyncRecordType } from '../../../shared/sync/sync.schema';
import { type BulkColumn, insertMany } from '../../db/bulk-insert';
import type { Queryable } from '../../db/db';
import { toPgArrayLiteral } from '../../db/sql-literals';

/** What an operation's first run answered, kept untranslated (message keys) and sent in the reader's language. */
export type StoredResult = {
  status: 'applied' | 'conflict' | 'rejected';
  version: number | null;
  conflicts: number;
  code: string | null;
  message: string | null;
  params?: Record<string, unknown> | undefined;
  issues: Array<{ path: string; message: string; params?: Record<string, unknown> | undefined }>;
};

/**
 * Claims an operation id for this transaction. Returns false when it was stored before; a concurrent
 * push of the same id waits here on the primary key until the first commits, then gets false too.
 */
export async function claimOperation(q: Queryable, op: SyncOp, userId: string): Promise<boolean> {
  const rows = await q.query(
    `insert into sync_operations (op_id, device_id, seq, user_id, record_type, record_id, kind, status, patch, result)
     values ($1, $2, $3, $4, $5, $6, $7, 'rejected', $8::jsonb, '{}') on conflict (op_id) do nothing returning op_id`,
    [op.opId, op.deviceId, op.seq, userId, op.recordType, op.recordId, op.kind, JSON.stringify(op.patch)],
  );
  return rows.length === 1;
}

/** `claimOperation` for several operations in one statement: the ids claimed (the others were stored before). */
export async function claimOperations(
  q: Queryable,
  ops: readonly SyncOp[],
  userId: string,
): Promise<Set<string>> {
  const claimed = await insertMany(
    q,
    'sync_operations',
    OPERATION_COLUMNS,
    ops.map((op) => [
      op.opId,
      op.deviceId,
      op.seq,
      userId,
      op.recordType,
      op.recordId,
      op.kind,
      'rejected',
      JSON.stringify(op.patch),
      '{}',
    ]),
    { onConflictDoNothing: 'op_id', returning: 'op_id' },
  );
  return new Set(claimed);
}

const OPERATION_COLUMNS: readonly BulkColumn[] = [
  { name: 'op_id', type: 'uuid' },
  { name: 'device_id', type: 'uuid' },
  { name: 'seq', type: 'bigint' },
  { name: 'user_id', type: 'uuid' },
  { name: 'record_type', type: 'text' },
  { name: 'record_id', type: 'uuid' },
  { name: 'kind', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'patch', type: 'jsonb' },
  { name: 'result', type: 'jsonb' },
];

/** Gives up claims made in this transaction (operations to be applied one by one after it). */
export async function releaseOperations(q: Queryable, opIds: readonly string[]): Promise<void> {
  if (opIds.length) await q.query('delete from sync_operations where op_id = any($1::uuid[])', [opIds]);
}

export async function findOperation(
  q: Queryable,
  opId: string,
): Promise<{ userId: string | null; result: StoredResult } | undefined> {
  const [row] = await q.query<{ user_id: string | null; result: StoredResult }>(
    'select user_id, result from sync_operations where op_id = $1',
    [opId],
  );
  return row && { userId: row.user_id, result: row.result };
}

export async function saveOperationResult(q: Queryable, opId: string, r: StoredResult): Promise<void> {
  await q.query(
    'update sync_operations set status = $2, result_version = $3, result = $4::jsonb where op_id = $1',
    [opId, r.status, r.version, JSON.stringify(r)],
  );
}

/** `saveOperationResult` for several operations in one statement. */
export async function saveOperationResults(
  q: Queryable,
  results: ReadonlyArray<{ opId: string; result: StoredResult }>,
): Promise<void> {
  if (!results.length) return;
  await q.query(
    `update sync_operations s set status = r.result::jsonb ->> 'status',
       result_version = (r.result::jsonb ->> 'version')::int, result = r.result::jsonb
       from unnest($1::uuid[], $2::text[]) as r(op_id, result) where s.op_id = r.op_id`,
    [
      toPgArrayLiteral(results.map((r) => r.opId)),
      toPgArrayLiteral(results.map((r) => JSON.stringify(r.result))),
    ],
  );
}

/**
 * The changes of this device's earlier operations on the record that the server applied after
 * `afterVersion`, in order: the device made its next edit on a view holding them (and nothing else the
 * server got since `afterVersion`, which it had not pulled).
 */
export async function listEarlierDevicePatches(
  q: Queryable,
  op: SyncOp,
  afterVersion: number,
): Promise<Array<Record<string, unknown>>> {
  const rows = await q.query<{ patch: Record<string, unknown> }>(
    `select patch from sync_operations
      where device_id = $1 and record_id = $2 and seq < $3 and status = 'applied' and result_version > $4
      order by seq`,
    [op.deviceId, op.recordId, op.seq, afterVersion],
  );
  return rows.map((r) => r.patch);
}

/**
 * A record's document as it was at `version`, from the audit trail: the after-image of the write that
 * made it, else the before-image of the write that followed it (a record created without an audit entry
 * of its own, such as the forms made with their assessment, has only that).
 */
export async function findAuditedAtVersion(
  q: Queryable,
  entityType: string,
  id: string,
  version: number,
): Promise<unknown> {
  const [row] = await q.query<{ doc: unknown }>(
    `select case when (after ->> 'version')::int = $3 then after else before end as doc from audit_log
      where entity_type = $1 and entity_id = $2 and action in ('create', 'update')
        and ((after ->> 'version')::int = $3 or (action = 'update' and (before ->> 'version')::int = $3))
      order by coalesce((after ->> 'version')::int = $3, false) desc, id desc limit 1`,
    [entityType, id, version],
  );
  return row?.doc ?? null;
}

/** Where a deleted record was (its org unit) and its last image, from the audit trail; undefined when never deleted. */
export async function findAuditedDeletion(
  q: Queryable,
  entityType: string,
  id: string,
): Promise<{ orgUnitId: string; path: string; before: unknown } | undefined> {
  const [row] = await q.query<{ org_unit_id: string; path: string; before: unknown }>(
    `select a.org_unit_id, f.path, a.before from audit_log a join org_units f on f.id = a.org_unit_id
      where a.entity_type = $1 and a.entity_id = $2 and a.action = 'delete'
      order by a.id desc limit 1`,
    [entityType, id],
  );
  return row && { orgUnitId: row.org_unit_id, path: row.path, before: row.before };
}

export type NewConflict = {
  id: string;
  recordType: SyncRecordType;
  recordId: string;
  orgUnitId: string;
  kind: 'field' | 'deleted_on_server' | 'deleted_on_device';
  path: string | null;
  base: unknown;
  server: unknown;
  device: unknown;
  opId: string;
  userId: string;
};

const json = (v: unknown) => JSON.stringify(v === undefined ? null : v);

export async function insertConflicts(q: Queryable, items: readonly NewConflict[]): Promise<void> {
  for (const c of items) {
    await q.query(
      `insert into sync_conflicts (id, record_type, record_id, org_unit_id, kind, path, base_value,
         server_value, device_value, op_id, device_user_id)
       values ($1, $11, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10)`,
      [
        c.id,
        c.recordId,
        c.orgUnitId,
        c.kind,
        c.path,
        json(c.base),
        json(c.server),
        json(c.device),
        c.opId,
        c.userId,
        c.recordType,
      ],
    );
  }
}
