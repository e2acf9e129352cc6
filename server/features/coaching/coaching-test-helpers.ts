import { expect } from 'vitest';
import { newId } from '../../../shared/ids';
import type { Measure } from '../../../shared/indicators/definitions';
import type { Db, Queryable } from '../../db/db';
import type { TestClient } from '../../test/test-app';
import { type Cell, countCells, countCellsRaw } from '../indicators/indicator-engine';
import { markRollupsPending, rebuildPendingRollups } from '../indicators/indicator-schema';
import { dayRollupOf } from '../indicators/indicator-day-rollup';
import { findRolledUpSource } from '../indicators/indicator-source-registry';
import { rollupRows } from '../../test/rollup-rows';

/** Roster and course targets for the role × route matrix: inside (VN-DN-H01) and outside (LA-SV-H01). */
export type CoachingTargets = { worker: string; course: string };

let names = 0;
/** Adds a delivery-room midwife to a facility's roster through the API (as its hospital lead). */
export async function addWorkerAs(lead: TestClient, facilityId: string): Promise<string> {
  const res = await lead.post('/api/coaching/workers', {
    facilityId,
    name: `Matrix worker ${++names}`,
    cadre: 'midwife',
    ward: 'delivery_room',
    activeFrom: '2020-01-01',
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json<{ id: string }>().id;
}

/** A course at a facility with one participant, through the API (as a coach of the area). */
export async function addCourseAs(
  coach: TestClient,
  venueId: string,
  workerId: string,
  course: { module: string; startsOn: string; endsOn: string; days: number } = {
    module: 'eenc_routine',
    startsOn: '2026-02-02',
    endsOn: '2026-02-04',
    days: 3,
  },
): Promise<string> {
  const res = await coach.post('/api/coaching/courses', { venueId, ...course });
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = res.json<{ id: string }>().id;
  const added = await coach.post(`/api/coaching/courses/${id}/participants`, { workerIds: [workerId] });
  if (added.statusCode !== 200) throw new Error(added.body);
  return id;
}

export const MATRIX_CERTIFICATE = 'MATRIXCERT';

/** The same written directly, where no demo user may write (another country). */
export async function insertCoachingTargets(q: Queryable, facilityId: string, countryId: string) {
  const worker = newId();
  const course = newId();
  await q.query(
    `insert into health_workers (id, country_id, name, cadre) values ($1, $2, 'Matrix LA worker', 'nurse')`,
    [worker, countryId],
  );
  await q.query(
    `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from)
     values ($1, $2, $3, 'delivery_room', '2020-01-01')`,
    [newId(), worker, facilityId],
  );
  await q.query(
    `insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days)
     values ($1, $2, 'eenc_routine', '2026-02-02', '2026-02-04', 3)`,
    [course, facilityId],
  );
  // Completed, with a certificate: the public verification route's target.
  await q.query(
    `insert into coaching_participants (course_id, worker_id, days_attended, completed, certificate_code)
     values ($1, $2, 3, true, $3)`,
    [course, worker, MATRIX_CERTIFICATE],
  );
  return { worker, course };
}

export async function versionOf(q: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [row] = await q.query<{ version: number }>(sql, params);
  return row?.version ?? 0;
}

/**
 * The trigger-kept rollup of a source, the same counts from the records (`countCellsRaw`) and a rebuild
 * of the rollup agree in every cell, and the rebuild gives the rollup's and its day rollup's rows again;
 * returns the counts.
 */
export async function expectRollupMatchesRecords(
  db: Db,
  sourceId: string,
  cells: readonly Cell[],
  measures: readonly Measure[],
) {
  const rolled = await countCells(db, cells, measures);
  expect(rolled).toEqual(await countCellsRaw(db, cells, measures));
  const source = findRolledUpSource(sourceId)!;
  const rollups = [source, ...(dayRollupOf(source) ? [dayRollupOf(source)!] : [])];
  const kept = await Promise.all(rollups.map((r) => rollupRows(db, r.table)));
  await markRollupsPending(db, rollups);
  await rebuildPendingRollups(db, { sources: rollups, chunk: 50 });
  expect(await Promise.all(rollups.map((r) => rollupRows(db, r.table)))).toEqual(kept);
  expect(await countCells(db, cells, measures)).toEqual(rolled);
  return rolled;
}

/**
 * A postnatal-ward nurse added to a facility's roster (from 2020) and enrolled in a KMC course there
 * (2–3 March 2026), through the API; `complete` records the course completed (Module 2: KMC-trained).
 */
export async function enrolInKmcCourse(
  lead: TestClient,
  coach: TestClient,
  facilityId: string,
  name: string,
) {
  const worker = await lead.post('/api/coaching/workers', {
    facilityId,
    name,
    cadre: 'nurse',
    ward: 'postnatal_ward',
    activeFrom: '2020-01-01',
  });
  if (worker.statusCode !== 201) throw new Error(worker.body);
  const workerId = worker.json<{ id: string }>().id;
  const courseId = await addCourseAs(coach, facilityId, workerId, {
    module: 'kmc',
    startsOn: '2026-03-02',
    endsOn: '2026-03-03',
    days: 2,
  });
  const complete = async () => {
    const done = await coach.put(`/api/coaching/courses/${courseId}/participants/${workerId}`, {
      version: 1,
      daysAttended: 2,
      completed: true,
    });
    if (done.statusCode !== 200) throw new Error(done.body);
  };
  return { workerId, complete };
}
