/**
 * An attacker on published indicator counts, for tests (indicators.attack.int.test.ts): it collects what
 * a reader saw, and works out every cell whose true count follows with certainty from the published
 * values and the linear relations the counts obey. Pure, so that it can be pointed at any way of
 * publishing: today's cell-key perturbation, or a suppression of small counts.
 *
 * Certainty: a cell's true count is known when it was published exactly (a value the publisher does not
 * mark as perturbed or hidden), or when the relations among true counts (total = Σ parts) with the known
 * counts substituted leave it a single possible value, i.e. its unit vector lies in the row space of the
 * system restricted to the unknown cells (the system is consistent because it holds for the true counts).
 * A perturbed value is not a known count: the reader knows only that it is near the true one, and any
 * value derived from it is a guess, however often it happens to be right.
 */

/** One value a reader saw: the cell it counts (the same id whatever the route) and whether it is exact. */
export type Observation = { cell: string; value: number; exact: boolean };
/** Among true counts: `total` = Σ `parts`. */
export type Relation = { total: string; parts: readonly string[] };

export type AttackResult = {
  /** Cells whose true count the reader knows for certain, with that count. */
  known: Map<string, number>;
  /** Cells published with different perturbed values by different routes (a reader could average them). */
  inconsistent: string[];
};

const EPS = 1e-9;

export function attack(observations: readonly Observation[], relations: readonly Relation[]): AttackResult {
  const known = new Map<string, number>();
  const seen = new Map<string, Set<number>>();
  for (const o of observations) {
    if (o.exact) known.set(o.cell, o.value);
    else {
      const s = seen.get(o.cell) ?? new Set<number>();
      s.add(o.value);
      seen.set(o.cell, s);
    }
  }
  const inconsistent = [...seen].filter(([c, s]) => s.size > 1 && !known.has(c)).map(([c]) => c);

  // Incremental Gauss–Jordan over the unknown cells, rows kept sparse and fully reduced: each pivot
  // cell appears in its own row only.
  const index = new Map<string, number>();
  const names: string[] = [];
  const varOf = (cell: string) => {
    let i = index.get(cell);
    if (i === undefined) {
      i = names.length;
      index.set(cell, i);
      names.push(cell);
    }
    return i;
  };
  type Row = { coef: Map<number, number>; rhs: number };
  const pivotRow = new Map<number, Row>(); // pivot variable → its row
  const rowsWith = new Map<number, Set<Row>>(); // variable → pivot rows where it appears
  const touch = (row: Row, v: number, add: boolean) => {
    let s = rowsWith.get(v);
    if (!s) rowsWith.set(v, (s = new Set()));
    if (add) s.add(row);
    else s.delete(row);
  };
  /** row -= f × other (other's variables). */
  const subtract = (row: Row, other: Row, f: number, tracked: boolean) => {
    for (const [v, c] of other.coef) {
      const n = (row.coef.get(v) ?? 0) - f * c;
      if (Math.abs(n) < EPS) {
        row.coef.delete(v);
        if (tracked) touch(row, v, false);
      } else {
        if (tracked && !row.coef.has(v)) touch(row, v, true);
        row.coef.set(v, n);
      }
    }
    row.rhs -= f * other.rhs;
  };
  for (const rel of relations) {
    const row: Row = { coef: new Map(), rhs: 0 };
    const add = (cell: string, k: number) => {
      const value = known.get(cell);
      if (value !== undefined) row.rhs -= k * value;
      else {
        const v = varOf(cell);
        const n = (row.coef.get(v) ?? 0) + k;
        if (Math.abs(n) < EPS) row.coef.delete(v);
        else row.coef.set(v, n);
      }
    };
    add(rel.total, 1);
    for (const p of rel.parts) add(p, -1);
    for (const v of [...row.coef.keys()]) {
      const p = pivotRow.get(v);
      const c = row.coef.get(v);
      if (p && c !== undefined) subtract(row, p, c, false);
    }
    if (row.coef.size === 0) continue;
    // Pivot on the cell in the fewest reduced rows: less fill-in (Markowitz).
    let pv = -1;
    for (const v of row.coef.keys())
      if (pv < 0 || (rowsWith.get(v)?.size ?? 0) < (rowsWith.get(pv)?.size ?? 0)) pv = v;
    const pc = row.coef.get(pv)!;
    for (const [v, c] of row.coef) row.coef.set(v, c / pc);
    row.rhs /= pc;
    for (const other of [...(rowsWith.get(pv) ?? [])])
      if (other !== row) subtract(other, row, other.coef.get(pv)!, true);
    pivotRow.set(pv, row);
    for (const v of row.coef.keys()) touch(row, v, true);
  }
  for (const [v, row] of pivotRow)
    if (row.coef.size === 1) known.set(names[v]!, Math.round(row.rhs * 1e6) / 1e6);
  return { known, inconsistent };
}

/**
 * A stronger reader: one who knows the perturbation table, so that each perturbed value confines its true
 * count to the counts that could have been published as it (`couldBe`), and who tightens these bounds
 * through the relations (a total lies between the sums of its parts' bounds, a part between the total's
 * bounds less the other parts') until nothing changes. Returns the cells confined to one value. Bounds
 * propagation finds fewer such cells than integer programming would; every one it finds is certain.
 */
export function attackWithBounds(
  observations: readonly Observation[],
  relations: readonly Relation[],
  couldBe: (published: number) => readonly [lo: number, hi: number],
): Map<string, number> {
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const o of observations) {
    const [a, b] = o.exact ? [o.value, o.value] : couldBe(o.value);
    lo.set(o.cell, Math.max(lo.get(o.cell) ?? 0, a));
    hi.set(o.cell, Math.min(hi.get(o.cell) ?? Infinity, b));
  }
  const L = (c: string) => lo.get(c) ?? 0;
  const H = (c: string) => hi.get(c) ?? Infinity;
  // A worklist: a relation is looked at again only when a bound of one of its cells moved.
  const touching = new Map<string, number[]>();
  relations.forEach((r, k) => {
    for (const c of [r.total, ...r.parts]) {
      const list = touching.get(c);
      if (list) list.push(k);
      else touching.set(c, [k]);
    }
  });
  const queue = relations.map((_, k) => k);
  const queued = new Array<boolean>(relations.length).fill(true);
  const tighten = (c: string, a: number, b: number) => {
    let moved = false;
    if (a > L(c)) {
      lo.set(c, a);
      moved = true;
    }
    if (b < H(c)) {
      hi.set(c, b);
      moved = true;
    }
    if (moved)
      for (const k of touching.get(c) ?? [])
        if (!queued[k]) {
          queued[k] = true;
          queue.push(k);
        }
  };
  for (let head = 0; head < queue.length; head++) {
    const k = queue[head]!;
    queued[k] = false;
    const r = relations[k]!;
    const sumLo = r.parts.reduce((s, p) => s + L(p), 0);
    const sumHi = r.parts.reduce((s, p) => s + H(p), 0);
    tighten(r.total, sumLo, sumHi);
    for (const p of r.parts) tighten(p, L(r.total) - (sumHi - H(p)), H(r.total) - (sumLo - L(p)));
  }
  return new Map([...lo].filter(([c, a]) => a === H(c)));
}
