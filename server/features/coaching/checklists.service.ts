import type { Principal } from '../../../shared/auth/principal';
import { scoreChecklist, unknownItems } from '../../../shared/coaching/checklist-scoring';
import { CHECKLISTS, currentChecklists, findChecklist } from '../../../shared/coaching/checklists';
import type { ChecklistDefinitions, Course, RecordChecklist } from '../../../shared/coaching/coaching.schema';
import { AppError, type Issue, validationError } from '../../../shared/errors';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { grantCertificate, insertChecklistRow, passesCourse } from './checklists.repo';
import { findCourseRow, listParticipantRows } from './courses.repo';
import { courseScoreSettings, courseView, loadCourse, newCertificateCode } from './courses.service';
import { facilityToday } from './roster.service';

const checklistSubject = auditSubject('coaching_checklist');

/** Every checklist version, the current ones marked (old versions stay readable for old records). */
export function listChecklistDefinitions(): ChecklistDefinitions {
  const current = new Set(currentChecklists());
  return { items: CHECKLISTS.map((c) => ({ ...c, current: current.has(c) })) };
}

/**
 * Records a skills checklist for a participant of a course, scored on the current version of a
 * checklist of the course's module. An after-coaching checklist at the passing score gives a
 * participant who already completed the course its certificate.
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
  const def = findChecklist(input.checklistId, input.checklistVersion);
  const issues: Issue[] = [];
  if (!def) issues.push({ path: 'checklistId', message: 'coaching.checklistUnknown' });
  else {
    const latest = currentChecklists().find((c) => c.id === def.id)!;
    if (latest.version !== def.version)
      issues.push({
        path: 'checklistVersion',
        message: 'coaching.checklistOutdated',
        params: { version: latest.version },
      });
    if (def.module !== course.module)
      issues.push({ path: 'checklistId', message: 'coaching.checklistModule' });
    const unknown = unknownItems(def, input.answers);
    if (unknown.length)
      issues.push({
        path: 'answers',
        message: 'coaching.checklistItems',
        params: { items: unknown.join(', ') },
      });
  }
  if (input.observedOn > facilityToday({ timezone: course.venue_timezone }, deps.clock.now()))
    issues.push({ path: 'observedOn', message: 'coaching.inFuture' });
  if (issues.length) throw validationError(issues);
  const score = scoreChecklist(def!, input.answers);
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const values = { ...input, courseId, workerId, score };
    // The same id again is an offline retry of the same record: nothing more to do.
    if (!(await insertChecklistRow(tx, values, now, principal.userId))) return;
    const { passingPercent } = await courseScoreSettings(tx, course.venue_path);
    if (input.moment === 'after' && (await passesCourse(tx, courseId, workerId, passingPercent)))
      await grantCertificate(tx, courseId, workerId, newCertificateCode());
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
