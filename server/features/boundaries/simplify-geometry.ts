import type { BoundaryGeometry } from '../../../shared/org-units/boundary.schema';

type Pos = [number, number];

/**
 * Degrees kept: 4 decimals is about 11 m, far below what a dashboard map of provinces or districts can
 * show, and it is what shrinks a shape the most (full-precision files carry 15 digits per coordinate).
 */
const DECIMALS = 4;
/** Douglas–Peucker tolerance in degrees (about 100 m at the equator): invisible at a district's scale. */
const TOLERANCE = 0.001;

const round = (n: number) => Math.round(n * 10 ** DECIMALS) / 10 ** DECIMALS;

function distanceToSegment(p: Pos, a: Pos, b: Pos): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker with an explicit stack: rings of 100,000 positions must not overflow the call stack. */
function douglasPeucker(points: Pos[]): Pos[] {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let worst = -1;
    let at = -1;
    for (let i = first + 1; i < last; i++) {
      const d = distanceToSegment(points[i]!, points[first]!, points[last]!);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (at !== -1 && worst > TOLERANCE) {
      keep[at] = 1;
      stack.push([first, at], [at, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** A ring rounded and simplified; null when it collapses (a ring smaller than the tolerance). */
function simplifyRing(ring: number[][]): Pos[] | null {
  const rounded: Pos[] = [];
  for (const p of ring) {
    const q: Pos = [round(p[0]!), round(p[1]!)];
    const prev = rounded[rounded.length - 1];
    if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) rounded.push(q);
  }
  // Split the closed ring at its far point so that Douglas–Peucker keeps two anchors apart.
  const far = rounded.reduce(
    (best, p, i) =>
      Math.hypot(p[0] - rounded[0]![0], p[1] - rounded[0]![1]) > best.d
        ? { i, d: Math.hypot(p[0] - rounded[0]![0], p[1] - rounded[0]![1]) }
        : best,
    { i: 0, d: -1 },
  ).i;
  const kept = [...douglasPeucker(rounded.slice(0, far + 1)), ...douglasPeucker(rounded.slice(far)).slice(1)];
  return kept.length >= 4 ? kept : null;
}

function simplifyPolygon(rings: number[][][]): Pos[][] | null {
  const outer = simplifyRing(rings[0]!);
  if (!outer) return null;
  const holes = rings
    .slice(1)
    .map(simplifyRing)
    .filter((r): r is Pos[] => r !== null);
  return [outer, ...holes];
}

/**
 * A boundary as the map stores it: coordinates rounded, lines simplified, specks (islands and holes
 * smaller than the tolerance) dropped; the shape as given (rounded) when everything would collapse.
 */
export function simplifyGeometry(g: BoundaryGeometry): BoundaryGeometry {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const kept = polygons.map(simplifyPolygon).filter((p): p is Pos[][] => p !== null);
  if (kept.length === 0) {
    const rounded = polygons.map((rings) =>
      rings.map((r) => r.map((p) => [round(p[0]), round(p[1])] as Pos)),
    );
    return g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: rounded[0]! }
      : { type: 'MultiPolygon', coordinates: rounded };
  }
  return kept.length === 1 && g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: kept[0]! }
    : { type: 'MultiPolygon', coordinates: kept };
}

/** Positions in a geometry (the report shows them before and after simplification). */
export function countPositions(g: BoundaryGeometry): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);
}
