import { describe, expect, it } from 'vitest';
import { CELL_KEY_MODULUS, cellKeyOf, MAX_PERTURBATION, perturbCount, publishableCounts } from './cell-key';

const keys = Array.from({ length: 2000 }, (_, i) => Math.floor((i + 0.5) * (CELL_KEY_MODULUS / 2000)));

describe('perturbCount', () => {
  it.each([0, 1, 2, 3, 4, 5, 17, 1419])('publishes %i within 2, never 0 for a count above 0', (n) => {
    const published = keys.map((k) => perturbCount(n, k));
    for (const p of published) {
      expect(Math.abs(p - n)).toBeLessThanOrEqual(MAX_PERTURBATION);
      expect(p === 0).toBe(n === 0);
      expect(publishableCounts(n)).toContain(p);
    }
    // every value of the table's row is used
    expect(new Set(published)).toEqual(new Set(publishableCounts(n)));
  });

  it('is a function of the count and the cell key: the same key sum modulo the modulus, the same count', () => {
    expect(perturbCount(7, 123)).toBe(perturbCount(7, 123 + 5 * CELL_KEY_MODULUS));
    expect(perturbCount(7, -1)).toBe(perturbCount(7, CELL_KEY_MODULUS - 1));
    expect(cellKeyOf(-1)).toBe(CELL_KEY_MODULUS - 1);
  });

  it('has mean 0 from 3 up and moves a count by −2, −1, 0, +1, +2 in 10, 20, 40, 20, 10 % of keys', () => {
    const moves = keys.map((k) => perturbCount(50, k) - 50);
    const share = (d: number) => moves.filter((m) => m === d).length / keys.length;
    expect([-2, -1, 0, 1, 2].map(share)).toEqual([0.1, 0.2, 0.4, 0.2, 0.1]);
    expect(moves.reduce((a, b) => a + b, 0)).toBe(0);
  });
});
