import { fieldsFrom } from '../../../shared/births/field-table';
import type { CreateWorker } from '../../../shared/coaching/coaching.schema';
import { newId } from '../../../shared/ids';
import type { Ward } from '../../../shared/coaching/coaching-values';
import {
  HEALTH_WORKER_FIELDS,
  type HealthWorkerRecord,
  type HealthWorkerRow,
} from '../../../shared/coaching/worker-fields';
import type { Queryable } from '../../db/db';
import { insertRow, setList } from '../../db/field-values';
import { andAll, escapeLike, SqlParams } from '../../db/sql-params';

/** A worker with their latest posting (where they work, or last worked) and their history. */
export type WorkerListRow = HealthWorkerRow & {
  facility_id: string;
  facility_name: string;
  facility_path: string;
  ward: Ward;
  active_from: string;
  ended_on: string | null;
  last_coached_on: string | null;
  postings: Array<{
    facilityId: string;
    facilityName: string;
    ward: Ward;
    activeFrom: string;
    endedOn: string | null;
  }>;
};

const WORKER_SELECT = `select ${HEALTH_WORKER_FIELDS.map((f) => `w.${f.column}`).join(', ')},
    lp.facility_id, lf.name as facility_name, lf.path as facility_path, lp.ward, lp.active_from, lp.ended_on,
    (select max(c.ends_on) from coaching_participants cp join coaching_courses c on c.id = cp.course_id
      where cp.worker_id = w.id and cp.completed and c.ends_on <= $1::date) as last_coached_on,
    (select json_agg(json_build_object('facilityId', p.facility_id, 'facilityName', f.name, 'ward', p.ward,
                     'activeFrom', p.active_from, 'endedOn', p.ended_on) order by p.active_from)
       from health_worker_postings p join org_units f on f.id = p.facility_id where p.worker_id = w.id) as postings
  from health_workers w
  join lateral (select * from health_worker_postings p where p.worker_id = w.id
                 order by p.active_from desc limit 1) lp on true
  join org_units lf on lf.id = lp.facility_id`;

/**
 * The roster of a facility on `today`: workers working there (or, with `all`, everyone who ever did,
 * deactivated and moved-away included). `search` matches the name only when `byName` (names visible).
 */
export async function listRosterRows(
  q: Queryable,
  facilityId: string,
  opts: { today: string; all: boolean; search?: string | undefined; byName: boolean },
): Promise<WorkerListRow[]> {
  const p = new SqlParams([opts.today]);
  const where = opts.all
    ? [
        p.sql`exists (select 1 from health_worker_postings x where x.worker_id = w.id and x.facility_id = ${facilityId})`,
      ]
    : [p.sql`lp.facility_id = ${facilityId}`, 'lp.ended_on is null or lp.ended_on > $1::date'];
  if (opts.search) {
    const pattern = `%${escapeLike(opts.search)}%`;
    const code = `%${escapeLike(opts.search.replace(/^hw-?/i, '').toLowerCase())}%`;
    const byCode = p.sql`replace(w.id::text, '-', '') like ${code}`;
    where.push(opts.byName ? `${p.sql`w.name ilike ${pattern}`} or ${byCode}` : byCode);
  }
  return q.query<WorkerListRow>(
    `${WORKER_SELECT} where ${andAll(where)} order by w.name, w.id limit 1000`,
    p.values,
  );
}

export async function findWorkerRow(
  q: Queryable,
  id: string,
  today: string,
): Promise<WorkerListRow | undefined> {
  const [row] = await q.query<WorkerListRow>(`${WORKER_SELECT} where w.id = $2`, [today, id]);
  return row;
}

/** Workers by id with their latest posting (the participants and facilitators to add to a course). */
export async function listWorkerRows(
  q: Queryable,
  ids: readonly string[],
  today: string,
): Promise<WorkerListRow[]> {
  if (ids.length === 0) return [];
  return q.query<WorkerListRow>(`${WORKER_SELECT} where w.id = any($2::uuid[])`, [today, ids]);
}

/** Locks a worker's row for a change and returns its version. */
export async function lockWorker(q: Queryable, id: string): Promise<number | undefined> {
  const [row] = await q.query<{ version: number }>(
    'select version from health_workers where id = $1 for update',
    [id],
  );
  return row?.version;
}

export async function insertWorker(
  q: Queryable,
  w: Omit<HealthWorkerRecord, 'version' | 'createdAt' | 'updatedAt'>,
  now: Date,
  actorId: string,
): Promise<void> {
  const row = insertRow(
    'health_workers',
    fieldsFrom(HEALTH_WORKER_FIELDS, 'identity', 'content', 'stamp', 'actor'),
    { ...w, version: 1, createdAt: now, updatedAt: now, actor: actorId },
  );
  await q.query(row.sql, row.params);
}

export async function updateWorkerContent(
  q: Queryable,
  id: string,
  version: number,
  content: Pick<
    HealthWorkerRecord,
    'name' | 'cadre' | 'phone' | 'facilitatorLevel' | 'facilitatorCertifiedOn'
  >,
  now: Date,
  actorId: string,
): Promise<boolean> {
  const p = new SqlParams([id, version]);
  const rows = await q.query(
    `update health_workers set ${setList(fieldsFrom(HEALTH_WORKER_FIELDS, 'content'), content, p)},
       version = version + 1, updated_at = ${p.add(now)}, updated_by = ${p.add(actorId)}
     where id = $1 and version = $2 returning id`,
    p.values,
  );
  return rows.length === 1;
}

/** Marks a worker changed (a move or a deactivation changes their postings, not their row). */
export async function touchWorker(q: Queryable, id: string, version: number, now: Date, actorId: string) {
  const rows = await q.query(
    `update health_workers set version = version + 1, updated_at = $3, updated_by = $4
      where id = $1 and version = $2 returning id`,
    [id, version, now, actorId],
  );
  return rows.length === 1;
}

export async function insertPosting(
  q: Queryable,
  p: { id: string; workerId: string; facilityId: string; ward: Ward; activeFrom: string },
  now: Date,
  actorId: string,
): Promise<void> {
  await q.query(
    `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [p.id, p.workerId, p.facilityId, p.ward, p.activeFrom, now, actorId],
  );
}

/**
 * Adds a worker to their country's roster with a first posting at `facilityId` (a create or an import
 * row); returns both as the audit entry's `after`.
 */
export async function insertPostedWorker(
  q: Queryable,
  ids: { id: string; countryId: string; facilityId: string },
  w: CreateWorker,
  now: Date,
  actorId: string,
) {
  const record = {
    id: ids.id,
    countryId: ids.countryId,
    name: w.name,
    cadre: w.cadre,
    phone: w.phone ?? null,
    facilitatorLevel: w.facilitatorLevel ?? null,
    facilitatorCertifiedOn: w.facilitatorCertifiedOn ?? null,
  };
  await insertWorker(q, record, now, actorId);
  const posting = {
    id: newId(),
    workerId: ids.id,
    facilityId: ids.facilityId,
    ward: w.ward,
    activeFrom: w.activeFrom,
  };
  await insertPosting(q, posting, now, actorId);
  return { ...record, posting };
}

/** Ends the worker's open posting: `on` is the first day they no longer work there. */
export async function endOpenPosting(q: Queryable, workerId: string, on: string): Promise<void> {
  await q.query('update health_worker_postings set ended_on = $2 where worker_id = $1 and ended_on is null', [
    workerId,
    on,
  ]);
}

export async function findCoverageYears(q: Queryable, countryId: string): Promise<number | undefined> {
  const [row] = await q.query<{ coverage_years: number }>(
    'select coverage_years from coaching_settings where country_id = $1',
    [countryId],
  );
  return row?.coverage_years;
}
