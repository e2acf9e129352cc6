/**
 * The cell-key method for aggregate-only readers (partner viewers), after the Australian Bureau of
 * Statistics' TableBuilder (Fraser & Wooton 2005; Thompson, Broadfoot & Elazar 2013) and the
 * Eurostat/ONS cell-key method; the decision is in docs/decisions.md.
 *
 * Every record has a secret pseudo-random key in [0, CELL_KEY_MODULUS) (the database derives it from the
 * record's id with a keyed hash, migration 0053). A cell's key is the sum of its records' keys modulo
 * CELL_KEY_MODULUS, so a cell made of the same records has the same key whichever way it is asked for (a
 * year or its twelve months as one range, a region or its only country, live births or the newborns
 * followed after birth), and the perturbation below, a function of the true count and the cell key only,
 * gives it the same published count every time: asking again, or by another route, reveals nothing new,
 * and differencing two published counts gives the difference of the true counts plus noise that the
 * reader cannot remove.
 */
export const CELL_KEY_MODULUS = 2 ** 24;

/** The largest difference between a published count and the true count. */
export const MAX_PERTURBATION = 2;

/** A cell's key from the sum of its records' keys (sums of signed changes may be negative in transit). */
export function cellKeyOf(keySum: number): number {
  return ((keySum % CELL_KEY_MODULUS) + CELL_KEY_MODULUS) % CELL_KEY_MODULUS;
}

/**
 * The perturbation table: for a true count, the published counts and their cumulative probabilities
 * over the cell key (uniform in [0, 1) once divided by the modulus). Zero stays zero (nothing to
 * protect, and a facility without events must not show any); a count of one or more is never published
 * as zero, and never moves by more than MAX_PERTURBATION. Counts from 3 up move by −2…+2 with mean 0;
 * 1 and 2 cannot go below 1, so they are spread upwards.
 */
const SMALL_ROWS: Readonly<Record<number, ReadonlyArray<readonly [published: number, upTo: number]>>> = {
  1: [
    [1, 0.4],
    [2, 0.75],
    [3, 1],
  ],
  2: [
    [1, 0.3],
    [2, 0.6],
    [3, 0.85],
    [4, 1],
  ],
};
const NOISE: ReadonlyArray<readonly [noise: number, upTo: number]> = [
  [-2, 0.1],
  [-1, 0.3],
  [0, 0.7],
  [1, 0.9],
  [2, 1],
];

/** The published count of a cell: deterministic in (true count, cell key). */
export function perturbCount(count: number, keySum: number): number {
  if (count <= 0) return count;
  const u = cellKeyOf(keySum) / CELL_KEY_MODULUS;
  const small = SMALL_ROWS[count];
  if (small) return small.find(([, upTo]) => u < upTo)![0];
  return count + NOISE.find(([, upTo]) => u < upTo)![0];
}

/** Every count `perturbCount` may publish for a true count (what a reader who knows the table can rule in). */
export function publishableCounts(count: number): number[] {
  if (count <= 0) return [count];
  const small = SMALL_ROWS[count];
  if (small) return small.map(([p]) => p);
  return NOISE.map(([n]) => count + n);
}
