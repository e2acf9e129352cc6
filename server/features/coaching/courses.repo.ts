import type { CourseModule } from '../../../shared/coaching/coaching-values';
import type { Queryable } from '../../db/db';
import { andAll, SqlParams } from '../../db/sql-params';

export type CourseRow = {
  id: string;
  venue_id: string;
  venue_name: string;
  venue_path: string;
  venue_timezone: string;
  module: CourseModule;
  starts_on: string;
  ends_on: string;
  days: number;
  notes: string | null;
  version: number;
  participants: number;
  completed: number;
};

export type CourseFields = {
  module: CourseModule;
  startsOn: string;
  endsOn: string;
  days: number;
  notes: string | null;
};

const COURSE_SELECT = `select c.id, c.venue_id, v.name as venue_name, v.path as venue_path, v.timezone as venue_timezone,
    c.module, c.starts_on, c.ends_on, c.days, c.notes, c.version,
    (select count(*)::int from coaching_participants p where p.course_id = c.id) as participants,
    (select count(*)::int from coaching_participants p where p.course_id = c.id and p.completed) as completed
  from coaching_courses c join org_units v on v.id = c.venue_id`;

export async function findCourseRow(q: Queryable, id: string): Promise<CourseRow | undefined> {
  const [row] = await q.query<CourseRow>(`${COURSE_SELECT} where c.id = $1`, [id]);
  return row;
}

/** Courses held at a venue, or at any venue in the reader's subtrees; newest first. */
export async function listCourseRows(
  q: Queryable,
  opts: { venueId?: string | undefined; scopePaths: readonly string[] },
): Promise<CourseRow[]> {
  const p = new SqlParams();
  const where = [p.sql`v.path like any(${opts.scopePaths.map((s) => `${s}%`)}::text[])`];
  if (opts.venueId) where.push(p.sql`c.venue_id = ${opts.venueId}`);
  return q.query<CourseRow>(
    `${COURSE_SELECT} where ${andAll(where)} order by c.starts_on desc, c.id limit 200`,
    p.values,
  );
}

export async function insertCourse(
  q: Queryable,
  c: CourseFields & { id: string; venueId: string },
  now: Date,
  actorId: string,
): Promise<void> {
  await q.query(
    `insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days, notes, created_at, updated_at,
       created_by, updated_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9)`,
    [c.id, c.venueId, c.module, c.startsOn, c.endsOn, c.days, c.notes, now, actorId],
  );
}

export async function updateCourseRow(
  q: Queryable,
  id: string,
  version: number,
  c: CourseFields,
  now: Date,
  actorId: string,
): Promise<boolean> {
  const rows = await q.query(
    `update coaching_courses set module = $3, starts_on = $4, ends_on = $5, days = $6, notes = $7,
       version = version + 1, updated_at = $8, updated_by = $9
     where id = $1 and version = $2 returning id`,
    [id, version, c.module, c.startsOn, c.endsOn, c.days, c.notes, now, actorId],
  );
  return rows.length === 1;
}

export async function replaceFacilitators(q: Queryable, courseId: string, workerIds: readonly string[]) {
  await q.query('delete from coaching_facilitators where course_id = $1', [courseId]);
  if (workerIds.length)
    await q.query('insert into coaching_facilitators (course_id, worker_id) select $1, unnest($2::uuid[])', [
      courseId,
      workerIds,
    ]);
}

export async function listFacilitatorIds(q: Queryable, courseId: string): Promise<string[]> {
  const rows = await q.query<{ worker_id: string }>(
    'select worker_id from coaching_facilitators where course_id = $1 order by worker_id',
    [courseId],
  );
  return rows.map((r) => r.worker_id);
}

export type ParticipantRow = {
  worker_id: string;
  days_attended: number;
  completed: boolean;
  certificate_code: string | null;
  version: number;
};

export async function listParticipantRows(q: Queryable, courseId: string): Promise<ParticipantRow[]> {
  return q.query<ParticipantRow>(
    'select worker_id, days_attended, completed, certificate_code, version from coaching_participants where course_id = $1',
    [courseId],
  );
}

/** The workers of `workerIds` already in the course (a duplicate is refused, by name, before any insert). */
export async function findEnrolled(
  q: Queryable,
  courseId: string,
  workerIds: readonly string[],
): Promise<string[]> {
  const rows = await q.query<{ worker_id: string }>(
    'select worker_id from coaching_participants where course_id = $1 and worker_id = any($2::uuid[])',
    [courseId, workerIds],
  );
  return rows.map((r) => r.worker_id);
}

export async function insertParticipants(
  q: Queryable,
  courseId: string,
  workerIds: readonly string[],
  now: Date,
) {
  await q.query(
    `insert into coaching_participants (course_id, worker_id, created_at, updated_at)
     select $1, w, $3, $3 from unnest($2::uuid[]) as w`,
    [courseId, workerIds, now],
  );
}

export async function updateParticipantRow(
  q: Queryable,
  courseId: string,
  workerId: string,
  version: number,
  v: { daysAttended: number; completed: boolean },
  now: Date,
  newCode: string | null,
): Promise<boolean> {
  // A completion keeps its certificate code; a new one gets `newCode` (null: not passing yet); a
  // withdrawn one loses it.
  const rows = await q.query(
    `update coaching_participants set days_attended = $4, completed = $5, version = version + 1, updated_at = $6,
       certificate_code = case when $5 then coalesce(certificate_code, $7) end
      where course_id = $1 and worker_id = $2 and version = $3 returning worker_id`,
    [courseId, workerId, version, v.daysAttended, v.completed, now, newCode],
  );
  return rows.length === 1;
}

export async function deleteParticipantRow(
  q: Queryable,
  courseId: string,
  workerId: string,
  version: number,
) {
  const rows = await q.query(
    'delete from coaching_participants where course_id = $1 and worker_id = $2 and version = $3 returning worker_id',
    [courseId, workerId, version],
  );
  return rows.length === 1;
}

/** Locks a course's row (participant writes) and returns its version. */
export async function lockCourse(q: Queryable, id: string): Promise<number | undefined> {
  const [row] = await q.query<{ version: number }>(
    'select version from coaching_courses where id = $1 for update',
    [id],
  );
  return row?.version;
}

/** A completed participation by its certificate code, with its course and worker. */
export async function findCertificateRow(q: Queryable, code: string) {
  const [row] = await q.query<{
    worker_id: string;
    cadre: string;
    module: CourseModule;
    venue_name: string;
    starts_on: string;
    ends_on: string;
    days: number;
  }>(
    `select p.worker_id, w.cadre, c.module, v.name as venue_name, c.starts_on, c.ends_on, c.days
       from coaching_participants p join coaching_courses c on c.id = p.course_id
       join org_units v on v.id = c.venue_id join health_workers w on w.id = p.worker_id
      where p.certificate_code = $1 and p.completed`,
    [code],
  );
  return row;
}
