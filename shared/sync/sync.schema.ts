import { z } from 'zod';
import type { Permission } from '../auth/roles';
import { BirthSchema } from '../births/birth.schema';
import { IssueSchema } from '../errors';
import { FollowUpSchema } from '../pnc/pnc.schema';

/**
 * Record types the sync protocol carries: births (with newborns), postnatal contacts (a visit of the
 * mother and/or babies), days of a KMC daily log and the forms of a Module 3 assessment
 * (shared/sync/record-shapes.ts).
 */
export const SYNC_RECORD_TYPES = ['birth', 'pnc_visit', 'kmc_log', 'assessment_record'] as const;
export type SyncRecordType = (typeof SYNC_RECORD_TYPES)[number];

/** Who may send and receive each record type: the permissions of the type's own API. */
export const SYNC_PERMISSIONS: Readonly<Record<SyncRecordType, { write: Permission; read: Permission }>> = {
  birth: { write: 'record.write', read: 'record.read' },
  pnc_visit: { write: 'pnc.write', read: 'pnc.read' },
  kmc_log: { write: 'record.write', read: 'record.read' },
  assessment_record: { write: 'assessment.write', read: 'assessment.read' },
};

/** A user with one of these records something offline: the web runs the sync loop and shows what waits. */
export const OFFLINE_WRITE_PERMISSIONS = [
  ...new Set(SYNC_RECORD_TYPES.map((t) => SYNC_PERMISSIONS[t].write)),
];

export const SYNC_OP_KINDS = ['create', 'update', 'delete'] as const;
export const MAX_PUSH_OPS = 500;

/**
 * One queued change of one record, as the outbox stores it and the push sends it. `seq` grows by one
 * per operation of the device; `baseVersion` is the record's version the edit started from (0 for a
 * create); `patch` holds the changed fields (shared/sync/flat-record.ts), the whole record for a create.
 */
export const SyncOpSchema = z.strictObject({
  opId: z.uuid(),
  deviceId: z.uuid(),
  seq: z.number().int().min(0),
  recordType: z.enum(SYNC_RECORD_TYPES),
  recordId: z.uuid(),
  kind: z.enum(SYNC_OP_KINDS),
  baseVersion: z.number().int().min(0),
  patch: z.record(z.string().max(200), z.unknown()),
});
export type SyncOp = z.infer<typeof SyncOpSchema>;

export const PushBodySchema = z.strictObject({ ops: z.array(SyncOpSchema).min(1).max(MAX_PUSH_OPS) });

/**
 * What became of an operation: `applied` (merged; `conflicts` counts the inbox items it opened),
 * `conflict` (nothing written, an inbox item holds the change: the record was deleted on the server, or
 * the device deleted a record the server changed), `rejected` (the server's message and issues, per field).
 */
export const OP_STATUSES = ['applied', 'conflict', 'rejected'] as const;
export const OpResultSchema = z.object({
  opId: z.uuid(),
  status: z.enum(OP_STATUSES),
  /** The record's version after the operation (null when it does not exist). */
  version: z.number().int().nullable(),
  conflicts: z.number().int(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  issues: z.array(IssueSchema),
});
export type OpResult = z.infer<typeof OpResultSchema>;
export const PushResponseSchema = z.object({ results: z.array(OpResultSchema) });

export const PullQuerySchema = z.strictObject({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
/** A pulled record of a type other than birth, in the protocol's flat form, with its version. */
export const PulledRecordSchema = z.object({
  recordType: z.enum(SYNC_RECORD_TYPES),
  id: z.uuid(),
  version: z.number().int(),
  flat: z.record(z.string(), z.unknown()),
});
export type PulledRecord = z.infer<typeof PulledRecordSchema>;

export const PullResponseSchema = z.object({
  births: z.array(BirthSchema),
  /** Postnatal contacts and KMC log days of the reader's scope (births keep their API document above). */
  records: z.array(PulledRecordSchema),
  /**
   * The follow-ups of the births on a postnatal worker's worklist that the reader gets no birth document
   * of (a commune's worker, whose mothers gave birth elsewhere): what the worklist's rows open offline,
   * with names and phones as the follow-up shows them online.
   */
  followUps: z.array(FollowUpSchema),
  /** Ids the device must drop: deleted, or moved out of the reader's scope. */
  removed: z.array(z.uuid()),
  cursor: z.string(),
  hasMore: z.boolean(),
  /**
   * True when the cursor sent was issued to other rights than the reader's now (a scope or the role
   * changed since, or a cursor older than that check): this page begins the working set again, and the
   * device drops every record and follow-up it pulled before (not its unsent changes) before keeping it.
   */
  reset: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const CONFLICT_KINDS = ['field', 'deleted_on_server', 'deleted_on_device'] as const;
export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export const RESOLUTIONS = ['keep_server', 'take_device', 'edit'] as const;

export const SyncConflictSchema = z.object({
  id: z.uuid(),
  recordType: z.enum(SYNC_RECORD_TYPES),
  recordId: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  kind: z.enum(CONFLICT_KINDS),
  /** The field (`delivery.bornAt`); null for a whole-record conflict. */
  path: z.string().nullable(),
  baseValue: z.unknown(),
  serverValue: z.unknown(),
  deviceValue: z.unknown(),
  /** True when the values are personal data this reader may not see (they are then null). */
  valuesHidden: z.boolean(),
  deviceUsername: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(CONFLICT_STATUSES),
  resolution: z.enum(RESOLUTIONS).nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type SyncConflict = z.infer<typeof SyncConflictSchema>;

export const ListConflictsQuerySchema = z.strictObject({
  status: z.enum(CONFLICT_STATUSES).default('open'),
  facility: z.uuid().optional(),
});
/** `value` is the edited value, only with `resolution: 'edit'` (checked by the service). */
export const ResolveConflictSchema = z.strictObject({
  resolution: z.enum(RESOLUTIONS),
  value: z.unknown().optional(),
});
export type ResolveConflict = z.infer<typeof ResolveConflictSchema>;
