import type {
  ActionItem,
  ActionStatus,
  CreateAction,
  UpdateAction,
} from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import type { Principal } from '../../../shared/auth/principal';
import { AppError, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject } from '../audit/audit.repo';
import {
  type ActionFields,
  deleteActionRow,
  findActionRow,
  insertActionRow,
  updateActionRow,
} from './assessments.repo';
import { actionFieldsOf, facilityToday, loadAssessment, toAction } from './assessments.service';

const assessmentActionSubject = auditSubject('assessment_action');

type Source = { kind: 'standard' | 'area' | 'item'; id: string } | null | undefined;

/** The gap an action answers must exist in the assessment's own checklist version. */
function checkSource(def: ChecklistDefinition, source: Source) {
  if (!source) return;
  const ids =
    source.kind === 'standard'
      ? def.standards.map((s) => s.id)
      : source.kind === 'area'
        ? def.areas.map((a) => a.id)
        : def.sections.flatMap((s) => s.items.map((i) => i.id));
  if (!ids.includes(source.id))
    throw validationError([
      {
        path: 'source.id',
        message: 'assessments.sourceUnknown',
        params: { kind: source.kind, id: source.id },
      },
    ]);
}

/** The day an action was done: kept while it stays done, set when it becomes done, cleared when reopened. */
function doneOnFor(
  status: ActionStatus,
  previous: { status: ActionStatus; doneOn: string | null } | null,
  today: string,
) {
  if (status !== 'done') return null;
  return previous?.status === 'done' ? previous.doneOn : today;
}

const snapshot = (f: ActionFields) => ({ ...f });

async function loadAction(q: Queryable, principal: Principal, id: string, forUpdate = false) {
  const row = await findActionRow(q, id, { forUpdate });
  if (!row) throw new AppError('not_found', 'errors.notFound');
  const assessment = await loadAssessment(q, principal, row.assessment_id, 'assessment.write');
  return { row, assessment };
}

/**
 * The team turns a gap into an action-plan item (problem, action, responsible person, resources, due
 * date, status). Allowed while and after the assessment is in progress; idempotent on the client's id.
 */
export async function createAction(
  deps: AppDeps,
  principal: Principal,
  assessmentId: string,
  input: CreateAction,
): Promise<{ action: ActionItem; created: boolean }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const assessment = await loadAssessment(tx, principal, assessmentId, 'assessment.write', {
      forUpdate: true,
    });
    if (input.id) {
      const existing = await findActionRow(tx, input.id);
      if (existing) {
        if (existing.assessment_id !== assessmentId)
          throw new AppError('conflict', 'assessments.idTaken', [
            { path: 'id', message: 'assessments.idTaken' },
          ]);
        return { action: toAction(existing, now), created: false };
      }
    }
    checkSource(assessment.definition, input.source);
    const status = input.status ?? 'planned';
    const fields: ActionFields = {
      sourceKind: input.source?.kind ?? null,
      sourceId: input.source?.id ?? null,
      problem: input.problem,
      action: input.action,
      responsible: input.responsible,
      resources: input.resources ?? null,
      dueDate: input.dueDate,
      status,
      progressNote: input.progressNote ?? null,
      doneOn: doneOnFor(status, null, facilityToday(assessment.facility_timezone, now)),
    };
    const id = input.id ?? newId();
    await insertActionRow(tx, {
      ...fields,
      id,
      assessmentId,
      facilityId: assessment.facility_id,
      actorId: principal.userId,
      now,
    });
    await auditChange(tx, principal, 'create', assessmentActionSubject(id, assessment.facility_id), {
      after: snapshot(fields),
      details: { assessmentId },
    });
    return { action: toAction((await findActionRow(tx, id))!, now), created: true };
  });
}

/** Updates an action over time (status, progress, new due date); a stale version is a 409. */
export async function updateAction(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: UpdateAction,
): Promise<ActionItem> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { row, assessment } = await loadAction(tx, principal, id, true);
    authorize(principal, 'assessment.write', assessment.facility_path);
    if (row.version !== input.version) throw versionConflict(input.version, row.version);
    if (input.source !== undefined) checkSource(assessment.definition, input.source);
    const before = actionFieldsOf(row);
    const status = input.status ?? row.status;
    const next: ActionFields = {
      sourceKind: input.source === undefined ? row.source_kind : (input.source?.kind ?? null),
      sourceId: input.source === undefined ? row.source_id : (input.source?.id ?? null),
      problem: input.problem ?? row.problem,
      action: input.action ?? row.action,
      responsible: input.responsible ?? row.responsible,
      resources: input.resources === undefined ? row.resources : input.resources,
      dueDate: input.dueDate ?? row.due_date,
      status,
      progressNote: input.progressNote === undefined ? row.progress_note : input.progressNote,
      doneOn: doneOnFor(
        status,
        { status: row.status, doneOn: row.done_on },
        facilityToday(assessment.facility_timezone, now),
      ),
    };
    if (!(await updateActionRow(tx, id, input.version, { ...next, actorId: principal.userId, now })))
      throw versionConflict(input.version, row.version);
    await auditChange(tx, principal, 'update', assessmentActionSubject(id, row.facility_id), {
      before: snapshot(before),
      after: snapshot(next),
      details: { assessmentId: row.assessment_id },
    });
    return toAction((await findActionRow(tx, id))!, now);
  });
}

export async function deleteAction(
  deps: AppDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadAction(tx, principal, id, true);
    if (!(await deleteActionRow(tx, id, version))) throw versionConflict(version, row.version);
    await auditChange(tx, principal, 'delete', assessmentActionSubject(id, row.facility_id), {
      before: snapshot(actionFieldsOf(row)),
      details: { assessmentId: row.assessment_id },
    });
  });
}
