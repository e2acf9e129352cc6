import type { SyncRecordType } from '../../../shared/sync/sync.schema';
import type { Queryable } from '../../db/db';

/** The oldest transaction still running (the snapshot's xmin): every older one has committed or aborted. */
export async function findSnapshotFloor(q: Queryable): Promise<string> {
  const [row] = await q.query<{ xmin: string }>(
    'select pg_snapshot_xmin(pg_current_snapshot())::text as xmin',
  );
  return row!.xmin;
}

/** Ids of births in the scopes born on or after `since`, after `afterId` in id order (among `among` if given). */
export async function listWorkingSetIds(
  q: Queryable,
  scopes: string[],
  since: string,
  afterId: string,
  limit: number,
  among?: string[],
): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select b.id from births b join org_units f on f.id = b.facility_id
      where f.path like any($1::text[]) and b.birth_date >= $2::date
        and ($3 = '' or b.id > $3::uuid) and ($5::uuid[] is null or b.id = any($5::uuid[]))
      order by b.id limit $4`,
    [scopes, since, afterId, limit, among ?? null],
  );
  return rows.map((r) => r.id);
}

/**
 * Change-log rows of transactions from `floor` on, after `afterSeq`, about records that are or were in the
 * scopes, or whose follow-up is or was assigned there (a mother handed over to a commune or back, her
 * birth's edits and visits: 0107, 0114).
 */
export async function listChangesSince(
  q: Queryable,
  scopes: string[],
  floor: string,
  afterSeq: string,
  limit: number,
): Promise<Array<{ seq: string; record_type: SyncRecordType; record_id: string }>> {
  return q.query<{ seq: string; record_type: SyncRecordType; record_id: string }>(
    `select seq::text as seq, record_type, record_id from sync_changes
      where tx >= $1::xid8 and seq > $2::bigint
        and (facility_path like any($3::text[]) or old_facility_path like any($3::text[])
             or follow_up_path like any($3::text[]) or old_follow_up_path like any($3::text[]))
      order by seq limit $4`,
    [floor, afterSeq, scopes, limit],
  );
}
