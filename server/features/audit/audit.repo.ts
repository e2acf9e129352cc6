import type { AuditAction, AuditEntry, AuditQuery } from '../../../shared/audit/audit.schema';
import type { Principal } from '../../../shared/auth/principal';
import { type BulkColumn, insertMany } from '../../db/bulk-insert';
import type { Queryable } from '../../db/db';
import { andAll, SqlParams } from '../../db/sql-params';
import { toIso } from '../../lib/rows';

export type AuditWrite = {
  actor: Pick<Principal, 'userId' | 'username'> | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  orgUnitId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
};

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

const AUDIT_COLUMNS: readonly BulkColumn[] = [
  { name: 'actor_id', type: 'uuid' },
  { name: 'actor_username', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'org_unit_id', type: 'uuid' },
  { name: 'before', type: 'jsonb' },
  { name: 'after', type: 'jsonb' },
  { name: 'details', type: 'jsonb' },
];

/** An entry's values in the order of AUDIT_COLUMNS. */
const auditValues = (e: AuditWrite): unknown[] => [
  e.actor?.userId ?? null,
  e.actor?.username ?? null,
  e.action,
  e.entityType,
  e.entityId ?? null,
  e.orgUnitId ?? null,
  json(e.before),
  json(e.after),
  json(e.details),
];

const INSERT_ONE = `insert into audit_log (${AUDIT_COLUMNS.map((c) => c.name).join(', ')})
  values (${AUDIT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}`).join(', ')})`;

/** Appends one entry. Call it with the transaction that makes the change, so both land or neither. */
export async function writeAudit(q: Queryable, e: AuditWrite): Promise<void> {
  await q.query(INSERT_ONE, auditValues(e));
}

/** What an entry is about: the kind of record, which one, and the org unit that scopes who may read it. */
export type AuditSubject = Pick<AuditWrite, 'entityType' | 'entityId' | 'orgUnitId'>;

/**
 * The subjects of one kind of record: services name the kind once (`const AUDITED = auditSubject('user')`)
 * and each write says only which record and where it sits.
 */
export const auditSubject =
  (entityType: string) =>
  (entityId: string, orgUnitId: string | null): AuditSubject => ({ entityType, entityId, orgUnitId });

/** Appends the entry of one change to one record; like {@link writeAudit}, inside the change's transaction. */
export async function auditChange(
  q: Queryable,
  actor: AuditWrite['actor'],
  action: AuditAction,
  subject: AuditSubject,
  change: Pick<AuditWrite, 'before' | 'after' | 'details'> = {},
): Promise<void> {
  await writeAudit(q, { actor, action, ...subject, ...change });
}

/**
 * Appends many entries in one statement (an import's created births, a list page that shows personal
 * data): one parse whatever the count. Like {@link writeAudit}, call it inside the change's transaction.
 */
export async function writeAuditBatch(q: Queryable, entries: readonly AuditWrite[]): Promise<void> {
  await insertMany(q, 'audit_log', AUDIT_COLUMNS, entries.map(auditValues));
}

type AuditRow = {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_username: string | null;
  action: AuditAction;
  entity_type: string;
  entity_id: string | null;
  org_unit_id: string | null;
  org_unit_path: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
};

export type AuditRecord = AuditEntry & { orgUnitPath: string | null };

/**
 * Searches the log newest first with a keyset cursor. Entries are limited to the reader's subtrees;
 * entries without an org unit (system events) are visible only to readers scoped at the region root.
 */
export async function searchAudit(
  q: Queryable,
  reader: Principal,
  query: AuditQuery,
): Promise<AuditRecord[]> {
  const p = new SqlParams();
  const where: string[] = [];
  if (query.entityType) where.push(p.sql`a.entity_type = ${query.entityType}`);
  if (query.entityId) where.push(p.sql`a.entity_id = ${query.entityId}`);
  if (query.action) where.push(p.sql`a.action = ${query.action}`);
  if (query.actor) where.push(p.sql`lower(a.actor_username) = lower(${query.actor})`);
  // Entries are shown to the millisecond; compare at that precision so a shown time can be used as a bound.
  if (query.from) where.push(p.sql`date_trunc('milliseconds', a.at) >= ${query.from}::timestamptz`);
  // A date as the end includes that whole day.
  if (query.to)
    where.push(
      /^\d{4}-\d{2}-\d{2}$/.test(query.to)
        ? p.sql`a.at < ${query.to}::date + 1`
        : p.sql`date_trunc('milliseconds', a.at) <= ${query.to}::timestamptz`,
    );
  if (query.before) where.push(p.sql`a.id < ${query.before}`);
  const rootScoped = reader.scopes.some((s) => s.kind === 'region');
  const scopes = reader.scopes.map((s) => `${s.path}%`);
  where.push(p.sql`o.path like any(${scopes}::text[])` + (rootScoped ? ' or a.org_unit_id is null' : ''));
  const rows = await q.query<AuditRow>(
    `select a.id, a.at, a.actor_id, a.actor_username, a.action, a.entity_type, a.entity_id, a.org_unit_id,
            o.path as org_unit_path, a.before, a.after, a.details
       from audit_log a left join org_units o on o.id = a.org_unit_id
      where ${andAll(where)}
      order by a.id desc
      limit ${p.add(query.limit ?? 100)}`,
    p.values,
  );
  return rows.map((r) => ({
    id: r.id,
    at: toIso(r.at),
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    orgUnitId: r.org_unit_id,
    orgUnitPath: r.org_unit_path,
    before: r.before ?? null,
    after: r.after ?? null,
    details: r.details ?? null,
  }));
}
