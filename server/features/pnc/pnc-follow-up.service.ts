import { canSeeMotherContact, type Principal } from '../../../shared/auth/principal';
import { versionConflict } from '../../../shared/errors';
import { contactStatus, isOnTime, scheduleFor } from '../../../shared/pnc/pnc-schedule';
import type { z } from 'zod';
import type {
  FollowUp,
  PreferencesInputSchema,
  WorkerProfileInputSchema,
} from '../../../shared/pnc/pnc.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso, toIsoOrNull } from '../../lib/rows';
import { type AuditSubject, auditChange, auditSubject } from '../audit/audit.repo';
import { pncSettingsAt } from './pnc-settings.service';
import {
  hasMotherContact,
  listContactsOfBirth,
  listSubjects,
  listVisitsOfBirth,
  motherContactOf,
  toReferral,
} from './pnc.repo';
import {
  findPreferences,
  findWorkerProfile,
  listRemindersOfBirth,
  savePreferences,
  saveWorkerProfile,
} from './pnc-follow-up.repo';
import { getBirthForFollowUp } from './pnc-visits.service';

const BIRTH = auditSubject('birth');
const PNC_PREFERENCES = auditSubject('pnc_preferences');
const PNC_WORKER_PROFILE = auditSubject('pnc_worker_profile');

/**
 * The follow-up of one birth: schedule and status of every contact of the mother and each baby, what
 * was recorded, open referrals, reminders and where the pair was handed over. Every opening is audited.
 */
export async function getFollowUp(deps: AppDeps, principal: Principal, birthId: string): Promise<FollowUp> {
  const q = deps.db;
  const birth = await getBirthForFollowUp(q, principal, 'pnc.read', birthId);
  const now = deps.clock.now();
  const settings = await pncSettingsAt(q, birth.facility_path);
  const [subjects, contacts, visits, prefs, reminders] = [
    await listSubjects(q, birthId),
    await listContactsOfBirth(q, birthId),
    await listVisitsOfBirth(q, birthId),
    await findPreferences(q, birthId),
    await listRemindersOfBirth(q, birthId),
  ];
  const mother = subjects.find((x) => x.kind === 'mother');
  const reached =
    mother !== undefined && mother.commune_id !== null && mother.assigned_unit_id === mother.commune_id;
  const show = canSeeMotherContact(principal, birth.facility_path, birth.commune_path);
  const timing = { bornAt: birth.born_at, birthDate: birth.birth_date, timeZone: birth.facility_timezone };
  await auditChange(q, principal, 'read', BIRTH(birthId, birth.facility_id), {
    details: {
      via: 'pnc_follow_up',
      personalData: show && hasMotherContact(birth),
    },
  });
  return {
    birthId,
    facility: { id: birth.facility_id, name: birth.facility_name, timezone: birth.facility_timezone },
    commune: birth.mother_commune_id ? { id: birth.mother_commune_id, name: birth.commune_name! } : null,
    handover: reached
      ? { unit: { id: birth.mother_commune_id!, name: birth.commune_name! }, reason: 'handed_over' }
      : {
          unit: { id: birth.facility_id, name: birth.facility_name },
          reason: birth.mother_commune_id ? 'commune_without_pnc_worker' : 'no_commune',
        },
    bornAt: toIso(birth.born_at),
    birthDate: birth.birth_date,
    gestationalAgeWeeks: birth.gestational_age_weeks,
    recordNumber: birth.mother_record_number,
    ...motherContactOf(birth, show),
    preferences: {
      language: prefs?.language ?? null,
      effectiveLanguage: prefs?.language ?? settings.defaultLanguage,
      remindersEnabled: prefs?.reminders_enabled ?? true,
      version: prefs?.version ?? 0,
    },
    subjects: subjects
      .filter((s) => s.live_born)
      .map((s) => {
        const markers = [...s.risk_markers, ...(s.danger_found ? (['danger_signs'] as const) : [])];
        return {
          subjectId: s.id,
          kind: s.kind,
          newbornId: s.newborn_id,
          birthOrder: s.birth_order,
          sex: s.sex,
          birthWeightGrams: s.birth_weight_grams,
          alive: s.alive && !s.deceased,
          riskMarkers: markers,
          contacts: scheduleFor(settings, { kind: s.kind, markers }, { ...timing, kmcDay0: s.kmc_day0 }).map(
            ({ def, times }) => {
              const c = contacts.find((x) => x.subject_id === s.id && x.contact_code === def.code);
              return {
                code: def.code,
                number: def.number,
                core: def.core,
                stage: def.stage,
                dueFrom: times.dueFrom.toISOString(),
                dueUntil: times.dueUntil.toISOString(),
                overdueAt: times.overdueAt.toISOString(),
                expiresAt: times.expiresAt.toISOString(),
                status: contactStatus(
                  times,
                  { doneAt: c?.done_at ?? null, cancelled: !s.alive || s.deceased },
                  now,
                ),
                recorded: c
                  ? {
                      id: c.id,
                      visitId: c.visit_id,
                      doneAt: toIso(c.done_at),
                      place: c.place,
                      seenBy: c.seen_by,
                      onTime: isOnTime(times, c.done_at),
                      findings: c.findings,
                      referred: c.referred,
                      exclusiveBreastfeedingYesterday: c.exclusive_bf_yesterday,
                      values: c.observations,
                      referral: toReferral(c),
                    }
                  : null,
              };
            },
          ),
        };
      }),
    visits: visits.map((v) => ({
      id: v.id,
      contactCode: v.contact_code,
      visitedAt: toIso(v.visited_at),
      place: v.place,
      seenBy: v.seen_by,
      version: v.version,
      recordedBy: v.created_by_name,
    })),
    reminders: reminders.map((r) => ({
      recipient: r.recipient,
      contactCode: r.contact_code,
      status: r.status,
      attempts: r.attempts,
      sendAfter: toIso(r.send_after),
      sentAt: toIsoOrNull(r.sent_at),
      lastError: r.last_error,
    })),
  };
}

/**
 * Saves a reminder setting whose version 0 means "not set yet" (the mother's preferences, a worker's
 * profile): a version other than the stored one is a 409; `save` writes `values`, the change is audited
 * with before and after, and the answer is the values with their new version.
 */
async function saveVersionedSetting<V extends object>(
  tx: Queryable,
  principal: Principal,
  subject: AuditSubject,
  version: number,
  current: { version: number; values: V } | undefined,
  values: V,
  save: () => Promise<void>,
): Promise<V & { version: number }> {
  const stored = current?.version ?? 0;
  if (stored !== version) throw versionConflict(version, stored);
  await save();
  await auditChange(tx, principal, 'update', subject, { before: current?.values ?? null, after: values });
  return { ...values, version: stored + 1 };
}

/** The mother's reminder language and consent; version 0 = not set yet. */
export async function setPreferences(
  deps: AppDeps,
  principal: Principal,
  birthId: string,
  input: z.infer<typeof PreferencesInputSchema>,
) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const birth = await getBirthForFollowUp(tx, principal, 'pnc.write', birthId, { forUpdate: true });
    const current = await findPreferences(tx, birthId);
    const values = { language: input.language, remindersEnabled: input.remindersEnabled };
    return saveVersionedSetting(
      tx,
      principal,
      PNC_PREFERENCES(birthId, birth.facility_id),
      input.version,
      current && {
        version: current.version,
        values: { language: current.language, remindersEnabled: current.reminders_enabled },
      },
      values,
      () => savePreferences(tx, { birthId, ...values, at: now, userId: principal.userId }),
    );
  });
}

export async function getWorkerProfile(deps: AppDeps, principal: Principal) {
  authorize(principal, 'pnc.write');
  const row = await findWorkerProfile(deps.db, principal.userId);
  return {
    phone: row?.phone ?? null,
    remindersEnabled: row?.reminders_enabled ?? true,
    version: row?.version ?? 0,
  };
}

/** Where the worker's own daily reminder goes. Audited (a phone number is personal data). */
export async function setWorkerProfile(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof WorkerProfileInputSchema>,
) {
  authorize(principal, 'pnc.write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const current = await findWorkerProfile(tx, principal.userId, { forUpdate: true });
    const values = { phone: input.phone, remindersEnabled: input.remindersEnabled };
    return saveVersionedSetting(
      tx,
      principal,
      PNC_WORKER_PROFILE(principal.userId, null),
      input.version,
      current && {
        version: current.version,
        values: { phone: current.phone, remindersEnabled: current.reminders_enabled },
      },
      values,
      () => saveWorkerProfile(tx, { userId: principal.userId, ...values, at: now }),
    );
  });
}
