import type { PncSubjectKind } from './pnc-settings';

/**
 * The PNC indicators of issue 5 as pure functions over rows of the `pnc_contact_facts` view (one row
 * per scheduled contact of every mother and live-born baby). They define the numbers; the SQL in
 * docs/pnc.md (server/features/pnc/pnc-indicators.sql.ts) computes the same in the database, and a test
 * checks that the two agree. Cohorts: births dated in the period at facilities of the org unit; a baby
 * who died in the facility is in no newborn cohort (issue 12), while the contacts made before the death
 * still count per contact.
 */
export type PncFact = {
  subjectId: string;
  subject: PncSubjectKind;
  contactCode: string;
  contactNumber: number | null;
  core: boolean;
  dueFrom: string;
  dueUntil: string;
  expiresAt: string;
  /** The baby died (or the mother died after discharge): no further contacts expected. */
  cancelled: boolean;
  /** The baby died in the facility (`diedInFacility` of shared/births/birth-rules.ts): in no cohort. */
  diedInFacility: boolean;
  doneAt: string | null;
  dangerSignsFound: boolean;
  referred: boolean | null;
  exclusiveBfYesterday: boolean | null;
};

export type IndicatorValue = { numerator: number; denominator: number };

const t = (s: string) => new Date(s).getTime();

/** The facts of each subject of the cohort of `kind`: babies who died in the facility left out. */
function bySubject(facts: readonly PncFact[], kind: PncSubjectKind): Map<string, PncFact[]> {
  const out = new Map<string, PncFact[]>();
  for (const f of facts) {
    if (f.subject !== kind || f.diedInFacility) continue;
    const list = out.get(f.subjectId) ?? [];
    list.push(f);
    out.set(f.subjectId, list);
  }
  return out;
}

const isOnTime = (f: PncFact) =>
  f.doneAt !== null && t(f.doneAt) >= t(f.dueFrom) && t(f.doneAt) < t(f.dueUntil);

/**
 * PNC on time (DHIS2 RMNCAH_PPNBTV newborns, RMNCAH_PPMTV mothers): the first contact made within its
 * window (default: within 24 h of birth) / live births who did not die in the facility (newborns) or
 * deliveries (mothers).
 */
export function pncOnTime(facts: readonly PncFact[], kind: PncSubjectKind): IndicatorValue {
  const subjects = bySubject(facts, kind);
  let numerator = 0;
  for (const list of subjects.values())
    if (list.some((f) => f.contactNumber === 1 && isOnTime(f))) numerator += 1;
  return { numerator, denominator: subjects.size };
}

/** Any PNC (RMNCAH_PPNBV, RMNCAH_PPMV): at least one contact recorded / the cohort of `pncOnTime`. */
export function anyPnc(facts: readonly PncFact[], kind: PncSubjectKind): IndicatorValue {
  const subjects = bySubject(facts, kind);
  let numerator = 0;
  for (const list of subjects.values()) if (list.some((f) => f.doneAt !== null)) numerator += 1;
  return { numerator, denominator: subjects.size };
}

/**
 * All four contacts completed (WHO 2022 recommendation of at least four): every core contact recorded
 * / mothers or babies whose follow-up is over at `asOf` (every core contact expired) and who did not die.
 */
export function allCoreContactsCompleted(
  facts: readonly PncFact[],
  kind: PncSubjectKind,
  asOf: string,
): IndicatorValue {
  let numerator = 0;
  let denominator = 0;
  for (const list of bySubject(facts, kind).values()) {
    const core = list.filter((f) => f.core);
    if (core.length === 0 || list.some((f) => f.cancelled)) continue;
    if (!core.every((f) => t(f.expiresAt) <= t(asOf))) continue;
    denominator += 1;
    if (core.every((f) => f.doneAt !== null)) numerator += 1;
  }
  return { numerator, denominator };
}

/**
 * Only breast milk at PNC (DAK PNC.IND.3): babies whose most recent contact recorded "only breast milk
 * during the previous day" / babies with any contact recorded who did not die in the facility.
 */
export function exclusiveBreastfeedingAtPnc(facts: readonly PncFact[]): IndicatorValue {
  let numerator = 0;
  let denominator = 0;
  for (const list of bySubject(facts, 'newborn').values()) {
    const done = list.filter((f) => f.doneAt !== null);
    if (done.length === 0) continue;
    denominator += 1;
    const latest = done.reduce((a, b) =>
      t(b.doneAt!) > t(a.doneAt!) || (t(b.doneAt!) === t(a.doneAt!) && b.contactCode > a.contactCode) ? b : a,
    );
    if (latest.exclusiveBfYesterday === true) numerator += 1;
  }
  return { numerator, denominator };
}

/**
 * Danger signs found and referred: contacts where the worker recorded referring / contacts that found
 * a danger sign or an urgent threshold breach. `kind` narrows to mothers or babies.
 */
export function dangerSignsReferred(facts: readonly PncFact[], kind?: PncSubjectKind): IndicatorValue {
  const found = facts.filter((f) => f.doneAt !== null && f.dangerSignsFound && (!kind || f.subject === kind));
  return { numerator: found.filter((f) => f.referred === true).length, denominator: found.length };
}
