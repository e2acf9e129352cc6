import { localDate } from '../births/local-date';
import { anchorMs, anchorOf, type SubjectInstantsMs } from './contact-anchor';
import { contactAppliesTo, entryFactsOf } from './contact-applies';
import { instantOfWallClock } from '../time/time-zones';
import {
  type ContactDefinition,
  offsetHours,
  type Offset,
  type PncSettings,
  type PncSubjectKind,
  type RiskMarker,
} from './pnc-settings';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `YYYY-MM-DD` plus `days` calendar days (no time zone involved: dates are labels). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The instant a local calendar date begins in a time zone (its local midnight). PostgreSQL computes
 * the same with `date::timestamp at time zone tz`.
 */
export function localMidnight(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(instantOfWallClock(Date.UTC(y, m - 1, d), timeZone));
}

/** When a birth happened, as the schedule needs it. */
export type BirthTiming = {
  bornAt: Date | string;
  /** Calendar date of birth at the facility. */
  birthDate: string;
  /** The birth facility's time zone. */
  timeZone: string;
  /**
   * The local midnight that starts the date of the baby's discharge in KMC (`pnc_subjects.kmc_day0`),
   * which the KMC follow-up contacts count from; null or absent otherwise.
   */
  kmcDay0?: Date | string | null;
};

export type ContactTimes = { dueFrom: Date; dueUntil: Date; overdueAt: Date; expiresAt: Date };

/**
 * Due, on-time end, overdue and expiry instants of a contact for a birth, in the facility's time zone.
 * Hours count from the birth; day N begins N × 24 h after the local midnight that starts the birth
 * date (the local midnight of day N in every zone without daylight saving). A contact counted from the
 * discharge in KMC (contact-anchor.ts) counts from the local midnight that starts the discharge date
 * (`kmcDay0`); undefined while the baby has no such discharge.
 */
export function findContactTimes(def: ContactDefinition, birth: BirthTiming): ContactTimes | undefined {
  return findContactTimesAt(def, {
    bornAtMs: new Date(birth.bornAt).getTime(),
    day0Ms: localMidnight(birth.birthDate, birth.timeZone).getTime(),
    kmcDay0Ms: birth.kmcDay0 ? new Date(birth.kmcDay0).getTime() : null,
  });
}

/** The same from the subject's instants (ms). */
export function findContactTimesAt(def: ContactDefinition, at: SubjectInstantsMs): ContactTimes | undefined {
  const anchor = anchorOf(def);
  const [dueFrom, dueUntil, overdueAt, expiresAt] = [
    def.dueFrom,
    def.dueUntil,
    def.overdueFrom,
    def.expiresAt,
  ].map((o: Offset) => {
    const base = anchorMs(anchor, o.unit, at);
    return base === null ? undefined : new Date(base + offsetHours(o) * HOUR);
  });
  if (!dueFrom || !dueUntil || !overdueAt || !expiresAt) return undefined;
  return { dueFrom, dueUntil, overdueAt, expiresAt };
}

/** `findContactTimes` for a contact whose anchor is known (throws otherwise). */
export function contactTimes(def: ContactDefinition, birth: BirthTiming): ContactTimes {
  const times = findContactTimes(def, birth);
  if (!times) throw new Error(`contact ${def.code}: its anchor is not known for this subject`);
  return times;
}

/** `findContactTimesAt` for a contact whose anchor is known (throws otherwise). */
export function contactTimesAt(def: ContactDefinition, at: SubjectInstantsMs): ContactTimes {
  const times = findContactTimesAt(def, at);
  if (!times) throw new Error(`contact ${def.code}: its anchor is not known for this subject`);
  return times;
}

export type PncSubjectFacts = {
  kind: PncSubjectKind;
  /** Markers of the baby (empty for the mother), with `danger_signs` when a danger sign was found. */
  markers: readonly RiskMarker[];
};

/** Whether a contact is scheduled for a subject (the rule of contact-applies.ts). */
export function contactApplies(def: ContactDefinition, subject: PncSubjectFacts): boolean {
  return contactAppliesTo({
    ...entryFactsOf(def),
    subject_kind: subject.kind,
    risk_markers: subject.markers,
    danger_found: false,
  });
}

export type ScheduledContact = { def: ContactDefinition; times: ContactTimes };

/**
 * The contacts scheduled for one subject of a birth, in the order they fall due. A contact counted from
 * an event the subject has not had (a discharge in KMC) is not scheduled yet.
 */
export function scheduleFor(
  settings: Pick<PncSettings, 'contacts'>,
  subject: PncSubjectFacts,
  birth: BirthTiming,
): ScheduledContact[] {
  return settings.contacts
    .filter((def) => contactApplies(def, subject))
    .flatMap((def) => {
      const times = findContactTimes(def, birth);
      return times ? [{ def, times }] : [];
    })
    .sort(
      (a, b) => a.times.dueFrom.getTime() - b.times.dueFrom.getTime() || a.def.code.localeCompare(b.def.code),
    );
}

export const CONTACT_STATUSES = ['upcoming', 'due', 'overdue', 'expired', 'done', 'cancelled'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/**
 * Status of a scheduled contact at `now`: done when recorded; cancelled when the baby died; otherwise
 * upcoming before it is due, due from `dueFrom`, overdue from `overdueAt`, expired from `expiresAt`.
 */
export function contactStatus(
  times: ContactTimes,
  state: { doneAt: Date | string | null; cancelled: boolean },
  now: Date,
): ContactStatus {
  if (state.doneAt !== null) return 'done';
  if (state.cancelled) return 'cancelled';
  const t = now.getTime();
  if (t >= times.expiresAt.getTime()) return 'expired';
  if (t >= times.overdueAt.getTime()) return 'overdue';
  if (t >= times.dueFrom.getTime()) return 'due';
  return 'upcoming';
}

/** A contact done inside its window [dueFrom, dueUntil) is on time (DHIS2 "timely per national policy"). */
export function isOnTime(
  times: Pick<ContactTimes, 'dueFrom' | 'dueUntil'>,
  doneAt: Date | string | null,
): boolean {
  if (doneAt === null) return false;
  const t = new Date(doneAt).getTime();
  return t >= times.dueFrom.getTime() && t < times.dueUntil.getTime();
}

export const WORKLIST_SECTIONS = ['referral', 'due_today', 'overdue', 'upcoming'] as const;
export type WorklistSection = (typeof WORKLIST_SECTIONS)[number];

/** "Today" of a worklist: the local date at its org unit, when that day ends, and the upcoming horizon. */
export type WorklistDay = { today: string; todayEnd: Date; horizonEnd: Date };

export function worklistDay(now: Date, timeZone: string, upcomingDays: number): WorklistDay {
  const today = localDate(now, timeZone);
  return {
    today,
    todayEnd: localMidnight(addDays(today, 1), timeZone),
    horizonEnd: localMidnight(addDays(today, 1 + upcomingDays), timeZone),
  };
}

/**
 * Where an open (not done, not cancelled) contact appears on the worklist at `now`: overdue, due today
 * (its window is open or opens before the day ends), upcoming (opens before the horizon), or nowhere
 * (expired, or further ahead than the horizon).
 */
export function worklistSection(times: ContactTimes, now: Date, day: WorklistDay): WorklistSection | null {
  const t = now.getTime();
  if (t >= times.expiresAt.getTime()) return null;
  if (t >= times.overdueAt.getTime()) return 'overdue';
  if (times.dueFrom.getTime() < day.todayEnd.getTime()) return 'due_today';
  if (times.dueFrom.getTime() < day.horizonEnd.getTime()) return 'upcoming';
  return null;
}

export { DAY as DAY_MS, HOUR as HOUR_MS };
