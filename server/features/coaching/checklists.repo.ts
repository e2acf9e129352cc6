import {
  type ChecklistAnswer,
  type ChecklistScore,
  DEFAULT_LOW_BAND_PERCENT,
  DEFAULT_PASSING_PERCENT,
} from '../../../shared/coaching/checklist-scoring';
import type { Queryable } from '../../db/db';

export type ChecklistRow = {
  id: string;
  worker_id: string;
  checklist_id: string;
  checklist_version: number;
  moment: 'before' | 'after';
  method: 'mannequin' | 'observed_birth';
  observed_on: string;
  total: number;
  max_total: number;
  percent: string | number | null;
  domains: ChecklistScore['domains'];
  answers: Record<string, ChecklistAnswer>;
  version: number;
};

export async function listChecklistRows(q: Queryable, courseId: string): Promise<ChecklistRow[]> {
  return q.query<ChecklistRow>(
    `select id, worker_id, checklist_id, checklist_version, moment, method, observed_on::text, total, max_total,
            percent, domains, answers, version
       from coaching_checklists where course_id = $1 order by observed_on, created_at, id`,
    [courseId],
  );
}

type RecordedValues = {
  moment: string;
  method: string;
  observedOn: string;
  answers: Record<string, ChecklistAnswer>;
  score: ChecklistScore;
};

/** What a checklist records, in column order: moment, method, date, answers, total, maximum, percent, domains. */
const recordedValues = (c: RecordedValues) => [
  c.moment,
  c.method,
  c.observedOn,
  JSON.stringify(c.answers),
  c.score.total,
  c.score.max,
  c.score.percent,
  JSON.stringify(c.score.domains),
];

/** One recorded checklist of a participant, locked for a correction. */
export async function findChecklistRowForUpdate(
  q: Queryable,
  id: string,
  courseId: string,
  workerId: string,
): Promise<ChecklistRow | undefined> {
  const [row] = await q.query<ChecklistRow>(
    `select id, worker_id, checklist_id, checklist_version, moment, method, observed_on::text, total, max_total,
            percent, domains, answers, version
       from coaching_checklists where id = $1 and course_id = $2 and worker_id = $3 for update`,
    [id, courseId, workerId],
  );
  return row;
}

/** Stores a correction made on `version`: answers, moment, method, date and the new score. */
export async function updateChecklistRow(
  q: Queryable,
  id: string,
  version: number,
  c: RecordedValues,
  now: Date,
  actorId: string,
): Promise<boolean> {
  const rows = await q.query(
    `update coaching_checklists set moment = $3, method = $4, observed_on = $5, answers = $6::jsonb, total = $7,
       max_total = $8, percent = $9, domains = $10::jsonb, version = version + 1, updated_at = $11, updated_by = $12
     where id = $1 and version = $2 returning id`,
    [id, version, ...recordedValues(c), now, actorId],
  );
  return rows.length === 1;
}

export async function insertChecklistRow(
  q: Queryable,
  c: RecordedValues & {
    id: string;
    courseId: string;
    workerId: string;
    checklistId: string;
    checklistVersion: number;
  },
  now: Date,
  actorId: string,
): Promise<boolean> {
  const rows = await q.query(
    `insert into coaching_checklists (id, course_id, worker_id, checklist_id, checklist_version, moment, method,
       observed_on, answers, total, max_total, percent, domains, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13::jsonb, $14, $15)
     on conflict (id) do nothing returning id`,
    [c.id, c.courseId, c.workerId, c.checklistId, c.checklistVersion, ...recordedValues(c), now, actorId],
  );
  return rows.length === 1;
}

/** Whether the participant has an after-coaching checklist of the course at or above the passing score. */
export async function passesCourse(
  q: Queryable,
  courseId: string,
  workerId: string,
  passingPercent: number,
): Promise<boolean> {
  const [row] = await q.query<{ passes: boolean }>(
    `select exists (select 1 from coaching_checklists
                     where course_id = $1 and worker_id = $2 and moment = 'after' and percent >= $3) as passes`,
    [courseId, workerId, passingPercent],
  );
  return row!.passes;
}

/** Gives a completed, passing participant without a certificate its code (a checklist recorded after completion). */
export async function grantCertificate(q: Queryable, courseId: string, workerId: string, code: string) {
  await q.query(
    `update coaching_participants set certificate_code = $3, version = version + 1
      where course_id = $1 and worker_id = $2 and completed and certificate_code is null`,
    [courseId, workerId, code],
  );
}

/** Takes back the certificate of a participant whose after-coaching checklists no longer pass (a correction). */
export async function withdrawCertificate(q: Queryable, courseId: string, workerId: string) {
  await q.query(
    `update coaching_participants set certificate_code = null, version = version + 1
      where course_id = $1 and worker_id = $2 and certificate_code is not null`,
    [courseId, workerId],
  );
}

export type ScoreSettings = { passingPercent: number; lowBandPercent: number };

/** A country's passing score and low band (defaults 80 and 50 while it has no settings row). */
export async function getScoreSettings(q: Queryable, countryId: string | null): Promise<ScoreSettings> {
  const [row] = countryId
    ? await q.query<{ passing_percent: number; low_band_percent: number }>(
        'select passing_percent, low_band_percent from coaching_settings where country_id = $1',
        [countryId],
      )
    : [];
  return {
    passingPercent: row?.passing_percent ?? DEFAULT_PASSING_PERCENT,
    lowBandPercent: row?.low_band_percent ?? DEFAULT_LOW_BAND_PERCENT,
  };
}
