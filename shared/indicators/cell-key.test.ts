import { describe, expect, it } from 'vitest';
import {
  CELL_KEY_MODULUS,
  cellKeyOf,
  MAX_PERTURBATION,
  MIN_PERTURBATION,
  perturbationTableOf,
  perturbCount,
  possibleCounts,
  rowOf,
} from './cell-key';

const keys = Array.from({ length: 4000 }, (_, i) => Math.floor((i + 0.5) * (CELL_KEY_MODULUS / 4000)));
/** A seed whose first `steps` bytes are below 64 (each a further step of the largest move). */
const seedWith = (steps: number, fill = 200) =>
  Uint8Array.from({ length: 32 }, (_, i) => (i < steps ? 63 - i : i === steps ? 64 : (fill + 37 * i) % 256));
const tables = [0, 1, 2, 5].map((s) => perturbationTableOf(seedWith(s)));

describe('perturbationTableOf', () => {
  it.each([
    [0, 3],
    [1, 4],
    [3, 6],
    [16, 19],
  ])('makes the largest move 3 plus the leading bytes below 64 (%i of them: %i)', (steps, maxMove) => {
    expect(perturbationTableOf(seedWith(steps)).maxMove).toBe(maxMove);
  });

  it('never goes past MAX_PERTURBATION, even for a seed of zeros', () => {
    expect(perturbationTableOf(new Uint8Array(32)).maxMove).toBe(MAX_PERTURBATION);
    expect(perturbationTableOf(new Uint8Array(32).fill(255)).maxMove).toBe(MIN_PERTURBATION);
  });

  it('draws the weights from the seed: two seeds with the same largest move give different probabilities', () => {
    const a = perturbationTableOf(seedWith(0, 10));
    const b = perturbationTableOf(seedWith(0, 150));
    expect(a.maxMove).toBe(b.maxMove);
    expect(rowOf(a, 50)).not.toEqual(rowOf(b, 50));
  });
});

describe('perturbCount', () => {
  it.each(tables.flatMap((t) => [0, 1, 2, 3, 4, 5, 17, 1419].map((n) => [t.maxMove, n, t] as const)))(
    'with a largest move of %i publishes %i within it, never 0 for a count above 0, using every value of its row',
    (maxMove, n, table) => {
      const published = keys.map((k) => perturbCount(table, n, k));
      for (const p of published) {
        expect(Math.abs(p - n)).toBeLessThanOrEqual(maxMove);
        expect(p === 0).toBe(n === 0);
      }
      expect(new Set(published)).toEqual(new Set(rowOf(table, n).map(([p]) => p)));
    },
  );

  it('is a function of the count and the cell key: the same key sum modulo the modulus, the same count', () => {
    const t = tables[1]!;
    expect(perturbCount(t, 7, 123)).toBe(perturbCount(t, 7, 123 + 5 * CELL_KEY_MODULUS));
    expect(perturbCount(t, 7, -1)).toBe(perturbCount(t, 7, CELL_KEY_MODULUS - 1));
    expect(cellKeyOf(-1)).toBe(CELL_KEY_MODULUS - 1);
  });

  it.each(tables.map((t) => [t.maxMove, t] as const))(
    'with a largest move of %i has mean 0 above it and moves small counts upwards only as far as 1',
    (maxMove, table) => {
      for (const n of [maxMove + 1, 50, 1000]) {
        const mean = rowOf(table, n).reduce((s, [p, pr]) => s + pr * (p - n), 0);
        expect(Math.abs(mean)).toBeLessThan(1e-12);
      }
      expect(Math.min(...rowOf(table, 1).map(([p]) => p))).toBe(1);
      const row = new Map(rowOf(table, 100));
      // The largest move is rare: weight 0.05 against 1 for no move at least (4 times [0.6, 1.4)).
      expect(row.get(100 - maxMove)! / row.get(100)!).toBeLessThan(0.05 / 2);
      // Most counts move by 2 or less, whatever the largest move.
      const near = [98, 99, 100, 101, 102].reduce((s, n) => s + row.get(n)!, 0);
      expect(near).toBeGreaterThan(0.8);
      expect(rowOf(table, 1).reduce((s, [, pr]) => s + pr, 0)).toBeCloseTo(1, 12);
    },
  );
});

describe('what a reader who knows the code and not the secret can tell', () => {
  it('bounds a published count by MAX_PERTURBATION either way, and knows 0 for 0', () => {
    expect(possibleCounts(0)).toEqual([0, 0]);
    expect(possibleCounts(1)).toEqual([1, 1 + MAX_PERTURBATION]);
    expect(possibleCounts(40)).toEqual([40 - MAX_PERTURBATION, 40 + MAX_PERTURBATION]);
  });

  // The property the protection rests on (docs/decisions.md): with one more record, every cell holding it
  // could have been published as it was, so no published counts pin a count of 1 or more to one value.
  it('finds any count published by a table below the largest possible move also possible for one more', () => {
    for (let steps = 0; steps < 16; steps++) {
      const table = perturbationTableOf(seedWith(steps));
      for (let n = 1; n <= 60; n++)
        for (const [p] of rowOf(table, n)) {
          const [lo, hi] = possibleCounts(p);
          expect(lo <= n + 1 && n + 1 <= hi, `${table.maxMove}: ${n} → ${p}`).toBe(true);
        }
    }
  });
});
