import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import { canonicalJson } from '../../../shared/diff';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { type Finding, motherFindings, newbornFindings, urgentCodes } from '../../../shared/pnc/pnc-rules';
import { anchorOf, ContactAnchor } from '../../../shared/pnc/contact-anchor';
import { contactApplies, findContactTimes } from '../../../shared/pnc/pnc-schedule';
import type { ContactDefinition } from '../../../shared/pnc/pnc-settings';
import {
  type CloseReferral,
  type MotherContactInput,
  type NewbornContactInput,
  type VisitInput,
  VisitInputSchema,
  type VisitResult,
  type VisitUpdate,
} from '../../../shared/pnc/pnc.schema';
import { PNC_RANGES } from '../../../shared/pnc/pnc-values';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { pncSettingsAt } from './pnc-settings.service';
import {
  closeReferralRow,
  type ContactWrite,
  deleteContactRows,
  deleteVisitRow,
  findContactForUpdate,
  findContactWithCloser,
  insertContactRow,
  insertVisitRow,
  listContactRowsOfVisit,
  listSubjectsWithContact,
  listVisitContacts,
  updateContactRow,
  updateVisitRow,
} from './pnc-visits.repo';
import {
  type BirthForPnc,
  findBirthForPnc,
  findVisit,
  listSubjects,
  refreshSubjects,
  type SubjectRow,
} from './pnc.repo';

const PNC_VISIT = auditSubject('pnc_visit');
const PNC_REFERRAL = auditSubject('pnc_referral');

/**
 * Follow-up records belong to two places: the birth facility and the commune where the mother lives.
 * A user acts on them when either lies in their scope (the handover rule of issue 5).
 */
export function authorizeFollowUp(
  principal: Principal,
  permission: Permission,
  birth: Pick<BirthForPnc, 'facility_path' | 'commune_path'>,
): void {
  authorize(principal, permission);
  const inScope =
    isPathInScope(principal, birth.facility_path) ||
    (birth.commune_path !== null && isPathInScope(principal, birth.commune_path));
  if (!inScope) throw new AppError('out_of_scope', 'errors.outOfScope');
}

export async function getBirthForFollowUp(
  q: Queryable,
  principal: Principal,
  permission: Permission,
  birthId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<BirthForPnc> {
  const birth = await findBirthForPnc(q, birthId, opts);
  if (!birth) throw new AppError('not_found', 'errors.notFound');
  authorizeFollowUp(principal, permission, birth);
  return birth;
}

type PreparedContact = {
  subject: SubjectRow;
  input: MotherContactInput | NewbornContactInput;
  findings: Finding[];
  observations: Record<string, unknown>;
};

/**
 * Checks a visit against the birth and the schedule (value ranges are the schema's job): time, which
 * contact, who was seen, and contacts already recorded. Returns the findings of the danger-sign rules.
 */
function checkVisit(
  input: Pick<VisitInput, 'visitedAt' | 'mother' | 'newborns'> & { contactCode: string },
  ctx: {
    birth: BirthForPnc;
    def: ContactDefinition | undefined;
    subjects: SubjectRow[];
    now: Date;
    /** Subjects whose contact for this code is recorded by another visit. */
    recordedElsewhere: Set<string>;
  },
): { issues: Issue[]; contacts: PreparedContact[] } {
  const issues: Issue[] = [];
  const contacts: PreparedContact[] = [];
  const { birth, def } = ctx;
  if (!def) issues.push({ path: 'contactCode', message: 'pnc.unknownContact' });
  const visitedAt = new Date(input.visitedAt);
  if (visitedAt.getTime() > ctx.now.getTime() + PNC_RANGES.futureToleranceMinutes * 60_000)
    issues.push({ path: 'visitedAt', message: 'pnc.visitInFuture' });
  if (visitedAt.getTime() < new Date(birth.born_at).getTime())
    issues.push({ path: 'visitedAt', message: 'pnc.visitBeforeBirth' });
  if (!input.mother && input.newborns.length === 0)
    issues.push({ path: 'newborns', message: 'pnc.nobodySeen' });
  const timing = { bornAt: birth.born_at, birthDate: birth.birth_date, timeZone: birth.facility_timezone };
  // A contact counted from the birth expires once for the visit; one counted from a baby's discharge
  // in KMC, for each baby seen (once: the first such baby names the date).
  const checkExpiry = (kmcDay0: Date | null) => {
    const times = def && findContactTimes(def, { ...timing, kmcDay0 });
    if (
      times &&
      visitedAt.getTime() >= times.expiresAt.getTime() &&
      !issues.some((x) => x.message === 'pnc.contactExpired')
    )
      issues.push({
        path: 'visitedAt',
        message: 'pnc.contactExpired',
        params: { date: times.expiresAt.toISOString().slice(0, 10) },
      });
  };
  const fromBirth = def !== undefined && anchorOf(def) === ContactAnchor.birth;
  if (fromBirth) checkExpiry(null);
  const ageHours = (visitedAt.getTime() - new Date(birth.born_at).getTime()) / 3_600_000;

  if (input.mother) {
    const m = input.mother;
    const subject = ctx.subjects.find((s) => s.kind === 'mother')!;
    if (def && !contactApplies(def, { kind: 'mother', markers: [] }))
      issues.push({ path: 'mother', message: 'pnc.contactNotForMother' });
    else if (ctx.recordedElsewhere.has(subject.id))
      issues.push({ path: 'mother', message: 'pnc.contactAlreadyRecorded' });
    if (subject.deceased) issues.push({ path: 'mother', message: 'pnc.subjectDeceased' });
    if ((m.systolic === null) !== (m.diastolic === null))
      issues.push({
        path: m.systolic === null ? 'mother.systolic' : 'mother.diastolic',
        message: 'pnc.bloodPressurePair',
      });
    else if (m.systolic !== null && m.diastolic !== null && m.diastolic >= m.systolic)
      issues.push({ path: 'mother.diastolic', message: 'pnc.diastolicAboveSystolic' });
    const { referred: _r, ...observations } = m;
    contacts.push({ subject, input: m, findings: motherFindings(m), observations });
  }

  const seen = new Set<string>();
  input.newborns.forEach((n, i) => {
    const path = `newborns.${i}`;
    const subject = ctx.subjects.find((s) => s.kind === 'newborn' && s.newborn_id === n.newbornId);
    if (!subject) return issues.push({ path: `${path}.newbornId`, message: 'pnc.newbornNotOfBirth' });
    if (seen.has(n.newbornId))
      return issues.push({ path: `${path}.newbornId`, message: 'pnc.newbornDuplicate' });
    seen.add(n.newbornId);
    if (!subject.live_born || !subject.alive || subject.deceased)
      return issues.push({ path: `${path}.newbornId`, message: 'pnc.newbornNotAlive' });
    const markers = [...subject.risk_markers, ...(subject.danger_found ? (['danger_signs'] as const) : [])];
    if (def && !contactApplies(def, { kind: 'newborn', markers }))
      return issues.push({ path: `${path}.newbornId`, message: 'pnc.contactNotForNewborn' });
    if (ctx.recordedElsewhere.has(subject.id))
      return issues.push({ path: `${path}.newbornId`, message: 'pnc.contactAlreadyRecorded' });
    if (!fromBirth) checkExpiry(subject.kmc_day0);
    const { newbornId: _id, referred: _r, ...observations } = n;
    contacts.push({
      subject,
      input: n,
      findings: newbornFindings(n, { ageHours, gestationalAgeWeeks: birth.gestational_age_weeks }),
      observations,
    });
  });
  return { issues, contacts };
}

function contactValues(c: PreparedContact, visit: Pick<VisitInput, 'visitedAt' | 'place'>): ContactWrite {
  const urgent = urgentCodes(c.findings);
  return {
    doneAt: new Date(visit.visitedAt),
    place: visit.place,
    findings: c.findings,
    observations: c.observations,
    dangerSigns: urgent,
    referred: c.input.referred,
    exclusiveBreastfeedingYesterday:
      'exclusiveBreastfeedingYesterday' in c.input ? c.input.exclusiveBreastfeedingYesterday : null,
    urgent: urgent.length > 0,
  };
}

async function insertContact(
  q: Queryable,
  c: PreparedContact,
  visit: { id: string; birthId: string; contactCode: string } & Pick<VisitInput, 'visitedAt' | 'place'>,
  actorId: string,
  now: Date,
): Promise<void> {
  await insertContactRow(
    q,
    {
      id: newId(),
      visitId: visit.id,
      subjectId: c.subject.id,
      birthId: visit.birthId,
      kind: c.subject.kind,
      contactCode: visit.contactCode,
      actorId,
      now,
    },
    contactValues(c, visit),
  );
}

async function loadVisitResult(q: Queryable, visitId: string): Promise<VisitResult> {
  const visit = await findVisit(q, visitId);
  const contacts = await listVisitContacts(q, visitId);
  return {
    visitId,
    version: visit!.version,
    contactCode: visit!.contact_code,
    urgentReferral: contacts.some((c) => c.danger_signs.length > 0),
    subjects: contacts.map((c) => ({
      subjectId: c.subject_id,
      kind: c.kind,
      newbornId: c.newborn_id,
      contactId: c.id,
      findings: c.findings,
      referralOpen: c.referral_status === 'open',
    })),
  };
}

/** The visit as stored, in the shape it was sent (for idempotent replays and audit snapshots). */
export async function visitDocument(q: Queryable, visitId: string) {
  const visit = await findVisit(q, visitId);
  if (!visit) return undefined;
  const contacts = await listVisitContacts(q, visitId);
  const mother = contacts.find((c) => c.kind === 'mother');
  return {
    id: visit.id,
    birthId: visit.birth_id,
    contactCode: visit.contact_code,
    visitedAt: toIso(visit.visited_at),
    place: visit.place,
    seenBy: visit.seen_by,
    mother: mother ? { ...mother.observations, referred: mother.referred } : null,
    newborns: contacts
      .filter((c) => c.kind === 'newborn')
      .map((c) => ({ newbornId: c.newborn_id, ...c.observations, referred: c.referred })),
    findings: Object.fromEntries(contacts.map((c) => [c.subject_id, c.findings])),
    version: visit.version,
  };
}

function canonicalVisit(v: Omit<VisitInput, 'id'>): string {
  const parsed = VisitInputSchema.parse(v);
  return canonicalJson({
    ...parsed,
    id: undefined,
    visitedAt: new Date(parsed.visitedAt).toISOString(),
    newborns: [...parsed.newborns].sort((a, b) => a.newbornId.localeCompare(b.newbornId)),
  });
}

/**
 * Records a contact (a visit of the pair). Idempotent on the client's id. Urgent findings open a
 * referral case on that subject's contact, which keeps it on the worklist until closed with an outcome.
 */
export async function recordVisit(
  deps: AppDeps,
  principal: Principal,
  input: VisitInput,
): Promise<{ result: VisitResult; created: boolean }> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const birth = await getBirthForFollowUp(tx, principal, 'pnc.write', input.birthId, { forUpdate: true });
      if (input.id) {
        const existing = await visitDocument(tx, input.id);
        if (existing) {
          const stored = {
            birthId: existing.birthId,
            contactCode: existing.contactCode,
            visitedAt: existing.visitedAt,
            place: existing.place,
            seenBy: existing.seenBy,
            mother: existing.mother as VisitInput['mother'],
            newborns: existing.newborns as VisitInput['newborns'],
          };
          const same = canonicalVisit(stored) === canonicalVisit(input);
          if (!same) throw new AppError('conflict', 'pnc.idTaken', [{ path: 'id', message: 'pnc.idTaken' }]);
          return { result: await loadVisitResult(tx, input.id), created: false };
        }
      }
      const subjects = await listSubjects(tx, birth.id);
      const settings = await pncSettingsAt(tx, birth.facility_path);
      const def = settings.contacts.find((c) => c.code === input.contactCode);
      const { issues, contacts } = checkVisit(input, {
        birth,
        def,
        subjects,
        now,
        recordedElsewhere: await listSubjectsWithContact(tx, birth.id, input.contactCode),
      });
      if (issues.length) throw validationError(issues);
      const id = input.id ?? newId();
      await insertVisitRow(tx, {
        id,
        birthId: birth.id,
        contactCode: input.contactCode,
        visitedAt: new Date(input.visitedAt),
        place: input.place,
        seenBy: input.seenBy,
        now,
        actorId: principal.userId,
      });
      const visit = {
        id,
        birthId: birth.id,
        contactCode: input.contactCode,
        visitedAt: input.visitedAt,
        place: input.place,
      };
      for (const c of contacts) await insertContact(tx, c, visit, principal.userId, now);
      await refreshSubjects(tx, birth.id);
      await auditChange(tx, principal, 'create', PNC_VISIT(id, birth.facility_id), {
        after: await visitDocument(tx, id),
      });
      return { result: await loadVisitResult(tx, id), created: true };
    });
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
      throw new AppError('conflict', 'pnc.contactAlreadyRecorded', [
        { path: 'contactCode', message: 'pnc.contactAlreadyRecorded' },
      ]);
    throw err;
  }
}

/**
 * Corrects a visit (same contact, same birth); send the version read. Findings are re-derived: a
 * referral still urgent stays as it is, one no longer urgent is withdrawn unless it was already closed.
 */
export async function updateVisit(
  deps: AppDeps,
  principal: Principal,
  visitId: string,
  input: VisitUpdate,
): Promise<VisitResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const visit = await findVisit(tx, visitId, { forUpdate: true });
    if (!visit) throw new AppError('not_found', 'errors.notFound');
    const birth = await getBirthForFollowUp(tx, principal, 'pnc.write', visit.birth_id, { forUpdate: true });
    if (visit.version !== input.version) throw versionConflict(input.version, visit.version);
    const before = await visitDocument(tx, visitId);
    const subjects = await listSubjects(tx, birth.id);
    const settings = await pncSettingsAt(tx, birth.facility_path);
    const def = settings.contacts.find((c) => c.code === visit.contact_code);
    const recordedElsewhere = await listSubjectsWithContact(tx, birth.id, visit.contact_code, visitId);
    const { issues, contacts } = checkVisit(
      { ...input, contactCode: visit.contact_code },
      { birth, def, subjects, now, recordedElsewhere },
    );
    if (issues.length) throw validationError(issues);
    await updateVisitRow(tx, visitId, {
      visitedAt: new Date(input.visitedAt),
      place: input.place,
      seenBy: input.seenBy,
      now,
      actorId: principal.userId,
    });
    const existing = await listContactRowsOfVisit(tx, visitId);
    const keep = new Set(contacts.map((c) => c.subject.id));
    await deleteContactRows(
      tx,
      existing.filter((c) => !keep.has(c.subject_id)).map((c) => c.id),
    );
    const v = {
      id: visitId,
      birthId: birth.id,
      contactCode: visit.contact_code,
      visitedAt: input.visitedAt,
      place: input.place,
    };
    for (const c of contacts) {
      const old = existing.find((e) => e.subject_id === c.subject.id);
      if (!old) {
        await insertContact(tx, c, v, principal.userId, now);
        continue;
      }
      await updateContactRow(tx, old.id, contactValues(c, v), { now, actorId: principal.userId });
    }
    await refreshSubjects(tx, birth.id);
    await auditChange(tx, principal, 'update', PNC_VISIT(visitId, birth.facility_id), {
      before,
      after: await visitDocument(tx, visitId),
    });
    return loadVisitResult(tx, visitId);
  });
}

/** Deletes a visit recorded in error (with its contacts and referral cases). */
export async function deleteVisit(deps: AppDeps, principal: Principal, visitId: string, version: number) {
  await deps.db.transaction(async (tx) => {
    const visit = await findVisit(tx, visitId, { forUpdate: true });
    if (!visit) throw new AppError('not_found', 'errors.notFound');
    const birth = await getBirthForFollowUp(tx, principal, 'pnc.write', visit.birth_id, { forUpdate: true });
    if (visit.version !== version) throw versionConflict(version, visit.version);
    const before = await visitDocument(tx, visitId);
    await deleteVisitRow(tx, visitId);
    await refreshSubjects(tx, birth.id);
    await auditChange(tx, principal, 'delete', PNC_VISIT(visitId, birth.facility_id), { before });
  });
}

/** Closes a referral case with its outcome; "died" ends the follow-up of that mother or baby. */
export async function closeReferral(
  deps: AppDeps,
  principal: Principal,
  contactId: string,
  input: CloseReferral,
) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const contact = await findContactForUpdate(tx, contactId);
    if (!contact) throw new AppError('not_found', 'errors.notFound');
    const birth = await getBirthForFollowUp(tx, principal, 'pnc.write', contact.birth_id);
    if (contact.version !== input.version) throw versionConflict(input.version, contact.version);
    if (contact.referral_status !== 'open')
      throw new AppError('conflict', 'pnc.referralNotOpen', [
        { path: 'outcome', message: 'pnc.referralNotOpen' },
      ]);
    await closeReferralRow(tx, contactId, {
      outcome: input.outcome,
      note: input.note,
      now,
      actorId: principal.userId,
    });
    await refreshSubjects(tx, birth.id);
    await auditChange(tx, principal, 'update', PNC_REFERRAL(contactId, birth.facility_id), {
      before: { status: 'open', reasons: contact.danger_signs },
      after: { status: 'closed', outcome: input.outcome, note: input.note },
    });
    return (await findContactWithCloser(tx, contactId))!;
  });
}
