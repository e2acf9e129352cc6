import type { Principal } from '../../../shared/auth/principal';
import type {
  AddParticipants,
  Certificate,
  Course,
  CourseSummary,
  CreateCourse,
  UpdateCourse,
  UpdateParticipant,
} from '../../../shared/coaching/coaching.schema';
import { canSeeWorkerNames, workerCode } from '../../../shared/coaching/worker-identity';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findCountryOf } from '../births/eenc-settings.repo';
import {
  type CourseFields,
  type CourseRow,
  deleteParticipantRow,
  findCertificateRow,
  findCourseRow,
  findEnrolled,
  insertCourse,
  insertParticipants,
  listCourseRows,
  listFacilitatorIds,
  listParticipantRows,
  lockCourse,
  replaceFacilitators,
  updateCourseRow,
  updateParticipantRow,
} from './courses.repo';
import { facilityToday, getActiveRosterFacility, getRosterFacility } from './roster.service';
import { bandOf } from '../../../shared/coaching/checklist-scoring';
import { type ChecklistRow, getScoreSettings, listChecklistRows, passesCourse } from './checklists.repo';
import { listWorkerRows, type WorkerListRow } from './roster.repo';

const courseSubject = auditSubject('coaching_course');

/** 10 characters of a 31-letter alphabet without look-alikes (0/O, 1/I/L): about 50 bits, read aloud. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newCertificateCode(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** The public check of a certificate: what it certifies, without the name (printed on it). */
export async function verifyCertificate(deps: AppDeps, code: string): Promise<Certificate> {
  const row = await findCertificateRow(deps.db, code.toUpperCase());
  if (!row) throw new AppError('not_found', 'coaching.certificateUnknown');
  return {
    code: code.toUpperCase(),
    workerCode: workerCode(row.worker_id),
    cadre: row.cadre as Certificate['cadre'],
    module: row.module,
    venueName: row.venue_name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    days: row.days,
  };
}

const DAY_MS = 86_400_000;
const spanDays = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

function toSummary(row: CourseRow): CourseSummary {
  return {
    id: row.id,
    venueId: row.venue_id,
    venueName: row.venue_name,
    module: row.module,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    days: row.days,
    participants: row.participants,
    completed: row.completed,
  };
}

function fieldsOf(input: CreateCourse | UpdateCourse): CourseFields {
  const issues: Issue[] = [];
  if (input.endsOn < input.startsOn) issues.push({ path: 'endsOn', message: 'coaching.endBeforeStart' });
  else if (input.days > spanDays(input.startsOn, input.endsOn))
    issues.push({
      path: 'days',
      message: 'coaching.daysSpan',
      params: { from: input.startsOn, to: input.endsOn, max: spanDays(input.startsOn, input.endsOn) },
    });
  if (issues.length) throw validationError(issues);
  const { module, startsOn, endsOn, days } = input;
  return { module, startsOn, endsOn, days, notes: input.notes ?? null };
}

/** Facilitators must be workers of the venue's country marked as national or provincial facilitators. */
async function checkFacilitators(q: Queryable, venuePath: string, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const rows = await listWorkerRows(q, unique, '9999-12-31');
  const country = await findCountryOf(q, venuePath);
  const issues = unique.flatMap((id, i): Issue[] => {
    const w = rows.find((r) => r.id === id);
    if (!w) return [{ path: `facilitatorIds.${i}`, message: 'errors.notFound' }];
    if (!w.facilitator_level) return [{ path: `facilitatorIds.${i}`, message: 'coaching.notFacilitator' }];
    if (w.country_id !== country?.id)
      return [{ path: `facilitatorIds.${i}`, message: 'coaching.sameCountry' }];
    return [];
  });
  if (issues.length) throw validationError(issues);
  return unique;
}

export async function loadCourse(
  q: Queryable,
  principal: Principal,
  id: string,
  permission: 'workforce.read' | 'coaching.write',
) {
  const row = await findCourseRow(q, id);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, permission, row.venue_path);
  return row;
}

const workerRef = (principal: Principal, w: WorkerListRow) => ({
  id: w.id,
  code: workerCode(w.id),
  name: canSeeWorkerNames(principal, w.facility_path) ? w.name : null,
  cadre: w.cadre,
  facilityName: w.facility_name,
});

export async function getCourse(deps: AppDeps, principal: Principal, id: string): Promise<Course> {
  const row = await loadCourse(deps.db, principal, id, 'workforce.read');
  return courseView(deps.db, principal, row);
}

/** The passing score and bands of the country of a course's venue. */
export async function courseScoreSettings(q: Queryable, venuePath: string) {
  return getScoreSettings(q, (await findCountryOf(q, venuePath))?.id ?? null);
}

export async function courseView(q: Queryable, principal: Principal, row: CourseRow): Promise<Course> {
  const country = await findCountryOf(q, row.venue_path);
  const [facilitatorIds, participants, checklists, bands] = [
    await listFacilitatorIds(q, row.id),
    await listParticipantRows(q, row.id),
    await listChecklistRows(q, row.id),
    await getScoreSettings(q, country?.id ?? null),
  ];
  const recorded = (c: ChecklistRow) => {
    const percent = c.percent === null ? null : Number(c.percent);
    return {
      id: c.id,
      checklistId: c.checklist_id,
      checklistVersion: c.checklist_version,
      moment: c.moment,
      method: c.method,
      observedOn: c.observed_on,
      total: c.total,
      max: c.max_total,
      percent,
      band: bandOf(percent, bands),
      domains: c.domains,
      answers: c.answers,
      version: c.version,
    };
  };
  const workers = await listWorkerRows(
    q,
    [...facilitatorIds, ...participants.map((p) => p.worker_id)],
    '9999-12-31',
  );
  const byId = new Map(workers.map((w) => [w.id, workerRef(principal, w)]));
  const participantList = participants
    .map((p) => ({
      worker: byId.get(p.worker_id)!,
      daysAttended: p.days_attended,
      completed: p.completed,
      certificateCode: p.certificate_code,
      checklists: checklists.filter((c) => c.worker_id === p.worker_id).map(recorded),
      version: p.version,
    }))
    .sort((a, b) => (a.worker.name ?? a.worker.code).localeCompare(b.worker.name ?? b.worker.code));
  return {
    ...toSummary(row),
    venuePath: row.venue_path,
    countryId: country?.id ?? null,
    notes: row.notes,
    facilitators: facilitatorIds.map((f) => byId.get(f)!),
    participantList,
    namesVisible: canSeeWorkerNames(principal, row.venue_path),
    passingPercent: bands.passingPercent,
    lowBandPercent: bands.lowBandPercent,
    version: row.version,
  };
}

export async function listCourses(
  deps: AppDeps,
  principal: Principal,
  query: { venue?: string | undefined },
): Promise<{ items: CourseSummary[] }> {
  if (query.venue) await getRosterFacility(deps.db, principal, query.venue, 'workforce.read');
  const rows = await listCourseRows(deps.db, {
    venueId: query.venue,
    scopePaths: principal.scopes.map((s) => s.path),
  });
  return { items: rows.map(toSummary) };
}

export async function createCourse(
  deps: AppDeps,
  principal: Principal,
  input: CreateCourse,
): Promise<{ course: Course; created: boolean }> {
  const venue = await getActiveRosterFacility(deps.db, principal, input.venueId, 'coaching.write', 'venueId');
  const fields = fieldsOf(input);
  const facilitators = await checkFacilitators(deps.db, venue.path, input.facilitatorIds ?? []);
  const id = input.id ?? newId();
  try {
    await deps.db.transaction(async (tx) => {
      await insertCourse(tx, { ...fields, id, venueId: venue.id }, deps.clock.now(), principal.userId);
      await replaceFacilitators(tx, id, facilitators);
      await auditChange(tx, principal, 'create', courseSubject(id, venue.id), {
        after: { ...fields, facilitators },
      });
    });
  } catch (err) {
    if (pgErrorCode(err) !== PG_UNIQUE_VIOLATION) throw err;
    const existing = await findCourseRow(deps.db, id);
    if (!existing || existing.venue_id !== venue.id)
      throw new AppError('conflict', 'coaching.idTaken', [{ path: 'id', message: 'coaching.idTaken' }]);
    return { course: await courseView(deps.db, principal, existing), created: false };
  }
  return { course: await courseView(deps.db, principal, (await findCourseRow(deps.db, id))!), created: true };
}

export async function updateCourse(deps: AppDeps, principal: Principal, id: string, input: UpdateCourse) {
  const row = await loadCourse(deps.db, principal, id, 'coaching.write');
  const fields = fieldsOf(input);
  const facilitators =
    input.facilitatorIds && (await checkFacilitators(deps.db, row.venue_path, input.facilitatorIds));
  await deps.db.transaction(async (tx) => {
    if (!(await updateCourseRow(tx, id, input.version, fields, deps.clock.now(), principal.userId)))
      throw versionConflict(input.version, row.version);
    if (facilitators) await replaceFacilitators(tx, id, facilitators);
    const before = {
      module: row.module,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      days: row.days,
      notes: row.notes,
    };
    await auditChange(tx, principal, 'update', courseSubject(id, row.venue_id), {
      before,
      after: { ...fields, ...(facilitators ? { facilitators } : {}) },
    });
  });
  return courseView(deps.db, principal, (await findCourseRow(deps.db, id))!);
}

/**
 * Adds workers of the roster to a course, all or none: each must be on a roster now, inside the
 * recorder's scope and the venue's country, and not already in the course (refused by code or name).
 */
export async function addParticipants(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: AddParticipants,
) {
  const course = await loadCourse(deps.db, principal, id, 'coaching.write');
  const today = facilityToday({ timezone: course.venue_timezone }, deps.clock.now());
  const workers = await listWorkerRows(deps.db, input.workerIds, today);
  const country = await findCountryOf(deps.db, course.venue_path);
  const issues: Issue[] = [];
  input.workerIds.forEach((wid, i) => {
    const w = workers.find((r) => r.id === wid);
    const path = `workerIds.${i}`;
    if (!w) issues.push({ path, message: 'errors.notFound' });
    else if (w.ended_on !== null && w.ended_on <= today)
      issues.push({ path, message: 'coaching.workerInactive' });
    else if (w.country_id !== country?.id) issues.push({ path, message: 'coaching.sameCountry' });
    else authorize(principal, 'coaching.write', w.facility_path);
  });
  if (issues.length) throw validationError(issues);
  const label = (wid: string) => {
    const w = workers.find((r) => r.id === wid)!;
    return canSeeWorkerNames(principal, w.facility_path) ? `${w.name} (${workerCode(wid)})` : workerCode(wid);
  };
  const repeated = input.workerIds.filter((w, i) => input.workerIds.indexOf(w) !== i);
  await deps.db.transaction(async (tx) => {
    await lockCourse(tx, id);
    const duplicates = [...new Set([...(await findEnrolled(tx, id, input.workerIds)), ...repeated])];
    if (duplicates.length)
      throw new AppError(
        'conflict',
        'coaching.duplicateParticipant',
        duplicates.map((d) => ({
          path: `workerIds.${input.workerIds.indexOf(d)}`,
          message: 'coaching.duplicateParticipant',
          params: { codes: label(d) },
        })),
        { codes: duplicates.map(label).join(', ') },
      );
    await insertParticipants(tx, id, input.workerIds, deps.clock.now());
    await auditChange(tx, principal, 'update', courseSubject(id, course.venue_id), {
      details: { participantsAdded: input.workerIds },
    });
  });
  return courseView(deps.db, principal, (await findCourseRow(deps.db, id))!);
}

export async function updateParticipant(
  deps: AppDeps,
  principal: Principal,
  id: string,
  workerId: string,
  input: UpdateParticipant,
) {
  const course = await loadCourse(deps.db, principal, id, 'coaching.write');
  if (input.daysAttended > course.days)
    throw validationError([
      { path: 'daysAttended', message: 'coaching.attendedTooMany', params: { days: course.days } },
    ]);
  const before = (await listParticipantRows(deps.db, id)).find((p) => p.worker_id === workerId);
  if (!before) throw new AppError('not_found', 'errors.notFound');
  await deps.db.transaction(async (tx) => {
    // The certificate needs an after-coaching checklist at the passing score (a country setting).
    const { passingPercent } = await courseScoreSettings(tx, course.venue_path);
    const passes = await passesCourse(tx, id, workerId, passingPercent);
    if (
      !(await updateParticipantRow(
        tx,
        id,
        workerId,
        input.version,
        input,
        deps.clock.now(),
        passes ? newCertificateCode() : null,
      ))
    )
      throw versionConflict(input.version, before.version);
    await auditChange(tx, principal, 'update', courseSubject(id, course.venue_id), {
      before: { workerId, daysAttended: before.days_attended, completed: before.completed },
      after: { workerId, daysAttended: input.daysAttended, completed: input.completed },
    });
  });
  return courseView(deps.db, principal, (await findCourseRow(deps.db, id))!);
}

export async function removeParticipant(
  deps: AppDeps,
  principal: Principal,
  id: string,
  workerId: string,
  version: number,
) {
  const course = await loadCourse(deps.db, principal, id, 'coaching.write');
  await deps.db.transaction(async (tx) => {
    if (!(await deleteParticipantRow(tx, id, workerId, version)))
      throw new AppError('conflict', 'errors.versionConflict');
    await auditChange(tx, principal, 'update', courseSubject(id, course.venue_id), {
      details: { participantRemoved: workerId },
    });
  });
  return courseView(deps.db, principal, (await findCourseRow(deps.db, id))!);
}
