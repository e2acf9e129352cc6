import type {
  ActionStatus,
  AssessmentRecord,
  AssessmentResults,
  AssessmentStatus,
} from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import {
  ASSESSMENT_RECORD_FIELDS,
  type AssessmentRecordRow,
} from '../../../shared/assessments/record-fields';
import { fieldsFrom } from '../../../shared/births/field-table';
import type { Queryable } from '../../db/db';
import { insertRow, setList } from '../../db/field-values';
import { andAll, SqlParams } from '../../db/sql-params';
import { findRowById } from '../../db/find-row';

export type AssessmentRow = {
  id: string;
  facility_id: string;
  facility_name: string;
  facility_path: string;
  facility_timezone: string;
  checklist_version_id: string;
  checklist_label: string;
  definition: ChecklistDefinition;
  period_start: string;
  period_end: string;
  status: AssessmentStatus;
  notes: string | null;
  assessed_on: string | null;
  completed_at: Date | null;
  results: AssessmentResults | null;
  meets_standards: boolean | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by_name: string | null;
  completed_by_name: string | null;
};

const SELECT = `select a.id, a.facility_id, f.name as facility_name, f.path as facility_path, f.timezone as facility_timezone,
    a.checklist_version_id, c.label as checklist_label, c.definition, a.period_start, a.period_end, a.status, a.notes,
    a.assessed_on, a.completed_at, a.results, a.meets_standards, a.version, a.created_at, a.updated_at,
    cu.username as created_by_name, pu.username as completed_by_name
  from assessments a
  join org_units f on f.id = a.facility_id
  join checklist_versions c on c.id = a.checklist_version_id
  left join users cu on cu.id = a.created_by
  left join users pu on pu.id = a.completed_by`;

export const findAssessment = (q: Queryable, id: string, opts: { forUpdate?: boolean } = {}) =>
  findRowById<AssessmentRow>(q, { table: 'assessments', alias: 'a', select: SELECT }, id, opts);

/** Assessments under the given org-unit paths (the reader's scope, or one facility), newest period first. */
export async function listAssessmentRows(
  q: Queryable,
  filter: { pathPrefixes: string[]; facilityId?: string; status?: AssessmentStatus; limit: number },
): Promise<AssessmentRow[]> {
  const p = new SqlParams();
  const where = [p.sql`f.path like any(${filter.pathPrefixes.map((path) => `${path}%`)}::text[])`];
  if (filter.facilityId) where.push(p.sql`a.facility_id = ${filter.facilityId}`);
  if (filter.status) where.push(p.sql`a.status = ${filter.status}`);
  return q.query<AssessmentRow>(
    `${SELECT} where ${andAll(where)} order by a.period_end desc, a.created_at desc, a.id limit ${p.add(filter.limit)}`,
    p.values,
  );
}

export async function findAssessmentForPeriod(
  q: Queryable,
  facilityId: string,
  periodStart: string,
  periodEnd: string,
): Promise<{ id: string } | undefined> {
  const [row] = await q.query<{ id: string }>(
    'select id from assessments where facility_id = $1 and period_start = $2::date and period_end = $3::date limit 1',
    [facilityId, periodStart, periodEnd],
  );
  return row;
}

export async function insertAssessment(
  q: Queryable,
  a: {
    id: string;
    facilityId: string;
    checklistVersionId: string;
    periodStart: string;
    periodEnd: string;
    notes: string | null;
    actorId: string | null;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `insert into assessments (id, facility_id, checklist_version_id, period_start, period_end, status, notes,
       created_at, updated_at, created_by, updated_by)
     values ($1, $2, $3, $4, $5, 'in_progress', $6, $7, $7, $8, $8)`,
    [a.id, a.facilityId, a.checklistVersionId, a.periodStart, a.periodEnd, a.notes, a.now, a.actorId],
  );
}

export async function updateAssessmentFields(
  q: Queryable,
  id: string,
  version: number,
  f: { periodStart: string; periodEnd: string; notes: string | null },
  actorId: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update assessments set period_start = $3, period_end = $4, notes = $5, version = version + 1, updated_at = $6,
       updated_by = $7
     where id = $1 and version = $2 and status = 'in_progress' returning id`,
    [id, version, f.periodStart, f.periodEnd, f.notes, now, actorId],
  );
  return rows.length === 1;
}

export async function markAssessmentCompleted(
  q: Queryable,
  id: string,
  version: number,
  c: { assessedOn: string; results: AssessmentResults; actorId: string | null; now: Date },
): Promise<boolean> {
  const rows = await q.query(
    `update assessments set status = 'completed', assessed_on = $3, results = $4::jsonb, meets_standards = $5,
       completed_at = $6, completed_by = $7, version = version + 1, updated_at = $6, updated_by = $7
     where id = $1 and version = $2 and status = 'in_progress' returning id`,
    [id, version, c.assessedOn, JSON.stringify(c.results), c.results.meetsStandards, c.now, c.actorId],
  );
  return rows.length === 1;
}

export async function deleteAssessmentRow(q: Queryable, id: string, version: number): Promise<boolean> {
  const rows = await q.query(
    "delete from assessments where id = $1 and version = $2 and status = 'in_progress' returning id",
    [id, version],
  );
  return rows.length === 1;
}

// ---- records ----------------------------------------------------------------------------------------

/** A record as read, with the name of whoever changed it last. */
export type RecordRow = Omit<AssessmentRecordRow, 'created_by' | 'updated_by'> & {
  updated_by_name: string | null;
};

const INSERTED = fieldsFrom(ASSESSMENT_RECORD_FIELDS, 'identity', 'content', 'stamp', 'actor');

const RECORD_SELECT = `select ${fieldsFrom(ASSESSMENT_RECORD_FIELDS, 'identity', 'content', 'stamp')
  .map((f) => `r.${f.column}`)
  .join(', ')}, u.username as updated_by_name
  from assessment_records r left join users u on u.id = r.updated_by`;

export async function listRecordRows(q: Queryable, assessmentIds: readonly string[]): Promise<RecordRow[]> {
  if (assessmentIds.length === 0) return [];
  return q.query<RecordRow>(`${RECORD_SELECT} where r.assessment_id = any($1::uuid[]) order by r.seq`, [
    assessmentIds,
  ]);
}

export const findRecordRow = (q: Queryable, id: string, opts: { forUpdate?: boolean } = {}) =>
  findRowById<RecordRow>(q, { table: 'assessment_records', alias: 'r', select: RECORD_SELECT }, id, opts);

export async function insertRecordRow(
  q: Queryable,
  r: Pick<AssessmentRecord, 'id' | 'assessmentId' | 'sectionId' | 'answers' | 'prefill' | 'edited'> & {
    actorId: string | null;
    now: Date;
  },
): Promise<void> {
  const row = insertRow('assessment_records', INSERTED, {
    ...r,
    version: 1,
    createdAt: r.now,
    updatedAt: r.now,
    actor: r.actorId,
  });
  await q.query(row.sql, row.params);
}

export async function updateRecordRow(
  q: Queryable,
  id: string,
  version: number,
  r: Pick<AssessmentRecord, 'answers' | 'edited'> & {
    /** Left as stored when absent. */
    prefill?: AssessmentRecord['prefill'];
    actorId: string;
    now: Date;
  },
): Promise<boolean> {
  const p = new SqlParams([id, version]);
  const content = fieldsFrom(ASSESSMENT_RECORD_FIELDS, 'content').filter(
    (f) => f.column !== 'prefill' || r.prefill !== undefined,
  );
  const rows = await q.query(
    `update assessment_records set ${setList(content, r, p)}, version = version + 1,
       updated_at = ${p.add(r.now)}, updated_by = ${p.add(r.actorId)}
     where id = $1 and version = $2 returning id`,
    p.values,
  );
  return rows.length === 1;
}

export async function deleteRecordRow(q: Queryable, id: string, version: number): Promise<boolean> {
  const rows = await q.query('delete from assessment_records where id = $1 and version = $2 returning id', [
    id,
    version,
  ]);
  return rows.length === 1;
}

// ---- action items -----------------------------------------------------------------------------------

export type ActionRow = {
  id: string;
  assessment_id: string;
  facility_id: string;
  facility_timezone: string;
  source_kind: 'standard' | 'area' | 'item' | null;
  source_id: string | null;
  problem: string;
  action: string;
  responsible: string;
  resources: string | null;
  due_date: string;
  status: ActionStatus;
  progress_note: string | null;
  done_on: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  updated_by_name: string | null;
};

const ACTION_SELECT = `select x.id, x.assessment_id, x.facility_id, f.timezone as facility_timezone, x.source_kind,
    x.source_id, x.problem, x.action, x.responsible, x.resources, x.due_date, x.status, x.progress_note, x.done_on,
    x.version, x.created_at, x.updated_at, u.username as updated_by_name
  from assessment_actions x
  join org_units f on f.id = x.facility_id
  left join users u on u.id = x.updated_by`;

export async function listActionRows(
  q: Queryable,
  filter: { assessmentIds?: readonly string[]; facilityId?: string; openOnly?: boolean },
): Promise<ActionRow[]> {
  const p = new SqlParams();
  const where: string[] = [];
  if (filter.assessmentIds) {
    if (filter.assessmentIds.length === 0) return [];
    where.push(p.sql`x.assessment_id = any(${filter.assessmentIds}::uuid[])`);
  }
  if (filter.facilityId) where.push(p.sql`x.facility_id = ${filter.facilityId}`);
  if (filter.openOnly) where.push("x.status in ('planned', 'in_progress')");
  return q.query<ActionRow>(
    `${ACTION_SELECT} where ${andAll(where)} order by x.due_date, x.created_at, x.id`,
    p.values,
  );
}

export const findActionRow = (q: Queryable, id: string, opts: { forUpdate?: boolean } = {}) =>
  findRowById<ActionRow>(q, { table: 'assessment_actions', alias: 'x', select: ACTION_SELECT }, id, opts);

export type ActionFields = {
  sourceKind: ActionRow['source_kind'];
  sourceId: string | null;
  problem: string;
  action: string;
  responsible: string;
  resources: string | null;
  dueDate: string;
  status: ActionStatus;
  progressNote: string | null;
  doneOn: string | null;
};

/** The parameters of an action's editable columns, in the order both its insert and its update list them. */
const actionFieldValues = (a: ActionFields) => [
  a.sourceKind,
  a.sourceId,
  a.problem,
  a.action,
  a.responsible,
  a.resources,
  a.dueDate,
  a.status,
  a.progressNote,
  a.doneOn,
];

export async function insertActionRow(
  q: Queryable,
  a: ActionFields & {
    id: string;
    assessmentId: string;
    facilityId: string;
    actorId: string | null;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `insert into assessment_actions (id, assessment_id, facility_id, source_kind, source_id, problem, action,
       responsible, resources, due_date, status, progress_note, done_on, created_at, updated_at, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $15)`,
    [a.id, a.assessmentId, a.facilityId, ...actionFieldValues(a), a.now, a.actorId],
  );
}

export async function updateActionRow(
  q: Queryable,
  id: string,
  version: number,
  a: ActionFields & { actorId: string; now: Date },
): Promise<boolean> {
  const rows = await q.query(
    `update assessment_actions set source_kind = $3, source_id = $4, problem = $5, action = $6, responsible = $7,
       resources = $8, due_date = $9, status = $10, progress_note = $11, done_on = $12, version = version + 1,
       updated_at = $13, updated_by = $14
     where id = $1 and version = $2 returning id`,
    [id, version, ...actionFieldValues(a), a.now, a.actorId],
  );
  return rows.length === 1;
}

export async function deleteActionRow(q: Queryable, id: string, version: number): Promise<boolean> {
  const rows = await q.query('delete from assessment_actions where id = $1 and version = $2 returning id', [
    id,
    version,
  ]);
  return rows.length === 1;
}

/** The ladder row of one facility, read through the view the indicators feature also reads. */
export async function findEencStatus(
  q: Queryable,
  facilityId: string,
): Promise<
  | {
      introduced_on: string | null;
      team_formed_on: string | null;
      assessed_on: string | null;
      meets_standards_on: string | null;
      introduced_source: 'recorded' | 'coaching' | null;
    }
  | undefined
> {
  const [row] = await q.query<{
    introduced_on: string | null;
    team_formed_on: string | null;
    assessed_on: string | null;
    meets_standards_on: string | null;
    introduced_source: 'recorded' | 'coaching' | null;
  }>(
    `select introduced_on, team_formed_on, assessed_on, meets_standards_on, introduced_source
       from facility_eenc_status where facility_id = $1`,
    [facilityId],
  );
  return row;
}
