/**
 * Rules of the KMC ward (WHO 2022 recommendations, facts §12.2): immediate start, at least 8 hours of
 * skin-to-skin a day, and weight to watch. Pure, for the server and the page.
 */

/** At least this many hours of skin-to-skin a day. */
export const KMC_MIN_HOURS_PER_DAY = 8;
/** Immediate KMC: started within this many minutes of birth, without an incubator first. */
export const KMC_IMMEDIATE_MINUTES = 60;
/** A weight that moves by more than this share of the previous weight per day is asked to confirm. */
export const KMC_WEIGHT_JUMP_PER_DAY = 0.2;

const DAY_MS = 86_400_000;

/** Immediate KMC, or null when the start is not known. */
export function isImmediateKmc(
  bornAt: string | Date,
  startedAt: string | Date | null,
  incubatorFirst: boolean | null,
): boolean | null {
  if (startedAt === null) return false;
  const minutes = (new Date(startedAt).getTime() - new Date(bornAt).getTime()) / 60_000;
  if (minutes > KMC_IMMEDIATE_MINUTES || incubatorFirst === true) return false;
  return incubatorFirst === null ? null : true;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** A weight on a day: a daily log's, or the birth weight on the day of birth. */
export type DatedWeight = { date: string; grams: number };

/**
 * A weight that jumps by more than 20 % a day from the nearest earlier one (a typing slip, 1,250 for
 * 2,150, is more likely than the baby): the page asks to confirm it.
 */
export function isWeightJump(previous: DatedWeight | null, next: DatedWeight): boolean {
  if (!previous) return false;
  const days = Math.max(1, dayNumber(next.date) - dayNumber(previous.date));
  return Math.abs(next.grams - previous.grams) / previous.grams > KMC_WEIGHT_JUMP_PER_DAY * days;
}

/** The nearest weight before `date` among the log's and the birth weight. */
export function weightBefore(date: string, weights: readonly DatedWeight[]): DatedWeight | null {
  let best: DatedWeight | null = null;
  for (const w of weights) if (w.date < date && (!best || w.date > best.date)) best = w;
  return best;
}

export type LogPoint = { date: string; sscHours: number | null; weightGrams: number | null };
export type WardFlags = { belowMinHours: boolean; weightFalling: boolean };

/**
 * What the ward view flags about a baby in KMC: the most recent day logged had under 8 hours of
 * skin-to-skin; the weight fell two days running (three weights on consecutive days, each lower).
 */
export function wardFlags(logs: readonly LogPoint[]): WardFlags {
  const sorted = [...logs].sort((a, b) => a.date.localeCompare(b.date));
  const last = sorted.at(-1);
  const belowMinHours = last?.sscHours != null && last.sscHours < KMC_MIN_HOURS_PER_DAY;
  const weighed = sorted.filter((l) => l.weightGrams !== null).slice(-3);
  const weightFalling =
    weighed.length === 3 &&
    dayNumber(weighed[1]!.date) - dayNumber(weighed[0]!.date) === 1 &&
    dayNumber(weighed[2]!.date) - dayNumber(weighed[1]!.date) === 1 &&
    weighed[0]!.weightGrams! > weighed[1]!.weightGrams! &&
    weighed[1]!.weightGrams! > weighed[2]!.weightGrams!;
  return { belowMinHours, weightFalling };
}
