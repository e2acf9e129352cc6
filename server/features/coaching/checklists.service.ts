import type { Principal } from '../../../shared/auth/principal';
import {
  type ChecklistAnswer,
  scoreChecklist,
  unknownItems,
} from '../../../shared/coaching/checklist-scoring';
import type { CorrectChecklist } from '../../../shared/coaching/checklist-versions.schema';
import type { ChecklistDefinition } from '../../../shared/coaching/checklists';
import type { Course, RecordChecklist } from '../../../shared/coaching/coaching.schema';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findCountryOf } from '../births/eenc-settings.repo';
import { currentChecklistsFor, resolveChecklist } from './checklist-versions.service';
import {
  findChecklistRowForUpdate,
  grantCertificate,
  insertChecklistRow,
  passesCourse,
  updateChecklistRow,
  withdrawCertificate,
} from './checklists.repo';
import { type CourseRow, findCourseRow, listParticipantRows } from './courses.repo';
import { courseScoreSettings, courseView, loadCourse, newCertificateCode } from './courses.service';
import { facilityToday } from './roster.service';

const checklistSubject = auditSubject('coaching_checklist');

/** Problems of answers and a date on a checklist of a course (shared by recording and correcting). */
function answerIssues(
  deps: AppDeps,
  course: CourseRow,
  def: ChecklistDefinition,
  input: { observedOn: string; answers: Record<string, ChecklistAnswer> },
): Issue[] {
  const issues: Issue[] = [];
  if (def.module !== course.module) issues.push({ path: 'checklistId', message: 'coaching.checklistModule' });
  const unknown = unknownItems(def, input.answers);
  if (unknown.length)
    issues.push({
      path: 'answers',
      message: 'coaching.checklistItems',
      params: { items: unknown.join(', ') },
    });
  if (input.observedOn > facilityToday({ timezone: course.venue_timezone }, deps.clock.now()))
    issues.push({ path: 'observedOn', message: 'coaching.inFuture' });
  return issues;
}

/** Whether a recorded version is the one the venue's country records on now, and why not. */
async function currentIssue(
  q: Queryable,
  course: CourseRow,
  def: ChecklistDefinition,
): Promise<Issue | null> {
  const country = await findCountryOf(q, course.venue_path);
  const current = await currentChecklistsFor(q, country?.id ?? null);
  if (current.some((c) => c.id === def.id && c.version === def.version)) return null;
  const latest = current.find((c) => c.id === def.id);
  return latest
    ? { path: 'checklistVersion', message: 'coaching.checklistOutdated', params: { version: latest.version } }
    : { path: 'checklistId', message: 'coaching.checklistReplaced' };
}

/** Gives or takes back the certificate after a participant's checklists changed. */
async function settleCertificate(tx: Queryable, course: CourseRow, workerId: string) {
  const { passingPercent } = await courseScoreSettings(tx, course.venue_path);
  if (await passesCourse(tx, course.id, workerId, passingPercent))
    await grantCertificate(tx, course.id, workerId, newCertificateCode());
  else await withdrawCertificate(tx, course.id, workerId);
}

/**
 * Records a skills checklist for a participant of a course, scored on the version the venue's country
 * records on now (its own copy, else the shipped checklist). An after-coaching checklist at the passing
 * score gives a participant who already completed the course its certificate.
 */
export async function recordChecklist(
  deps: AppDeps,
  principal: Principal,
  courseId: string,
  workerId: string,
  input: RecordChecklist,
): Promise<Course> {
  const course = await loadCourse(deps.db, principal, courseId, 'coaching.write');
  const participant = (await listParticipantRows(deps.db, courseId)).find((p) => p.worker_id === workerId);
  if (!participant) throw new AppError('not_found', 'coaching.notParticipant');
  await deps.db.transaction(async (tx) => {
    // Read (and hold) the version inside the transaction: an edit of it waits, then sees this record.
    const def = await resolveChecklist(tx, input.checklistId, input.checklistVersion, 'share');
    if (!def) throw validationError([{ path: 'checklistId', message: 'coaching.checklistUnknown' }]);
    const outdated = await currentIssue(tx, course, def);
    const issues = [...(outdated ? [outdated] : []), ...answerIssues(deps, course, def, input)];
    if (issues.length) throw validationError(issues);
    const score = scoreChecklist(def, input.answers);
    const values = { ...input, courseId, workerId, score };
    // The same id again is an offline retry of the same record: nothing more to do.
    if (!(await insertChecklistRow(tx, values, deps.clock.now(), principal.userId))) return;
    if (input.moment === 'after') await settleCertificate(tx, course, workerId);
    await auditChange(tx, principal, 'create', checklistSubject(input.id, course.venue_id), {
      after: {
        courseId,
        workerId,
        checklistId: input.checklistId,
        checklistVersion: input.checklistVersion,
        moment: input.moment,
        method: input.method,
        observedOn: input.observedOn,
        percent: score.percent,
      },
    });
  });
  return courseView(deps.db, principal, (await findCourseRow(deps.db, courseId))!);
}

/**
 * Corrects a recorded checklist (answers, moment, method, date), made on the version read: it is scored
 * again on the checklist version it was recorded with, whatever the country records on now. The
 * certificate follows the corrected score.
 */
export async function correctChecklist(
  deps: AppDeps,
  principal: Principal,
  ids: { courseId: string; workerId: string; checklistId: string },
  input: CorrectChecklist,
): Promise<Course> {
  const course = await loadCourse(deps.db, principal, ids.courseId, 'coaching.write');
  await deps.db.transaction(async (tx) => {
    const row = await findChecklistRowForUpdate(tx, ids.checklistId, ids.courseId, ids.workerId);
    if (!row) throw new AppError('not_found', 'errors.notFound');
    if (row.version !== input.version) throw versionConflict(input.version, row.version);
    const def = (await resolveChecklist(tx, row.checklist_id, row.checklist_version))!;
    const issues = answerIssues(deps, course, def, input);
    if (issues.length) throw validationError(issues);
    const score = scoreChecklist(def, input.answers);
    if (
      !(await updateChecklistRow(
        tx,
        row.id,
        input.version,
        { ...input, score },
        deps.clock.now(),
        principal.userId,
      ))
    )
      throw versionConflict(input.version, row.version);
    await settleCertificate(tx, course, ids.workerId);
    const facts = (
      r: { moment: string; method: string; observedOn: string; answers: object },
      percent: unknown,
    ) => ({
      moment: r.moment,
      method: r.method,
      observedOn: r.observedOn,
      answers: r.answers,
      percent,
    });
    await auditChange(tx, principal, 'update', checklistSubject(row.id, course.venue_id), {
      before: facts(
        { ...row, observedOn: row.observed_on },
        row.percent === null ? null : Number(row.percent),
      ),
      after: facts(input, score.percent),
    });
  });
  return courseView(deps.db, principal, (await findCourseRow(deps.db, ids.courseId))!);
}
