import { DEFAULT_COVERAGE_YEARS } from '../../../shared/coaching/coaching-values';
import { isCovered } from '../../../shared/coaching/coverage';
import type { Measure } from '../../../shared/indicators/definitions';
import { evaluateFilter } from '../../../shared/indicators/filter';
import type { Queryable } from '../../db/db';
import type { Cell } from '../indicators/indicator-engine';

/**
 * The per-worker reference of the source `coaching` for the tests (indicators.correctness and
 * coaching-cut-range): every worker with their postings, completed courses and facilitator level read
 * from the tables, and the facts of a cell derived in JavaScript from the rules of docs/coaching.md and
 * shared/coaching/coverage.ts, without the engine, its rollups or its SQL.
 */
export type ReferenceWorker = {
  facilitator: string | null;
  postings: Array<{ path: string; ward: string; activeFrom: string; endedOn: string | null }>;
  completed: string[];
  /** Last days of the completed courses with an after-coaching checklist at the passing score (80). */
  toStandard: string[];
};

export const loadReferenceWorkers = (q: Queryable): Promise<ReferenceWorker[]> =>
  q.query<ReferenceWorker>(
    `select w.facilitator_level as facilitator,
            (select json_agg(json_build_object('path', o.path, 'ward', p.ward, 'activeFrom', p.active_from,
                                               'endedOn', p.ended_on))
               from health_worker_postings p join org_units o on o.id = p.facility_id where p.worker_id = w.id) as postings,
            array(select c.ends_on::text from coaching_participants cp join coaching_courses c on c.id = cp.course_id
                   where cp.worker_id = w.id and cp.completed) as completed,
            array(select c.ends_on::text from coaching_participants cp join coaching_courses c on c.id = cp.course_id
                   where cp.worker_id = w.id and cp.completed
                     and exists (select 1 from coaching_checklists k where k.course_id = cp.course_id
                                   and k.worker_id = cp.worker_id and k.moment = 'after' and k.percent >= 80)) as "toStandard"
       from health_workers w`,
  );

/**
 * The coaching facts of a cell: the states at the cell's last day of each worker posted then at a
 * facility of the cell (on the roster, covered by the rule of shared/coaching, ever coached), and one
 * `coached` row per worker and period with a completed course while posted somewhere, at the posting of
 * the period's first such course: the period is the cell itself, whatever its range (a month, a quarter,
 * a year, days cutting months).
 */
export function coachingRows(
  workers: readonly ReferenceWorker[],
  cell: Cell,
): Array<Record<string, unknown>> {
  return workers.flatMap((w) => {
    const rows: Array<Record<string, unknown>> = [];
    const facilitator = w.facilitator ?? 'none';
    const postings = w.postings ?? [];
    const at = postings.find((p) => p.activeFrom <= cell.to && (p.endedOn === null || p.endedOn > cell.to));
    if (at?.path.startsWith(cell.unit.path)) {
      const of = { delivery_room: at.ward === 'delivery_room', facilitator, to_standard: false };
      rows.push({ ...of, state: 'on_roster' });
      if (isCovered(w.completed, cell.to, DEFAULT_COVERAGE_YEARS)) rows.push({ ...of, state: 'covered' });
      if (w.completed.some((d) => d <= cell.to)) rows.push({ ...of, state: 'ever_coached' });
    }
    const inPeriod = w.completed
      .filter((d) => d >= cell.from && d <= cell.to)
      .flatMap((d) => {
        const p = postings.find((x) => d >= x.activeFrom && (x.endedOn === null || d < x.endedOn));
        return p ? [{ d, p }] : [];
      })
      .sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0));
    const first = inPeriod[0];
    if (first?.p.path.startsWith(cell.unit.path))
      rows.push({
        state: 'coached',
        delivery_room: first.p.ward === 'delivery_room',
        facilitator,
        to_standard: inPeriod.some((c) => w.toStandard.includes(c.d)),
      });
    return rows;
  });
}

/** Each measure's count in a cell by the reference: the rows of `coachingRows` its filter keeps. */
export function coachingReference(
  workers: readonly ReferenceWorker[],
  cell: Cell,
  measures: readonly Measure[],
): Record<string, number> {
  const rows = coachingRows(workers, cell);
  return Object.fromEntries(
    measures.map((m) => [m.id, rows.filter((r) => evaluateFilter(m.where, r)).length]),
  );
}

/** Moves each worker to `facilityId` from `on`: the postings they held end that day, a new one starts. */
export async function moveWorkers(
  q: Queryable,
  moved: ReadonlyArray<{ worker_id: string; ward: string }>,
  facilityId: string,
  on: string,
): Promise<void> {
  for (const m of moved) {
    await q.query(`update health_worker_postings set ended_on = $2 where worker_id = $1`, [m.worker_id, on]);
    await q.query(
      `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from)
       values (gen_random_uuid(), $1, $2, $3, $4)`,
      [m.worker_id, facilityId, m.ward, on],
    );
  }
}
