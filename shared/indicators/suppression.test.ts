import { describe, expect, it } from 'vitest';
import {
  determinedCells,
  type SuppressionCell,
  type SuppressionConstraint,
  suppressSmallCounts,
} from './suppression';

const cells = (values: Record<string, number>, notPeople: string[] = []): SuppressionCell[] =>
  Object.entries(values).map(([id, value]) => ({ id, value, suppressible: !notPeople.includes(id) }));

/** What an attacker learns: every hidden cell the published equations pin down. */
function recoverable(
  values: Record<string, number>,
  constraints: SuppressionConstraint[],
  hidden: Set<string>,
) {
  return determinedCells(constraints, hidden).map((id) => [id, values[id]]);
}

describe('suppressSmallCounts', () => {
  it.each([
    [0, false],
    [1, true],
    [4, true],
    [5, false],
    [120, false],
  ])('hides a lone count of %i: %s', (value, hidden) => {
    const r = suppressSmallCounts(cells({ a: value }), []);
    expect(r.hidden.has('a')).toBe(hidden);
  });

  it('never hides counts that are not about people', () => {
    const r = suppressSmallCounts(cells({ facilities: 3 }, ['facilities']), []);
    expect(r.hidden.size).toBe(0);
  });

  it('attack: a single suppressed cell in a row with a visible total is protected by a second cell', () => {
    const values = { total: 40, a: 3, b: 12, c: 25 };
    const constraints = [{ total: 'total', parts: ['a', 'b', 'c'] }];
    const r = suppressSmallCounts(cells(values), constraints);
    expect(r.primary).toEqual(new Set(['a']));
    expect(r.hidden).toEqual(new Set(['a', 'b'])); // the smallest other part, not the total
    expect(recoverable(values, constraints, r.hidden)).toEqual([]);
  });

  it('attack: the margin is hidden when it is the only other cell', () => {
    const values = { total: 3, a: 3 };
    const constraints = [{ total: 'total', parts: ['a'] }];
    const r = suppressSmallCounts(cells(values), constraints);
    expect(r.hidden).toEqual(new Set(['a', 'total']));
  });

  it('prefers a non-zero complement over a zero one (a zero would give the hidden count away with the total)', () => {
    const values = { total: 20, a: 2, z: 0, b: 18 };
    const r = suppressSmallCounts(cells(values), [{ total: 'total', parts: ['a', 'z', 'b'] }]);
    expect(r.hidden).toEqual(new Set(['a', 'b']));
  });

  it('attack: a 2 × 2 table with margins stays unsolvable (rows, columns and grand total)', () => {
    // rows r1, r2; columns c1, c2; cells x11 … x22
    const values = { x11: 2, x12: 30, x21: 40, x22: 50, r1: 32, r2: 90, c1: 42, c2: 80, t: 122 };
    const constraints = [
      { total: 'r1', parts: ['x11', 'x12'] },
      { total: 'r2', parts: ['x21', 'x22'] },
      { total: 'c1', parts: ['x11', 'x21'] },
      { total: 'c2', parts: ['x12', 'x22'] },
      { total: 't', parts: ['r1', 'r2'] },
      { total: 't', parts: ['c1', 'c2'] },
    ];
    const r = suppressSmallCounts(cells(values), constraints);
    expect(r.hidden.has('x11')).toBe(true);
    expect(r.hidden.size).toBeGreaterThanOrEqual(4); // a rectangle: x11, x12, x21, x22
    expect(recoverable(values, constraints, r.hidden)).toEqual([]);
  });

  it('attack: a complement that a second relation would give away gets its own complement', () => {
    // a is primary; b is hidden as its complement in row 1, but b is also in column 1 with a visible total.
    const values = { a: 1, b: 6, c: 9, row: 16, d: 20, col: 26 };
    const constraints = [
      { total: 'row', parts: ['a', 'b', 'c'] },
      { total: 'col', parts: ['b', 'd'] },
    ];
    const r = suppressSmallCounts(cells(values), constraints);
    expect(recoverable(values, constraints, r.hidden)).toEqual([]);
    expect(r.hidden.has('a')).toBe(true);
  });

  it('attack: related measures (total births = live births + stillbirths) hide a third cell', () => {
    const values = { births: 1003, live: 1000, still: 3 };
    const constraints = [{ total: 'births', parts: ['live', 'still'] }];
    const r = suppressSmallCounts(cells(values), constraints);
    expect(r.hidden.has('still')).toBe(true);
    expect(r.hidden.size).toBe(2);
    expect(recoverable(values, constraints, r.hidden)).toEqual([]);
  });

  it('attack: two primaries in one row are safe without a complement only if the total cannot split them', () => {
    const values = { total: 9, a: 2, b: 3, c: 4 };
    const r = suppressSmallCounts(cells(values), [{ total: 'total', parts: ['a', 'b', 'c'] }]);
    // all three parts are small: each is hidden, none can be worked out
    expect(r.hidden).toEqual(new Set(['a', 'b', 'c']));
    expect(recoverable(values, [{ total: 'total', parts: ['a', 'b', 'c'] }], r.hidden)).toEqual([]);
  });

  it('ignores relations that name cells not published', () => {
    const r = suppressSmallCounts(cells({ a: 3, b: 10 }), [{ total: 'missing', parts: ['a', 'b'] }]);
    expect(r.hidden).toEqual(new Set(['a']));
  });

  it('is deterministic', () => {
    const values = { t: 50, a: 1, b: 7, c: 7, d: 35 };
    const constraints = [{ total: 't', parts: ['a', 'b', 'c', 'd'] }];
    const first = suppressSmallCounts(cells(values), constraints);
    const second = suppressSmallCounts(cells(values).reverse(), constraints);
    expect([...first.hidden].sort()).toEqual([...second.hidden].sort());
    expect(first.hidden).toEqual(new Set(['a', 'b']));
  });
});

describe('determinedCells', () => {
  it('finds a cell pinned by a chain of relations', () => {
    // t = a + b, b = c + d: hiding a and c leaves both solvable from t, b, d.
    const d = determinedCells(
      [
        { total: 't', parts: ['a', 'b'] },
        { total: 'b', parts: ['c', 'd'] },
      ],
      new Set(['a', 'c']),
    );
    expect(d.sort()).toEqual(['a', 'c']);
  });
});
