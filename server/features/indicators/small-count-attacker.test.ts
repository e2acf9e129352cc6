import { describe, expect, it } from 'vitest';
import { attack } from './small-count-attacker';

describe('attack', () => {
  it('works out a hidden month from the year and the other months, and nothing from perturbed values', () => {
    const rel = [{ total: 'year', parts: ['m1', 'm2', 'm3'] }];
    const hidden = attack(
      [
        { cell: 'year', value: 15, exact: true },
        { cell: 'm2', value: 3, exact: false },
        { cell: 'm3', value: 10, exact: true },
      ],
      rel,
    );
    // m1 and m2 are unknown together: m1 + m2 = 5 leaves either open
    expect(hidden.known.has('m1')).toBe(false);
    const leaked = attack(
      [
        { cell: 'year', value: 15, exact: true },
        { cell: 'm2', value: 2, exact: true },
        { cell: 'm3', value: 10, exact: true },
      ],
      rel,
    );
    expect(leaked.known.get('m1')).toBe(3);
    const perturbed = attack(
      [
        { cell: 'year', value: 16, exact: false },
        { cell: 'm2', value: 2, exact: false },
        { cell: 'm3', value: 11, exact: false },
      ],
      rel,
    );
    expect(perturbed.known.size).toBe(0);
  });

  it('chains relations (a unit and its children, over months) and reports a cell published two ways', () => {
    const r = attack(
      [
        { cell: 'P', value: 9, exact: true },
        { cell: 'A', value: 4, exact: true },
        { cell: 'B1', value: 1, exact: true },
        { cell: 'B2', value: 7, exact: false },
        { cell: 'B2', value: 8, exact: false },
      ],
      [
        { total: 'P', parts: ['A', 'B'] },
        { total: 'B', parts: ['B1', 'B2'] },
      ],
    );
    expect(r.known.get('B')).toBe(5);
    expect(r.known.get('B2')).toBe(4);
    expect(r.inconsistent).toEqual(['B2']);
  });
});
