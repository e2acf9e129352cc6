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
 *
 * The perturbation table is the installation's own, as each ABS TableBuilder database has its own
 * confidential table: its largest move and its probabilities come from a seed that the database derives
 * from its secret (migration 0058). What this code tells a reader is only the family the table is drawn
 * from: a largest move of MIN_PERTURBATION in three installations out of four, each further step with
 * probability 1/4, never more than MAX_PERTURBATION (which one installation in 4^16 has).
 */
export const CELL_KEY_MODULUS = 2 ** 24;

/** Every installation's table moves some counts by this much. */
export const MIN_PERTURBATION = 3;
/** No installation's table moves a count by more: the only bound a reader without the secret can know. */
export const MAX_PERTURBATION = MIN_PERTURBATION + 16;

/**
 * An installation's table: no count moves by more than `maxMove`; `weights[d]` weighs a move of ±d (the
 * same both ways, so that from maxMove + 1 up the mean move is 0).
 */
export type PerturbationTable = { maxMove: number; weights: readonly number[] };

/**
 * The table of a seed of 32 bytes. The largest move is MIN_PERTURBATION plus the number of leading
 * bytes of the first half below 64 (each with probability 1/4). The weights are 4, 3, 2 for a move of
 * 0, ±1, ±2 and halve from there (so that most counts move by 2 or less in any installation), and the
 * largest move itself is rare (weight 0.05): a reader who somehow learnt the table could pin a count
 * only through a cell moved that far (docs/decisions.md).
 * Each weight is scaled by a factor in [0.6, 1.4) from a byte of the second half, so that the reader
 * knows the shape of the family and not this table's probabilities.
 */
export function perturbationTableOf(seed: Uint8Array): PerturbationTable {
  if (seed.length < 32) throw new Error('A perturbation table needs a seed of 32 bytes');
  let steps = 0;
  while (steps < 16 && seed[steps]! < 64) steps++;
  const maxMove = MIN_PERTURBATION + steps;
  const weights = Array.from(
    { length: maxMove + 1 },
    (_, d) =>
      (d === maxMove ? 0.05 : d <= 2 ? 4 - d : 2 ** (2 - d)) * (0.6 + (0.8 * seed[16 + (d % 16)]!) / 256),
  );
  return { maxMove, weights };
}

/** A cell's key from the sum of its records' keys (sums of signed changes may be negative in transit). */
export function cellKeyOf(keySum: number): number {
  return ((keySum % CELL_KEY_MODULUS) + CELL_KEY_MODULUS) % CELL_KEY_MODULUS;
}

/**
 * The counts a true count may be published as, with their probabilities. Zero stays zero (nothing to
 * protect, and a facility without events must not show any); a count of one or more is never published
 * as zero and never moves by more than maxMove. A count up to maxMove cannot move all the way down: its
 * moves are those that leave at least 1, in proportion to their weights (so it is spread upwards).
 */
export function rowOf(table: PerturbationTable, count: number): Array<[published: number, p: number]> {
  if (count <= 0) return [[count, 1]];
  const row: Array<[number, number]> = [];
  for (let d = -table.maxMove; d <= table.maxMove; d++)
    if (count + d >= 1) row.push([count + d, table.weights[Math.abs(d)]!]);
  const total = row.reduce((s, [, w]) => s + w, 0);
  return row.map(([n, w]) => [n, w / total]);
}

/** The published count of a cell: deterministic in (table, true count, cell key). */
export function perturbCount(table: PerturbationTable, count: number, keySum: number): number {
  const row = rowOf(table, count);
  const u = cellKeyOf(keySum) / CELL_KEY_MODULUS;
  let upTo = 0;
  for (const [published, p] of row) {
    upTo += p;
    if (u < upTo) return published;
  }
  return row[row.length - 1]![0];
}

/**
 * The true counts that some installation's table could have published as `published`: all that a
 * reader who knows this code, and not the installation's secret, can tell from one published count.
 */
export function possibleCounts(published: number): readonly [lo: number, hi: number] {
  if (published <= 0) return [0, 0];
  return [Math.max(1, published - MAX_PERTURBATION), published + MAX_PERTURBATION];
}
