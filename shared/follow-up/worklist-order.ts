/**
 * What every follow-up programme's worklist has in common (postnatal contacts, cervical screening): a
 * pending item sits in one section by where "now" falls in its window, and items are ordered by
 * section, then priority (highest first), then due time, then stable tie-breakers. Each programme says
 * what its windows and priorities are; the evaluation and the order are written once, here.
 */

/** Sections by rank: action needed (open referral, positive not treated), due, overdue, upcoming. */
export const SECTION_RANK = { action: 0, due: 1, overdue: 2, upcoming: 3 } as const;
export type SectionRank = 0 | 1 | 2 | 3;

/** "Now" as a worklist reads it, in ms: the instant, the end of today, the end of the upcoming horizon. */
export type WorklistClock = { nowMs: number; todayEndMs: number; horizonEndMs: number };

/**
 * The section of a pending item from its window (ms; half-open): null once expired, or when it falls
 * due beyond the horizon. Overdue wins over due; due means due before the end of today.
 */
export function windowSection(
  dueFromMs: number,
  overdueFromMs: number,
  expiresAtMs: number,
  k: WorklistClock,
): SectionRank | null {
  if (k.nowMs >= expiresAtMs) return null;
  if (k.nowMs >= overdueFromMs) return 2;
  if (dueFromMs < k.todayEndMs) return 1;
  if (dueFromMs < k.horizonEndMs) return 3;
  return null;
}

/** The sort key of a worklist row: section, priority (higher first), due time, then tie-breakers. */
export type WorklistKey = [
  sec: number,
  priority: number,
  dueFromMs: number,
  group: string,
  rank: number,
  code: string,
];

/** Negative when key `a` comes first. */
export function compareWorklistKeys(a: WorklistKey, b: WorklistKey): number {
  return (
    a[0] - b[0] ||
    b[1] - a[1] ||
    a[2] - b[2] ||
    (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0) ||
    a[4] - b[4] ||
    (a[5] < b[5] ? -1 : a[5] > b[5] ? 1 : 0)
  );
}
