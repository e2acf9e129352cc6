/**
 * Small-count suppression for aggregate-only readers (partner viewers).
 *
 * Primary: a count of 1–4 people is hidden. Complementary: every published additive relation
 * (a total and its parts: a unit and its children, a period and its months, a total and its
 * disaggregation values, related measures) is a linear equation an attacker can solve. After the
 * primary cells are hidden, any hidden cell still *determined* by the equations and the visible
 * cells (tested exactly: its unit vector lies in the row space of the equations restricted to hidden
 * cells) gets one more cell hidden next to it, until no hidden cell can be worked out. Complements are
 * chosen deterministically: non-zero before zero, smallest first, parts before totals, then by id.
 */
export type SuppressionCell = {
  id: string;
  value: number;
  /** False for counts that are not about people (facilities): never hidden. */
  suppressible: boolean;
};

/** `total` = sum of `parts` (ids of cells). */
export type SuppressionConstraint = { total: string; parts: readonly string[] };

export type SuppressionResult = { hidden: Set<string>; primary: Set<string> };

export const SUPPRESS_MIN = 1;
export const SUPPRESS_MAX = 4;

const EPS = 1e-9;

/** Hidden cells whose value follows from the constraints and the visible cells. */
export function determinedCells(
  constraints: readonly SuppressionConstraint[],
  hidden: ReadonlySet<string>,
): string[] {
  const vars = [...hidden].sort();
  const col = new Map(vars.map((v, i) => [v, i]));
  const rows: number[][] = [];
  for (const c of constraints) {
    const row = new Array<number>(vars.length).fill(0);
    let any = false;
    const add = (id: string, k: number) => {
      const j = col.get(id);
      if (j !== undefined) {
        row[j]! += k;
        any = true;
      }
    };
    add(c.total, 1);
    for (const p of c.parts) add(p, -1);
    if (any) rows.push(row);
  }
  // Reduced row echelon form.
  const pivots: number[] = [];
  let r = 0;
  for (let j = 0; j < vars.length && r < rows.length; j++) {
    let best = r;
    for (let i = r + 1; i < rows.length; i++)
      if (Math.abs(rows[i]![j]!) > Math.abs(rows[best]![j]!)) best = i;
    if (Math.abs(rows[best]![j]!) < EPS) continue;
    [rows[r], rows[best]] = [rows[best]!, rows[r]!];
    const pr = rows[r]!;
    const pv = pr[j]!;
    for (let k = 0; k < vars.length; k++) pr[k]! /= pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i]![j]!;
      if (Math.abs(f) < EPS) continue;
      for (let k = 0; k < vars.length; k++) rows[i]![k]! -= f * pr[k]!;
    }
    pivots.push(j);
    r++;
  }
  // e_j is in the row space exactly when the row with pivot j has no other non-zero entry.
  const out: string[] = [];
  pivots.forEach((j, i) => {
    const row = rows[i]!;
    if (row.every((v, k) => k === j || Math.abs(v) < EPS)) out.push(vars[j]!);
  });
  return out;
}

/** Decides which cells to hide. Pure and deterministic. */
export function suppressSmallCounts(
  cells: readonly SuppressionCell[],
  constraints: readonly SuppressionConstraint[],
): SuppressionResult {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const primary = new Set(
    cells
      .filter((c) => c.suppressible && c.value >= SUPPRESS_MIN && c.value <= SUPPRESS_MAX)
      .map((c) => c.id),
  );
  const hidden = new Set(primary);
  if (hidden.size === 0) return { hidden, primary };
  // Only relations among known cells count; a relation naming an absent cell publishes nothing.
  const usable = constraints.filter((c) => byId.has(c.total) && c.parts.every((p) => byId.has(p)));
  const totals = new Set(usable.map((c) => c.total));
  const rank = (id: string) => {
    const c = byId.get(id)!;
    return [c.value > 0 ? 0 : 1, c.value, totals.has(id) ? 1 : 0] as const;
  };
  const better = (a: string, b: string) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! < rb[i]!;
    return a < b;
  };
  for (let guard = 0; guard < cells.length + 1; guard++) {
    const determined = determinedCells(usable, hidden);
    if (determined.length === 0) break;
    const x = determined[0]!;
    const pick = (cands: Iterable<SuppressionConstraint>) => {
      let best: string | undefined;
      for (const c of cands)
        for (const id of [c.total, ...c.parts])
          if (!hidden.has(id) && byId.get(id)!.suppressible && (best === undefined || better(id, best)))
            best = id;
      return best;
    };
    const touching = usable.filter((c) => c.total === x || c.parts.includes(x));
    let choice = pick(touching);
    if (choice === undefined) {
      // Every neighbour is hidden already: widen to relations of the hidden cells connected to x.
      const component = new Set([x]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const c of usable) {
          const ids = [c.total, ...c.parts];
          if (ids.some((id) => component.has(id)))
            for (const id of ids)
              if (hidden.has(id) && !component.has(id)) {
                component.add(id);
                grew = true;
              }
        }
      }
      choice = pick(usable.filter((c) => [c.total, ...c.parts].some((id) => component.has(id))));
    }
    if (choice === undefined) break; // Nothing left that could be hidden: every related cell already is.
    hidden.add(choice);
  }
  return { hidden, primary };
}
