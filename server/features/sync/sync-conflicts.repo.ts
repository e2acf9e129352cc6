import type { SyncRecordType } from '../../../shared/sync/sync.schema';
import type { Queryable } from '../../db/db';

export type ConflictRow = {
  id: string;
  record_type: SyncRecordType;
  record_id: string;
  org_unit_id: string;
  org_unit_name: string;
  org_unit_path: string;
  kind: 'field' | 'deleted_on_server' | 'deleted_on_device';
  path: string | null;
  base_value: unknown;
  server_value: unknown;
  device_value: unknown;
  device_username: string | null;
  created_at: Date | string;
  status: 'open' | 'resolved';
  resolution: 'keep_server' | 'take_device' | 'edit' | null;
  resolved_by_name: string | null;
  resolved_at: Date | string | null;
};

const SELECT = `select c.*, f.name as org_unit_name, f.path as org_unit_path,
    du.username as device_username, ru.username as resolved_by_name
  from sync_conflicts c
  join org_units f on f.id = c.org_unit_id
  left join users du on du.id = c.device_user_id
  left join users ru on ru.id = c.resolved_by`;

export function listConflictRows(
  q: Queryable,
  o: { scopes: string[]; status: 'open' | 'resolved'; facilityPath?: string | undefined },
): Promise<ConflictRow[]> {
  return q.query<ConflictRow>(
    `${SELECT} where f.path like any($1::text[]) and c.status = $2 and ($3::text is null or f.path like $3 || '%')
      order by c.created_at desc, c.id limit 500`,
    [o.scopes, o.status, o.facilityPath ?? null],
  );
}

export async function findConflictRow(
  q: Queryable,
  id: string,
  forUpdate = false,
): Promise<ConflictRow | undefined> {
  if (forUpdate) await q.query('select id from sync_conflicts where id = $1 for update', [id]);
  const [row] = await q.query<ConflictRow>(`${SELECT} where c.id = $1`, [id]);
  return row;
}

export async function markResolved(
  q: Queryable,
  id: string,
  resolution: 'keep_server' | 'take_device' | 'edit',
  userId: string,
  at: Date,
): Promise<void> {
  await q.query(
    `update sync_conflicts set status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = $4
      where id = $1`,
    [id, resolution, userId, at.toISOString()],
  );
}
