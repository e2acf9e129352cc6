import {
  checkCompletion,
  checkRecordAnswers,
  isAnswered,
  isPersonalItem,
  type RecordAnswers,
} from '../../../shared/assessments/answers';
import type {
  ActionItem,
  Answers,
  AssessmentDetail,
  AssessmentRecord,
  AssessmentResults,
  AssessmentSummary,
  CreateAssessment,
  CreateRecord,
  FacilityAssessments,
  Ladder,
  ListAssessmentsQuery,
  UpdateAssessment,
  UpdateRecord,
} from '../../../shared/assessments/assessment.schema';
import {
  type ChecklistDefinition,
  type ChecklistSection,
  isRepeatingKind,
} from '../../../shared/assessments/checklist.schema';
import { computeResults, isActionOpen, isActionOverdue, ladderOf } from '../../../shared/assessments/scoring';
import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import { localDate } from '../../../shared/births/local-date';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { translate } from '../../../shared/i18n/messages';
import { newId } from '../../../shared/ids';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findCountryOf } from '../births/eenc-settings.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  type ActionFields,
  type ActionRow,
  type AssessmentRow,
  deleteAssessmentRow,
  deleteRecordRow,
  findAssessment,
  findAssessmentForPeriod,
  findEencStatus,
  findRecordRow,
  insertAssessment,
  insertRecordRow,
  listActionRows,
  listAssessmentRows,
  listRecordRows,
  markAssessmentCompleted,
  type RecordRow,
  updateAssessmentFields,
  updateRecordRow,
} from './assessments.repo';
import { ensureDefaultChecklist, findActiveChecklistId, findChecklistVersion } from './checklists.repo';
import { computeRegisterMeasures } from './register-prefill.repo';

const assessmentSubject = auditSubject('assessment');
const assessmentRecordSubject = auditSubject('assessment_record');

/** Longest period an assessment may cover (two years: "12 months or the period since the last assessment"). */
const MAX_PERIOD_DAYS = 731;

const completedConflict = () => new AppError('conflict', 'assessments.completed');

export const facilityToday = (timezone: string, now: Date) => localDate(now, timezone);

// ---- loading and mapping ------------------------------------------------------------------------------

export async function loadAssessment(
  q: Queryable,
  principal: Principal,
  id: string,
  permission: Permission,
  opts: { forUpdate?: boolean } = {},
): Promise<AssessmentRow> {
  const row = await findAssessment(q, id, opts);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, permission, row.facility_path);
  return row;
}

function sectionOf(def: ChecklistDefinition, sectionId: string): ChecklistSection | undefined {
  return def.sections.find((s) => s.id === sectionId);
}

/** Answers split into those anyone in scope may read and the personal free text (interview, chart notes). */
function splitPersonal(section: ChecklistSection | undefined, answers: Answers) {
  const open: Answers = {};
  const personal: Answers = {};
  for (const [id, value] of Object.entries(answers)) {
    const item = section?.items.find((i) => i.id === id);
    if (item && section && isPersonalItem(item, section)) personal[id] = value;
    else open[id] = value;
  }
  return { open, personal };
}

const hasPersonal = (personal: Answers) => Object.values(personal).some((v) => isAnswered(v) && v !== '');

export function toRecord(row: RecordRow, def: ChecklistDefinition, showPersonal: boolean): AssessmentRecord {
  const { open, personal } = splitPersonal(sectionOf(def, row.section_id), row.answers);
  const hidden = showPersonal ? [] : Object.keys(personal).filter((k) => isAnswered(personal[k]));
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    sectionId: row.section_id,
    answers: showPersonal ? row.answers : open,
    hiddenItems: hidden,
    prefill: row.prefill,
    edited: row.edited_items,
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    updatedBy: row.updated_by_name,
  };
}

/**
 * Audit snapshot of a record: personal answers under `personalAnswers`, masked for readers of the log.
 * With its assessment and version: offline sync reads a form as it was at a version from here.
 */
function recordSnapshot(
  def: ChecklistDefinition,
  r: { id: string; assessmentId: string; sectionId: string; answers: Answers; version: number },
) {
  const { open, personal } = splitPersonal(sectionOf(def, r.sectionId), r.answers);
  return {
    id: r.id,
    assessmentId: r.assessmentId,
    sectionId: r.sectionId,
    answers: open,
    personalAnswers: hasPersonal(personal) ? personal : null,
    version: r.version,
  };
}

const toRecordAnswers = (r: RecordRow): RecordAnswers => ({
  id: r.id,
  sectionId: r.section_id,
  answers: r.answers,
});

/** The fields of an action its author writes, as stored (also what its audit entries record). */
export function actionFieldsOf(row: ActionRow): ActionFields {
  return {
    sourceKind: row.source_kind,
    sourceId: row.source_id,
    problem: row.problem,
    action: row.action,
    responsible: row.responsible,
    resources: row.resources,
    dueDate: row.due_date,
    status: row.status,
    progressNote: row.progress_note,
    doneOn: row.done_on,
  };
}

export function toAction(row: ActionRow, now: Date): ActionItem {
  const { sourceKind, sourceId, ...fields } = actionFieldsOf(row);
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    facilityId: row.facility_id,
    source: sourceKind && sourceId ? { kind: sourceKind, id: sourceId } : null,
    ...fields,
    overdue: isActionOverdue(
      { status: row.status, dueDate: row.due_date },
      facilityToday(row.facility_timezone, now),
    ),
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    updatedBy: row.updated_by_name,
  };
}

function resultsOf(row: AssessmentRow, records: readonly RecordRow[]): AssessmentResults {
  if (row.status === 'completed' && row.results) return row.results;
  return computeResults(
    row.definition,
    records.filter((r) => r.assessment_id === row.id).map(toRecordAnswers),
  );
}

function toSummary(
  row: AssessmentRow,
  results: AssessmentResults,
  actions: readonly ActionItem[],
): AssessmentSummary {
  const own = actions.filter((a) => a.assessmentId === row.id);
  return {
    id: row.id,
    facilityId: row.facility_id,
    facilityName: row.facility_name,
    facilityPath: row.facility_path,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    status: row.status,
    assessedOn: row.assessed_on,
    checklistVersionId: row.checklist_version_id,
    checklistLabel: row.checklist_label,
    results,
    openActions: own.filter((a) => isActionOpen(a.status)).length,
    overdueActions: own.filter((a) => a.overdue).length,
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    createdBy: row.created_by_name,
    completedBy: row.completed_by_name,
  };
}

export async function facilityLadder(q: Queryable, facilityId: string): Promise<Ladder> {
  const s = await findEencStatus(q, facilityId);
  const ladder = ladderOf({
    introducedOn: s?.introduced_on ?? null,
    teamFormedOn: s?.team_formed_on ?? null,
    assessedOn: s?.assessed_on ?? null,
    meetsStandardsOn: s?.meets_standards_on ?? null,
  });
  return { ...ladder, introducedFrom: s?.introduced_source ?? null };
}

/** One assessment with its definition, records (personal text only for facility-level readers) and plan. */
export async function getAssessmentDetail(
  deps: AppDeps,
  principal: Principal,
  id: string,
  q: Queryable = deps.db,
): Promise<AssessmentDetail> {
  const row = await loadAssessment(q, principal, id, 'assessment.read');
  return buildDetail(deps, q, principal, row, { auditRead: true });
}

async function buildDetail(
  deps: AppDeps,
  q: Queryable,
  principal: Principal,
  row: AssessmentRow,
  opts: { auditRead: boolean },
): Promise<AssessmentDetail> {
  const now = deps.clock.now();
  const records = await listRecordRows(q, [row.id]);
  const actions = (await listActionRows(q, { assessmentIds: [row.id] })).map((a) => toAction(a, now));
  const showPersonal = canSeePersonalData(principal, row.facility_path);
  const def = row.definition;
  const shown = records.map((r) => toRecord(r, def, showPersonal));
  const personalShown =
    showPersonal &&
    records.some((r) => hasPersonal(splitPersonal(sectionOf(def, r.section_id), r.answers).personal));
  if (opts.auditRead && personalShown) {
    await auditChange(q, principal, 'read', assessmentSubject(row.id, row.facility_id), {
      details: { personalData: true },
    });
  }
  const missing =
    row.status === 'in_progress'
      ? checkCompletion(def, records.map(toRecordAnswers)).map((i) => ({
          path: i.path,
          message: translate(principal.locale, i.message, i.params),
        }))
      : [];
  return {
    ...toSummary(row, resultsOf(row, records), actions),
    notes: row.notes,
    definition: def,
    records: shown,
    actions,
    ladder: await facilityLadder(q, row.facility_id),
    missing,
  };
}

// ---- listing ------------------------------------------------------------------------------------------

/**
 * A facility's assessments with their standard results, its ladder and its open actions; or, without a
 * facility (or for a district/province), every assessment in the reader's area.
 */
export async function listAssessments(
  deps: AppDeps,
  principal: Principal,
  query: ListAssessmentsQuery,
): Promise<FacilityAssessments> {
  authorize(principal, 'assessment.read');
  const now = deps.clock.now();
  let unit: OrgUnit | undefined;
  if (query.facility) {
    unit = await findOrgUnit(deps.db, query.facility);
    if (!unit) throw new AppError('not_found', 'errors.notFound');
    authorize(principal, 'assessment.read', unit.path);
  }
  const isFacility = unit?.kind === 'facility' || unit?.kind === 'commune';
  const rows = await listAssessmentRows(deps.db, {
    pathPrefixes: unit ? [unit.path] : principal.scopes.map((s) => s.path),
    ...(isFacility && unit ? { facilityId: unit.id } : {}),
    ...(query.status ? { status: query.status } : {}),
    limit: query.limit ?? 200,
  });
  const inProgress = rows.filter((r) => r.status === 'in_progress').map((r) => r.id);
  const records = await listRecordRows(deps.db, inProgress);
  const actions = (
    await listActionRows(deps.db, { assessmentIds: rows.map((r) => r.id), openOnly: true })
  ).map((a) => toAction(a, now));
  const items = rows.map((r) => toSummary(r, resultsOf(r, records), actions));
  if (!isFacility || !unit) return { facility: null, ladder: null, items, openActions: [] };
  const openActions = (await listActionRows(deps.db, { facilityId: unit.id, openOnly: true })).map((a) =>
    toAction(a, now),
  );
  return {
    facility: { id: unit.id, name: unit.name, path: unit.path, code: unit.code },
    ladder: await facilityLadder(deps.db, unit.id),
    items,
    openActions,
  };
}

// ---- creating and editing -----------------------------------------------------------------------------

function checkPeriod(start: string, end: string, today: string): Issue[] {
  const issues: Issue[] = [];
  if (start > today) issues.push({ path: 'periodStart', message: 'assessments.periodFuture' });
  if (end < start) issues.push({ path: 'periodEnd', message: 'assessments.periodOrder' });
  else if ((Date.parse(end) - Date.parse(start)) / 86_400_000 > MAX_PERIOD_DAYS)
    issues.push({
      path: 'periodEnd',
      message: 'assessments.periodTooLong',
      params: { days: MAX_PERIOD_DAYS },
    });
  return issues;
}

/** Register items pre-filled from the birth register: answers for the counts that exist, and the counts by item. */
async function registerPrefill(
  q: Queryable,
  section: ChecklistSection,
  facilityId: string,
  from: string,
  to: string,
): Promise<{ answers: Answers; prefill: Record<string, number | null> }> {
  const measures = await computeRegisterMeasures(q, facilityId, from, to);
  const answers: Answers = {};
  const prefill: Record<string, number | null> = {};
  for (const item of section.items) {
    if (!item.prefill) continue;
    const value = measures[item.prefill];
    prefill[item.id] = value;
    if (value !== null) answers[item.id] = value;
  }
  return { answers, prefill };
}

/** Register items whose confirmed value differs from the count pre-filled from the birth register. */
export function editedItems(prefill: Record<string, number | null> | null, answers: Answers): string[] {
  if (!prefill) return [];
  return Object.entries(prefill)
    .filter(([id, value]) => value !== null && answers[id] !== value)
    .map(([id]) => id);
}

/**
 * A hospital EENC team lead starts an assessment of their hospital for a period. It gets the country's
 * active checklist version for good; the single forms are created at once, the register summary
 * pre-filled. Idempotent on a client-generated id.
 */
export async function createAssessment(
  deps: AppDeps,
  principal: Principal,
  input: CreateAssessment,
): Promise<{ assessment: AssessmentDetail; created: boolean }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const facility = await findOrgUnit(tx, input.facilityId);
    if (!facility) throw validationError([{ path: 'facilityId', message: 'errors.notFound' }]);
    authorize(principal, 'assessment.write', facility.path);
    if (facility.kind !== 'facility')
      throw validationError([{ path: 'facilityId', message: 'assessments.facilityKind' }]);
    if (!facility.active)
      throw validationError([{ path: 'facilityId', message: 'assessments.facilityInactive' }]);
    if (input.id) {
      const existing = await findAssessment(tx, input.id);
      if (existing) {
        const same =
          existing.facility_id === input.facilityId &&
          existing.period_start === input.periodStart &&
          existing.period_end === input.periodEnd;
        if (!same)
          throw new AppError('conflict', 'assessments.idTaken', [
            { path: 'id', message: 'assessments.idTaken' },
          ]);
        return {
          assessment: await buildDetail(deps, tx, principal, existing, { auditRead: false }),
          created: false,
        };
      }
    }
    const issues = checkPeriod(input.periodStart, input.periodEnd, facilityToday(facility.timezone, now));
    if (issues.length) throw validationError(issues);
    if (await findAssessmentForPeriod(tx, facility.id, input.periodStart, input.periodEnd))
      throw new AppError('conflict', 'assessments.duplicate', [
        { path: 'periodStart', message: 'assessments.duplicate' },
      ]);
    await ensureDefaultChecklist(tx, now);
    const country = await findCountryOf(tx, facility.path);
    const checklistId = await findActiveChecklistId(tx, country?.id ?? null);
    const checklist = checklistId ? await findChecklistVersion(tx, checklistId) : undefined;
    if (!checklist) throw new AppError('internal', 'errors.internal');
    const id = input.id ?? newId();
    await insertAssessment(tx, {
      id,
      facilityId: facility.id,
      checklistVersionId: checklist.id,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      notes: input.notes ?? null,
      actorId: principal.userId,
      now,
    });
    for (const section of checklist.definition.sections) {
      if (isRepeatingKind(section.kind)) continue;
      const filled =
        section.kind === 'register'
          ? await registerPrefill(tx, section, facility.id, input.periodStart, input.periodEnd)
          : { answers: {}, prefill: null };
      await insertRecordRow(tx, {
        id: newId(),
        assessmentId: id,
        sectionId: section.id,
        answers: filled.answers,
        prefill: filled.prefill,
        edited: [],
        actorId: principal.userId,
        now,
      });
    }
    await auditChange(tx, principal, 'create', assessmentSubject(id, facility.id), {
      after: {
        facilityId: facility.id,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        checklistVersionId: checklist.id,
      },
    });
    const row = await loadAssessment(tx, principal, id, 'assessment.write');
    return { assessment: await buildDetail(deps, tx, principal, row, { auditRead: false }), created: true };
  });
}

export async function updateAssessment(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: UpdateAssessment,
): Promise<AssessmentDetail> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await loadAssessment(tx, principal, id, 'assessment.write', { forUpdate: true });
    if (row.status !== 'in_progress') throw completedConflict();
    if (row.version !== input.version) throw versionConflict(input.version, row.version);
    const next = {
      periodStart: input.periodStart ?? row.period_start,
      periodEnd: input.periodEnd ?? row.period_end,
      notes: input.notes === undefined ? row.notes : input.notes,
    };
    const issues = checkPeriod(next.periodStart, next.periodEnd, facilityToday(row.facility_timezone, now));
    if (issues.length) throw validationError(issues);
    if (!(await updateAssessmentFields(tx, id, input.version, next, principal.userId, now)))
      throw versionConflict(input.version, row.version);
    await auditChange(tx, principal, 'update', assessmentSubject(id, row.facility_id), {
      before: { periodStart: row.period_start, periodEnd: row.period_end, notes: row.notes },
      after: next,
    });
    const updated = await loadAssessment(tx, principal, id, 'assessment.write');
    return buildDetail(deps, tx, principal, updated, { auditRead: false });
  });
}

export async function deleteAssessment(
  deps: AppDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await loadAssessment(tx, principal, id, 'assessment.write', { forUpdate: true });
    if (row.status !== 'in_progress') throw completedConflict();
    if (!(await deleteAssessmentRow(tx, id, version))) throw versionConflict(version, row.version);
    await auditChange(tx, principal, 'delete', assessmentSubject(id, row.facility_id), {
      before: { periodStart: row.period_start, periodEnd: row.period_end },
    });
  });
}

/** Loads an in-progress assessment for a write, locked so that completion and form saves never interleave. */
async function loadForRecordWrite(tx: Queryable, principal: Principal, assessmentId: string) {
  const row = await loadAssessment(tx, principal, assessmentId, 'assessment.write', { forUpdate: true });
  if (row.status !== 'in_progress') throw completedConflict();
  return row;
}

/** Adds one form (an observed birth, a mother, a chart) to a repeating part; idempotent on the client's id. */
export async function createRecord(
  deps: AppDeps,
  principal: Principal,
  assessmentId: string,
  input: CreateRecord,
): Promise<{ record: AssessmentRecord; created: boolean }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await loadForRecordWrite(tx, principal, assessmentId);
    const def = row.definition;
    const showPersonal = canSeePersonalData(principal, row.facility_path);
    if (input.id) {
      const existing = await findRecordRow(tx, input.id);
      if (existing) {
        if (existing.assessment_id !== assessmentId || existing.section_id !== input.sectionId)
          throw new AppError('conflict', 'assessments.idTaken', [
            { path: 'id', message: 'assessments.idTaken' },
          ]);
        return { record: toRecord(existing, def, showPersonal), created: false };
      }
    }
    const section = sectionOf(def, input.sectionId);
    if (!section)
      throw validationError([
        { path: 'sectionId', message: 'assessments.unknownSection', params: { id: input.sectionId } },
      ]);
    if (!isRepeatingKind(section.kind))
      throw validationError([{ path: 'sectionId', message: 'assessments.singleSection' }]);
    const answers = input.answers ?? {};
    const issues = checkRecordAnswers(section, answers);
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(
      'select count(*) as n from assessment_records where assessment_id = $1 and section_id = $2',
      [assessmentId, section.id],
    );
    const max = section.sampleSize?.max ?? 1;
    if (Number(n) >= max)
      issues.push({ path: 'sectionId', message: 'assessments.tooManyRecords', params: { max } });
    if (issues.length) throw validationError(issues);
    const id = input.id ?? newId();
    await insertRecordRow(tx, {
      id,
      assessmentId,
      sectionId: section.id,
      answers,
      prefill: null,
      edited: [],
      actorId: principal.userId,
      now,
    });
    await auditChange(tx, principal, 'create', assessmentRecordSubject(id, row.facility_id), {
      after: recordSnapshot(def, { id, assessmentId, sectionId: section.id, answers, version: 1 }),
      details: { assessmentId },
    });
    const stored = await findRecordRow(tx, id);
    return { record: toRecord(stored!, def, showPersonal), created: true };
  });
}

/**
 * Saves a form's answers as the team goes: any subset may be answered (completion checks the rest),
 * invalid values are refused at `answers.<item>`, and a stale version is a 409, never an overwrite.
 */
export async function updateRecord(
  deps: AppDeps,
  principal: Principal,
  assessmentId: string,
  recordId: string,
  input: UpdateRecord,
): Promise<AssessmentRecord> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await loadForRecordWrite(tx, principal, assessmentId);
    const current = await findRecordRow(tx, recordId, { forUpdate: true });
    if (!current || current.assessment_id !== assessmentId)
      throw new AppError('not_found', 'errors.notFound');
    if (current.version !== input.version) throw versionConflict(input.version, current.version);
    const def = row.definition;
    const section = sectionOf(def, current.section_id);
    if (!section) throw new AppError('not_found', 'errors.notFound');
    const issues = checkRecordAnswers(section, input.answers);
    if (issues.length) throw validationError(issues);
    const showPersonal = canSeePersonalData(principal, row.facility_path);
    // An editor who may not read the personal text keeps what is stored (they never saw it).
    const answers = showPersonal
      ? input.answers
      : {
          ...splitPersonal(section, input.answers).open,
          ...splitPersonal(section, current.answers).personal,
        };
    const edited = editedItems(current.prefill, answers);
    const snapshotKey = { id: recordId, assessmentId, sectionId: current.section_id };
    if (
      !(await updateRecordRow(tx, recordId, input.version, {
        answers,
        edited,
        actorId: principal.userId,
        now,
      }))
    )
      throw versionConflict(input.version, current.version);
    await auditChange(tx, principal, 'update', assessmentRecordSubject(recordId, row.facility_id), {
      before: recordSnapshot(def, { ...snapshotKey, answers: current.answers, version: current.version }),
      after: recordSnapshot(def, { ...snapshotKey, answers, version: current.version + 1 }),
      details: { assessmentId },
    });
    const stored = await findRecordRow(tx, recordId);
    return toRecord(stored!, def, showPersonal);
  });
}

export async function deleteRecord(
  deps: AppDeps,
  principal: Principal,
  assessmentId: string,
  recordId: string,
  version: number,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await loadForRecordWrite(tx, principal, assessmentId);
    const current = await findRecordRow(tx, recordId, { forUpdate: true });
    if (!current || current.assessment_id !== assessmentId)
      throw new AppError('not_found', 'errors.notFound');
    const section = sectionOf(row.definition, current.section_id);
    if (section && !isRepeatingKind(section.kind))
      throw new AppError('conflict', 'assessments.singleSection');
    if (!(await deleteRecordRow(tx, recordId, version))) throw versionConflict(version, current.version);
    await auditChange(tx, principal, 'delete', assessmentRecordSubject(recordId, row.facility_id), {
      before: recordSnapshot(row.definition, {
        id: recordId,
        assessmentId,
        sectionId: current.section_id,
        answers: current.answers,
        version: current.version,
      }),
      details: { assessmentId },
    });
  });
}

/**
 * Recounts the register summary from the birth register for the current period. Values the team has
 * edited stay as they are; the others take the new counts.
 */
export async function refreshRegisterPrefill(
  deps: AppDeps,
  principal: Principal,
  assessmentId: string,
  version: number,
): Promise<AssessmentRecord> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await loadForRecordWrite(tx, principal, assessmentId);
    const def = row.definition;
    const section = def.sections.find((s) => s.kind === 'register');
    const records = section ? await listRecordRows(tx, [assessmentId]) : [];
    const current = records.find((r) => r.section_id === section?.id);
    if (!section || !current) throw new AppError('not_found', 'assessments.notRegister');
    if (current.version !== version) throw versionConflict(version, current.version);
    const fresh = await registerPrefill(tx, section, row.facility_id, row.period_start, row.period_end);
    const keep = new Set(current.edited_items);
    const answers: Answers = { ...current.answers };
    for (const [itemId, value] of Object.entries(fresh.prefill)) {
      if (keep.has(itemId)) continue;
      if (value === null) delete answers[itemId];
      else answers[itemId] = value;
    }
    const edited = editedItems(fresh.prefill, answers);
    if (
      !(await updateRecordRow(tx, current.id, version, {
        answers,
        prefill: fresh.prefill,
        edited,
        actorId: principal.userId,
        now,
      }))
    )
      throw versionConflict(version, current.version);
    await auditChange(tx, principal, 'update', assessmentRecordSubject(current.id, row.facility_id), {
      before: { answers: current.answers, prefill: current.prefill, version },
      after: { answers, prefill: fresh.prefill, version: version + 1 },
      details: { assessmentId, refreshedFromRegister: true },
    });
    const stored = await findRecordRow(tx, current.id);
    return toRecord(stored!, def, true);
  });
}

/**
 * Completes an assessment once every required answer is given: its results are frozen (old assessments
 * keep the results of their own checklist version) and the facility's ladder moves on.
 */
export async function completeAssessment(
  deps: AppDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<AssessmentDetail> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await loadAssessment(tx, principal, id, 'assessment.write', { forUpdate: true });
    if (row.status !== 'in_progress') throw completedConflict();
    if (row.version !== version) throw versionConflict(version, row.version);
    const records = (await listRecordRows(tx, [id])).map(toRecordAnswers);
    const issues = checkCompletion(row.definition, records);
    if (issues.length) throw validationError(issues);
    const results = computeResults(row.definition, records);
    const assessedOn = facilityToday(row.facility_timezone, now);
    if (
      !(await markAssessmentCompleted(tx, id, version, {
        assessedOn,
        results,
        actorId: principal.userId,
        now,
      }))
    )
      throw versionConflict(version, row.version);
    await auditChange(tx, principal, 'update', assessmentSubject(id, row.facility_id), {
      before: { status: 'in_progress' },
      after: { status: 'completed', assessedOn, meetsStandards: results.meetsStandards },
    });
    const updated = await loadAssessment(tx, principal, id, 'assessment.write');
    return buildDetail(deps, tx, principal, updated, { auditRead: false });
  });
}
