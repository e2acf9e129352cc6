/**
 * The coverage rule of Module 2, written once for the roster page and the unit tables; the indicator
 * source (server/features/coaching/coaching-indicator-source.ts) applies the same rule in SQL over the
 * same columns, and its integration test runs this file's boundary cases through the indicator API.
 */

/** `date` (YYYY-MM-DD) moved by whole years; 29 February falls back to 28 February, as in PostgreSQL. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  // Date.UTC rolls 29 Feb of a non-leap year over to 1 March; PostgreSQL's interval arithmetic clamps.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/**
 * A worker is covered on `asOf` when they completed a course that ended in the last `years` years: on
 * or after `asOf` minus `years` years, and not after `asOf`. Coached 3 years and 1 day ago is not
 * covered with 3 years; exactly 3 years ago is.
 */
export function isCovered(completedOn: readonly string[], asOf: string, years: number): boolean {
  const from = addYears(asOf, -years);
  return completedOn.some((d) => d >= from && d <= asOf);
}

/**
 * The first day a course that ended on `completedOn` no longer covers (the end of the window that the
 * coaching rollup counts as a change, server/features/coaching/coaching-indicator-source.ts): the day
 * after `completedOn` + N years, or the one after that when 29 February clamps (a course on 28 February
 * 2023 still covers on 29 February 2024 with N = 1, since that day minus a year is 28 February).
 */
export function coveredUntil(completedOn: string, years: number): string {
  const next = addDays(addYears(completedOn, years), 1);
  return addYears(next, -years) <= completedOn ? addDays(next, 1) : next;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A posting in a worker's history: where they work from `activeFrom` until the day before `endedOn`. */
export type Posting = { facilityId: string; ward: string; activeFrom: string; endedOn: string | null };

/** The posting a worker has on `day` (the first day of `endedOn` they have left), if any. */
export function postingOn<P extends Posting>(postings: readonly P[], day: string): P | undefined {
  return postings.find((p) => p.activeFrom <= day && (p.endedOn === null || p.endedOn > day));
}

/**
 * Whether a worker is in a facility's coverage denominator on `day`: working there, in the delivery
 * room. A deactivated worker leaves it from the deactivation date; a moved worker counts at the facility
 * they work at on that day.
 */
export function isInDenominator(postings: readonly Posting[], facilityId: string, day: string): boolean {
  const p = postingOn(postings, day);
  return p !== undefined && p.facilityId === facilityId && p.ward === 'delivery_room';
}
