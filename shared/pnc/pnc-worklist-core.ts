import {
  compareWorklistKeys,
  type SectionRank,
  windowSection,
  type WorklistClock,
  type WorklistKey,
} from '../follow-up/worklist-order';
import {
  ANCHOR_INSTANT,
  anchorOf,
  ContactAnchor,
  INSTANT_MS_KEY,
  type SubjectInstantsMs,
} from './contact-anchor';
import { contactAppliesTo, entryFactsOf } from './contact-applies';
import {
  contactTimesAt,
  findContactTimesAt,
  type ContactTimes,
  type WorklistDay,
  worklistSection,
} from './pnc-schedule';
import {
  type ContactDefinition,
  offsetHours,
  type Offset,
  type PncSettings,
  type PncSubjectKind,
  RISK_MARKERS,
  type RiskMarker,
} from './pnc-settings';

/**
 * The worklist as pure functions: which contacts of which mother or baby an org unit's worklist shows,
 * in which section and order, and the counts per section. The server feeds it rows of `pnc_subjects`
 * and groups of `pnc_counts`. It follows `contactTimes`/`worklistSection` of pnc-schedule.ts exactly
 * (a test checks), but on numbers, because a district's worklist evaluates tens of thousands of pairs.
 */

/** Sections by rank (shared/follow-up/worklist-order.ts): open referrals, due today, overdue, upcoming. */
export const SECTION_RANK = { referral: 0, due_today: 1, overdue: 2, upcoming: 3 } as const;
export type { SectionRank };

/** After discharge a contact is the commune's when handed over, else the birth facility's ("orphan"). */
export type Handover = 'facility' | 'commune' | 'orphan';

export type WorklistSubject = {
  id: string;
  birthId: string;
  kind: PncSubjectKind;
  birthOrder: number | null;
  /** The birth facility is in the worklist's area. */
  viaFacility: boolean;
  /** The mother's commune is in the area and the pair was handed over to it. */
  viaCommune: boolean;
  /** Handed over to the commune (else kept by the facility). */
  handedOver: boolean;
  bornAtMs: number;
  day0Ms: number;
  /** Local midnight of the date of discharge in KMC (the KMC follow-up contacts count from it), or null. */
  kmcDay0Ms: number | null;
  /** Alive and not died after discharge. */
  active: boolean;
  markers: RiskMarker[];
  dangerFound: boolean;
  doneCodes: string[];
  openReferralCodes: string[];
  pairDanger: boolean;
  pairRisk: number;
};

/** Pending contacts of subjects sharing one state, born on one day, from `pnc_counts`. */
export type WorklistGroup = {
  stage: Handover;
  day0Ms: number;
  kind: PncSubjectKind;
  active: boolean;
  markers: RiskMarker[];
  danger: boolean;
  done: string[];
  priority: number;
  n: number;
};

export type WorklistRow = {
  subject: WorklistSubject;
  def: ContactDefinition;
  dueFromMs: number;
  sec: SectionRank;
  handover: Handover;
};

export type SectionCounts = {
  referral: number;
  dueToday: number;
  overdue: number;
  upcoming: number;
  notHandedOver: number;
};

const HOUR = 3_600_000;

/** A contact definition prepared for fast evaluation. */
export type CompiledContact = {
  def: ContactDefinition;
  anchor: ContactAnchor;
  facilityStage: boolean;
  /** The answers of the rule `contactAppliesTo` by subject key (`subjectKey`): -1 until asked. */
  applies: Int8Array;
  /** Due, overdue… points: the subject's instant each counts from, and the offset in ms. */
  off: [from: keyof SubjectInstantsMs, ms: number][];
};

export function compileSchedule(settings: Pick<PncSettings, 'contacts'>): CompiledContact[] {
  return settings.contacts.map((def) => {
    const anchor = anchorOf(def);
    const off = (o: Offset): [keyof SubjectInstantsMs, number] => [
      INSTANT_MS_KEY[ANCHOR_INSTANT[anchor][o.unit]],
      offsetHours(o) * HOUR,
    ];
    return {
      def,
      anchor,
      facilityStage: def.stage === 'facility',
      applies: new Int8Array(4 << RISK_MARKERS.length).fill(-1),
      off: [off(def.dueFrom), off(def.dueUntil), off(def.overdueFrom), off(def.expiresAt)],
    };
  });
}

/**
 * The contacts counted from the birth, or the others (from a discharge in KMC). The server reads them
 * apart: the counts by day of birth settle the first for older births; the second need the subject's
 * own discharge date, so their few subjects are read row by row.
 */
export const contactsCountedFromBirth = (schedule: readonly CompiledContact[], fromBirth: boolean) =>
  schedule.filter((c) => (c.anchor === ContactAnchor.birth) === fromBirth);

export type Clock = WorklistClock;
export const clockOf = (now: Date, day: WorklistDay): Clock => ({
  nowMs: now.getTime(),
  todayEndMs: day.todayEnd.getTime(),
  horizonEndMs: day.horizonEnd.getTime(),
});

/**
 * What the rule of which contacts apply reads of a subject, as one number: its kind, whether danger
 * signs were found, and a bit per marker (a marker the settings cannot name matches no contact).
 * A district's worklist asks the rule for tens of thousands of pairs, but of few distinct subjects.
 */
function subjectKey(kind: PncSubjectKind, markers: readonly string[], danger: boolean): number {
  let bits = 0;
  for (const m of markers) {
    const i = RISK_MARKERS.indexOf(m as RiskMarker);
    if (i >= 0) bits |= 1 << i;
  }
  return (bits << 2) | (danger ? 2 : 0) | (kind === 'newborn' ? 1 : 0);
}

function applies(c: CompiledContact, key: number): boolean {
  let answer = c.applies[key]!;
  if (answer < 0) {
    const bits = key >> 2;
    answer = contactAppliesTo({
      ...entryFactsOf(c.def),
      subject_kind: key & 1 ? 'newborn' : 'mother',
      danger_found: (key & 2) !== 0,
      risk_markers: RISK_MARKERS.filter((_, i) => bits & (1 << i)),
    })
      ? 1
      : 0;
    c.applies[key] = answer;
  }
  return answer === 1;
}

/** The instant of point `i` (0 due, 1 on time until, 2 overdue, 3 expires) for a subject; null if unknown. */
const pointMs = (c: CompiledContact, i: number, at: SubjectInstantsMs): number | null => {
  const [from, ms] = c.off[i]!;
  const base = at[from];
  return base === null ? null : base + ms;
};

/** Section of a pending contact (worklistSection on numbers): null when expired, beyond the horizon or unanchored. */
function sectionOf(c: CompiledContact, at: SubjectInstantsMs, k: Clock): SectionRank | null {
  const due = pointMs(c, 0, at);
  const overdue = pointMs(c, 2, at);
  const expires = pointMs(c, 3, at);
  if (due === null || overdue === null || expires === null) return null;
  return windowSection(due, overdue, expires, k);
}

/** The rows one subject puts on a worklist. */
export function subjectRows(
  s: WorklistSubject,
  schedule: readonly CompiledContact[],
  k: Clock,
): WorklistRow[] {
  const out: WorklistRow[] = [];
  const key = subjectKey(s.kind, s.markers, s.dangerFound);
  for (const c of schedule) {
    let handover: Handover | null;
    if (c.facilityStage) handover = s.viaFacility ? 'facility' : null;
    else if (!s.handedOver) handover = s.viaFacility ? 'orphan' : null;
    else handover = s.viaCommune ? 'commune' : null;
    if (!handover || !applies(c, key)) continue;
    const dueFromMs = pointMs(c, 0, s);
    if (dueFromMs === null) continue;
    if (s.openReferralCodes.includes(c.def.code)) {
      out.push({ subject: s, def: c.def, dueFromMs, sec: 0, handover });
      continue;
    }
    if (!s.active || s.doneCodes.includes(c.def.code)) continue;
    const sec = sectionOf(c, s, k);
    if (sec !== null) out.push({ subject: s, def: c.def, dueFromMs, sec, handover });
  }
  return out;
}

/**
 * Adds a group's pending contacts to the counts: by section, and by section and priority (the order
 * of the page). Groups hold births old enough for every hour-based window to be settled, so the
 * birth instant can be taken as the local midnight. Only contacts counted from the birth: a group
 * has no discharge date.
 */
export function addGroupCounts(
  counts: SectionCounts,
  byLevel: LevelCounts,
  g: WorklistGroup,
  schedule: readonly CompiledContact[],
  k: Clock,
): void {
  if (!g.active) return;
  const facility = g.stage === 'facility';
  const key = subjectKey(g.kind, g.markers, g.danger);
  for (const c of schedule) {
    if (c.facilityStage !== facility || c.anchor !== ContactAnchor.birth) continue;
    if (!applies(c, key) || g.done.includes(c.def.code)) continue;
    const sec = sectionOf(c, { bornAtMs: g.day0Ms, day0Ms: g.day0Ms, kmcDay0Ms: null }, k);
    if (sec === null) continue;
    addToCounts(counts, sec, g.n, g.stage === 'orphan');
    byLevel[levelKey(sec, g.priority)]! += g.n;
  }
}

/** Items by (section, priority): what a page can reach without reading every older birth. */
export type LevelCounts = Float64Array;
const LEVELS = 256;
export const newLevelCounts = (): LevelCounts => new Float64Array(4 * LEVELS);

/** Index of (section, priority) in LevelCounts (priorities are 0–115: danger 100 + risk markers). */
export const levelKey = (sec: number, priority: number) => sec * LEVELS + Math.min(priority, LEVELS - 1);

/** The priorities present in a section, highest first, with their counts. */
export function levelsOf(byLevel: LevelCounts, sec: number): [priority: number, n: number][] {
  const out: [number, number][] = [];
  for (let p = LEVELS - 1; p >= 0; p--) {
    const n = byLevel[sec * LEVELS + p]!;
    if (n > 0) out.push([p, n]);
  }
  return out;
}

export function addToCounts(
  counts: SectionCounts,
  sec: SectionRank,
  n: number,
  notHandedOver: boolean,
): void {
  if (sec === 0) counts.referral += n;
  else if (sec === 1) counts.dueToday += n;
  else if (sec === 2) counts.overdue += n;
  else counts.upcoming += n;
  if (notHandedOver && sec > 0) counts.notHandedOver += n;
}

/** A pair's priority: danger signs found at a contact, then the number of risk markers of its babies. */
export const priorityOf = (s: Pick<WorklistSubject, 'pairDanger' | 'pairRisk'>) =>
  (s.pairDanger ? 100 : 0) + s.pairRisk;

/** The sort key of a row: section, priority (danger, then risk markers), due time, birth, subject, contact. */
export type RowKey = WorklistKey;

export function rowKey(r: WorklistRow): RowKey {
  return [
    r.sec,
    priorityOf(r.subject),
    r.dueFromMs,
    r.subject.birthId,
    r.subject.kind === 'mother' ? 0 : (r.subject.birthOrder ?? 0),
    r.def.code,
  ];
}

/** Negative when row `a` comes first (rowKey order, without building keys). */
export function compareRows(a: WorklistRow, b: WorklistRow): number {
  if (a.sec !== b.sec) return a.sec - b.sec;
  const pa = priorityOf(a.subject);
  const pb = priorityOf(b.subject);
  if (pa !== pb) return pb - pa;
  if (a.dueFromMs !== b.dueFromMs) return a.dueFromMs - b.dueFromMs;
  if (a.subject.birthId !== b.subject.birthId) return a.subject.birthId < b.subject.birthId ? -1 : 1;
  const ra = a.subject.kind === 'mother' ? 0 : (a.subject.birthOrder ?? 0);
  const rb = b.subject.kind === 'mother' ? 0 : (b.subject.birthOrder ?? 0);
  if (ra !== rb) return ra - rb;
  return a.def.code < b.def.code ? -1 : a.def.code > b.def.code ? 1 : 0;
}

/** The first `k` rows in page order (one pass; most rows are dismissed after one comparison). */
export function firstRows(rows: Iterable<WorklistRow>, k: number): WorklistRow[] {
  const top: WorklistRow[] = [];
  for (const r of rows) {
    if (top.length === k && compareRows(r, top[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRows(top[mid]!, r) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, r);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Negative when key `a` comes first (the order every follow-up worklist shares). */
export const compareKeys = compareWorklistKeys;

/** The instants of a row, for display (a row exists only when its anchor is known). */
export const rowTimes = (r: WorklistRow): ContactTimes => contactTimesAt(r.def, r.subject);

/** The slow, obvious reading (worklistSection on Date objects), to check the fast one against. */
export function sectionBySchedule(
  def: ContactDefinition,
  at: SubjectInstantsMs,
  now: Date,
  day: WorklistDay,
) {
  const times = findContactTimesAt(def, at);
  return times ? worklistSection(times, now, day) : null;
}
