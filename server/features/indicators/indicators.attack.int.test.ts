import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PerturbationTable, perturbCount, possibleCounts } from '../../../shared/indicators/cell-key';
import { loadIndicators, MEASURE_RELATIONS } from '../../../shared/indicators/definitions';
import type { DisaggregationResponse, ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { monthPeriod, quarterPeriod, yearPeriod } from '../../../shared/indicators/period';
import {
  DIMENSION_IDS,
  DIMENSION_VALUES,
  type DimensionId,
  SOURCES,
} from '../../../shared/indicators/sources';
import type { IndicatorValue } from '../../../shared/indicators/values';
import type { OrgUnitKind } from '../../../shared/org-units/org-unit.schema';
import { seedDemoBirths } from '../../seed/demo-births';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { type Cell, countCells, countCellsBy, keySumOf } from './indicator-engine';
import { loadPerturbationTable } from './perturbation-table';
import { attack, attackWithBounds, type Observation, type Relation } from './small-count-attacker';

/**
 * The partner as an attacker (issue 13). On the demo org units with generated births and postnatal
 * follow-up, the partner downloads the dashboard of every org unit for a year and each of its quarters:
 * each download holds the values, the previous period, the children, the monthly trend (so every month
 * of every unit) and every disaggregation; it also reads the values route (previous period, children,
 * trend) and the disaggregation route of the region, the countries and the provinces, which must agree
 * with the downloads. The attacker then writes down every linear relation the true counts obey: a unit
 * is the sum of its children, a year of its quarters, a quarter of its months, a total of its
 * disaggregation values, births of live births and stillbirths (MEASURE_RELATIONS), and counts of
 * different sources that are equal in every cell (deliveries and mothers followed; live births and
 * newborns followed after birth where no baby died in the facility), and solves them
 * (small-count-attacker.ts).
 *
 * Certainty: the attacker knows a count when it was published exactly (not marked perturbed) or when the
 * relations, with the exactly published counts put in, leave it one possible value. A perturbed value is
 * not a known count, nor is anything derived from it: the reader knows only that it is near the truth.
 * Recovered: a count of people whose true value is 1–4 and that the attacker knows. With the cell-key
 * method none is; with small counts hidden per response (the rule before it), thousands are (measured
 * against that code on the same data: 4,333).
 *
 * The stronger attacker (the last tests) also reasons with bounds: it knows this code, so the family the
 * installation's perturbation table is drawn from and the largest move any table of it can make
 * (`possibleCounts`), but not the database's secret, so neither the record keys nor this installation's
 * table. Each published count confines its true count to an interval; the attacker tightens the intervals
 * through every relation until nothing moves, and knows a count when its interval is one value. Against a
 * table it is told (the open ±2 table of before), it pins thousands of small counts; against the secret
 * table, none. (It would pin some in an installation whose table has the largest possible move, which one
 * in 4^16 has: docs/decisions.md.)
 */
const { definitions, registry } = loadIndicators();
const PEOPLE = new Set(registry.measures.filter((m) => SOURCES[m.source].countsPeople).map((m) => m.id));
const YEAR = 2025;
// Months are in every download as the monthly trend (of the unit, and of each child in its own).
const PERIODS = [yearPeriod(YEAR), ...[1, 2, 3, 4].map((q) => quarterPeriod(YEAR, q))];

let t: TestApp;
let units: Array<{ id: string; code: string; parent: string | null; path: string; kind: OrgUnitKind }>;
/** Cell id → true count (the engine's exact counts of the cells seen). */
const truth = new Map<string, number>();
/** Cell id → the sum of its records' keys (what the server perturbs a count with). */
const keySums = new Map<string, number>();
/** This installation's perturbation table (no reader is told it). */
let table: PerturbationTable;
/** What the partner saw. */
const seen: Observation[] = [];
const cellId = (unit: string, from: string, to: string, dimKey: string, measure: string) =>
  `${unit}|${from}|${to}|${dimKey}|${measure}`;

type CsvRow = Record<string, string>;
async function download(client: TestClient, unit: string, period: string): Promise<CsvRow[]> {
  const res = await client.get(`/api/indicators/export?orgUnit=${unit}&period=${period}&format=csv`);
  expect(res.statusCode, res.body).toBe(200);
  return parse(res.body.replace(/^\uFEFF/, ''), { columns: true }) as CsvRow[];
}

/** Every count of a download as (cell, value, published exactly). */
function countsOf(rows: readonly CsvRow[]): Observation[] {
  const out: Observation[] = [];
  for (const r of rows) {
    if (r.section === 'note') continue;
    const parts = registry.parts[r.indicator_id!]!;
    const marked = (r.perturbed ?? '').split(';');
    for (const part of ['numerator', 'denominator'] as const) {
      const measure = part === 'numerator' ? parts.numerator : parts.denominator;
      const text = r[part];
      // A blank count (hidden, or an indicator without a denominator) tells nothing.
      if (!measure || text === undefined || text === '') continue;
      out.push({
        cell: cellId(r.org_unit_code!, r.from!, r.to!, `${r.dimension}=${r.dimension_value}`, measure),
        value: Number(text),
        exact: !marked.includes(part),
      });
    }
  }
  return out;
}

/** The counts of an API response (values or disaggregation) as observations. */
function countsOfApi(
  unit: string,
  groups: Array<{ unit?: string; from: string; to: string; dimKey?: string; values: IndicatorValue[] }>,
): Observation[] {
  return groups.flatMap((g) =>
    g.values.flatMap((v) =>
      (['numerator', 'denominator'] as const).flatMap((part) => {
        const measure =
          part === 'numerator' ? registry.parts[v.id]!.numerator : registry.parts[v.id]!.denominator;
        const n = v[part];
        if (!measure || n === null) return [];
        return [
          {
            cell: cellId(g.unit ?? unit, g.from, g.to, g.dimKey ?? '=', measure),
            value: n,
            exact: !v.perturbed.includes(part),
          },
        ];
      }),
    ),
  );
}

/** The values route (previous period, children, trend) and the disaggregation route of a unit's year. */
async function crawlApi(client: TestClient, u: { id: string; code: string }) {
  const p = PERIODS[0]!;
  const res = await client.get(
    `/api/indicators/values?orgUnit=${u.id}&period=${p.id}&compare=previous&include=children,trends`,
  );
  expect(res.statusCode, res.body).toBe(200);
  const r = res.json() as ValuesResponse;
  seen.push(
    ...countsOfApi(u.code, [
      { from: p.from, to: p.to, values: r.indicators },
      ...(r.previous ? [{ from: r.previousPeriod!.from, to: r.previousPeriod!.to, values: r.previous }] : []),
      ...(r.children ?? []).map((c) => ({
        unit: c.orgUnit.code,
        from: p.from,
        to: p.to,
        values: c.indicators,
      })),
      ...(r.trends ?? []).map((x) => ({ from: x.from, to: x.to, values: x.indicators })),
    ]),
  );
  for (const dim of DIMENSION_IDS) {
    const d = await client.get(
      `/api/indicators/disaggregation?orgUnit=${u.id}&period=${p.id}&dimension=${dim}`,
    );
    expect(d.statusCode, d.body).toBe(200);
    const body = d.json() as DisaggregationResponse;
    seen.push(
      ...countsOfApi(u.code, [
        { from: p.from, to: p.to, values: body.total },
        ...body.rows.map((row) => ({
          from: p.from,
          to: p.to,
          dimKey: `${dim}=${row.value}`,
          values: row.indicators,
        })),
      ]),
    );
  }
}

/** Every relation among the true counts of the cells seen (and of cells they imply). */
function relationsOf(cells: Iterable<string>): Relation[] {
  const out: Relation[] = [];
  const parsed = [...cells].map((c) => {
    const [unit, from, to, dimKey, measure] = c.split('|') as [string, string, string, string, string];
    return { unit, from, to, dimKey, measure };
  });
  const childrenOf = new Map<string, string[]>();
  const codeOf = new Map(units.map((u) => [u.id, u.code]));
  for (const u of units)
    if (u.parent)
      childrenOf.set(codeOf.get(u.parent)!, [...(childrenOf.get(codeOf.get(u.parent)!) ?? []), u.code]);
  const dimValues = new Map<string, Set<string>>(); // dimension → values seen
  for (const p of parsed) {
    const [dim, value] = p.dimKey.split('=') as [string, string];
    if (dim) dimValues.set(dim, (dimValues.get(dim) ?? new Set()).add(value));
  }
  const relationsOfMeasure = MEASURE_RELATIONS.map((rel) => ({
    total: registry.byRef(rel.total),
    parts: rel.parts.map((r) => registry.byRef(r)),
  }));
  const quarters = new Map<string, { year: number; m0: number }>();
  for (const y of new Set(parsed.map((p) => Number(p.from.slice(0, 4)))))
    for (const k of [1, 2, 3, 4]) {
      const q = quarterPeriod(y, k);
      quarters.set(`${q.from}|${q.to}`, { year: y, m0: Number(q.from.slice(5, 7)) });
    }
  // Each relation is written once, from its total (a disaggregation's from the first of its values).
  const splitDone = new Set<string>();
  for (const p of parsed) {
    const at = (unit: string, from: string, to: string, dimKey = p.dimKey, measure = p.measure) =>
      cellId(unit, from, to, dimKey, measure);
    const total = at(p.unit, p.from, p.to);
    const kids = childrenOf.get(p.unit);
    if (kids?.length) out.push({ total, parts: kids.map((k) => at(k, p.from, p.to)) });
    const year = Number(p.from.slice(0, 4));
    if (p.from.endsWith('-01-01') && p.to.endsWith('-12-31'))
      out.push({
        total,
        parts: [1, 2, 3, 4].map((q) => quarterPeriod(year, q)).map((q) => at(p.unit, q.from, q.to)),
      });
    const q = quarters.get(`${p.from}|${p.to}`);
    if (q)
      out.push({
        total,
        parts: [0, 1, 2].map((k) => monthPeriod(q.year, q.m0 + k)).map((m) => at(p.unit, m.from, m.to)),
      });
    if (p.dimKey !== '=') {
      const dim = p.dimKey.split('=')[0]!;
      const whole = at(p.unit, p.from, p.to, '=');
      if (!splitDone.has(`${dim}|${whole}`)) {
        splitDone.add(`${dim}|${whole}`);
        out.push({
          total: whole,
          parts: [...dimValues.get(dim)!].map((v) => at(p.unit, p.from, p.to, `${dim}=${v}`)),
        });
      }
    }
    for (const rel of relationsOfMeasure)
      if (rel.total === p.measure)
        out.push({ total, parts: rel.parts.map((m) => at(p.unit, p.from, p.to, p.dimKey, m)) });
    for (const other of equalTo.get(p.measure) ?? [])
      out.push({ total, parts: [at(p.unit, p.from, p.to, p.dimKey, other)] });
  }
  // Relations the true counts do not obey (none are expected) would only mislead the attacker.
  return out.filter((r) => {
    const v = [r.total, ...r.parts].map((c) => truth.get(c));
    return v.some((x) => x === undefined) || v[0] === v.slice(1).reduce((a, b) => a! + b!, 0);
  });
}

/** Pairs of measures of different sources equal in every cell seen: the cross-source equalities. */
const equalTo = new Map<string, string[]>();
function findEqualities() {
  const byMeasure = new Map<string, Map<string, number>>();
  for (const [cell, v] of truth) {
    const i = cell.lastIndexOf('|');
    const m = cell.slice(i + 1);
    const place = cell.slice(0, i);
    if (!byMeasure.has(m)) byMeasure.set(m, new Map());
    byMeasure.get(m)!.set(place, v);
  }
  const source = new Map(registry.measures.map((m) => [m.id, m.source]));
  for (const [a, va] of byMeasure)
    for (const [b, vb] of byMeasure) {
      if (a >= b || source.get(a) === source.get(b)) continue;
      let same = 0;
      let differ = false;
      for (const [place, x] of va) {
        const y = vb.get(place);
        if (y === undefined) continue;
        if (x !== y) differ = true;
        else if (x > 0) same++;
      }
      if (!differ && same >= 20) equalTo.set(a, [...(equalTo.get(a) ?? []), b]);
    }
}

let allRelations: Relation[] | undefined;
/** The relations among every cell whose true count is known (computed once). */
const relations = () => (allRelations ??= relationsOf(truth.keys()));

function recovered(known: Map<string, number>) {
  return [...known].filter(([cell]) => {
    const v = truth.get(cell);
    return v !== undefined && v >= 1 && v <= 4 && PEOPLE.has(cell.slice(cell.lastIndexOf('|') + 1));
  });
}

/** The true counts of every cell seen, counted by the engine for an exact reader. */
async function countTruth() {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const cells = new Map<string, Cell>();
  const split = new Map<string, Set<string>>(); // dimension → cells (unit|from|to) seen split by it
  for (const o of seen) {
    const [code, from, to, dimKey] = o.cell.split('|') as [string, string, string, string];
    const place = `${code}|${from}|${to}`;
    if (!cells.has(place)) cells.set(place, { unit: byCode.get(code)!, from, to });
    const dim = dimKey.split('=')[0]!;
    if (dim) split.set(dim, (split.get(dim) ?? new Set()).add(place));
  }
  const places = [...cells.keys()];
  const counts = await countCells(t.db, [...cells.values()], registry.measures, t.clock.now(), {
    withKeys: true,
  });
  places.forEach((place, i) => {
    for (const m of registry.measures) {
      truth.set(`${place}|=|${m.id}`, counts[i]![m.id] ?? 0);
      keySums.set(`${place}|=|${m.id}`, counts[i]![keySumOf(m.id)] ?? 0);
    }
  });
  for (const [dim, set] of split) {
    const ps = [...set];
    const dms = registry.measures.filter((m) =>
      definitions.some(
        (d) =>
          d.disaggregations.includes(dim as DimensionId) &&
          [registry.parts[d.id]!.numerator, registry.parts[d.id]!.denominator].includes(m.id),
      ),
    );
    const byValue = await countCellsBy(
      t.db,
      ps.map((p) => cells.get(p)!),
      dms,
      dim as DimensionId,
      { withKeys: true },
    );
    ps.forEach((place, i) => {
      for (const v of DIMENSION_VALUES[dim as DimensionId])
        for (const m of dms) {
          truth.set(`${place}|${dim}=${v}|${m.id}`, byValue[i]![v]?.[m.id] ?? 0);
          keySums.set(`${place}|${dim}=${v}|${m.id}`, byValue[i]![v]?.[keySumOf(m.id)] ?? 0);
        }
    });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoBirths(t.db, new Date('2026-01-10T00:00:00Z'), 400);
  units = (
    await t.db.query<{ id: string; code: string; parent_id: string | null; path: string; kind: OrgUnitKind }>(
      'select id, code, parent_id, path, kind from org_units order by path',
    )
  ).map((u) => ({ id: u.id, code: u.code, parent: u.parent_id, path: u.path, kind: u.kind }));
  const partner = await t.login('partner.who');
  for (const u of units) for (const p of PERIODS) seen.push(...countsOf(await download(partner, u.id, p.id)));
  // The other routes give the same cells: every published count must be the same by every route.
  for (const u of units.filter((x) => ['region', 'country', 'province'].includes(x.kind)))
    await crawlApi(partner, u);
  await countTruth();
  findEqualities();
  table = await loadPerturbationTable(t.db);
}, 600_000);
afterAll(() => t?.close());

describe('a partner crawling every download cannot recover a small count', () => {
  it('crawled a world with small counts, disaggregations and cross-source equalities to attack', () => {
    expect(seen.length).toBeGreaterThan(10_000);
    const small = [...truth].filter(
      ([c, v]) => v >= 1 && v <= 4 && PEOPLE.has(c.slice(c.lastIndexOf('|') + 1)),
    );
    expect(small.length).toBeGreaterThan(1000);
    // Found in the data, between measures of different sources (deliveries = mothers followed at least).
    expect(equalTo.size).toBeGreaterThan(0);
    expect(DIMENSION_IDS.every((d) => seen.some((o) => o.cell.includes(`|${d}=`)))).toBe(true);
  });

  const hiddenPerResponse = () =>
    [...truth].flatMap(([cell, value]): Observation[] => {
      const small = value >= 1 && value <= 4 && PEOPLE.has(cell.slice(cell.lastIndexOf('|') + 1));
      return small ? [] : [{ cell, value, exact: true }];
    });

  it('recovers small counts when every count of 1–4 is hidden and the rest published (the control)', () => {
    const r = attack(hiddenPerResponse(), relations());
    expect(recovered(r.known).length).toBeGreaterThan(100);
  });

  it('recovers small counts by bounds reasoning too when they are hidden (the control)', () => {
    expect(
      recovered(attackWithBounds(hiddenPerResponse(), relations(), possibleCounts)).length,
    ).toBeGreaterThan(100);
  });

  it('recovers none from the perturbed counts, which are consistent across routes and within the table of the truth', () => {
    const r = attack(seen, relations());
    expect(r.inconsistent).toEqual([]);
    expect(recovered(r.known)).toEqual([]);
    let moved = 0;
    const far: string[] = [];
    for (const o of seen) {
      const v = truth.get(o.cell)!;
      if (Math.abs(o.value - v) > table.maxMove || (o.value === 0) !== (v === 0)) far.push(o.cell);
      if (o.value !== v) moved++;
    }
    expect(far).toEqual([]);
    expect(moved).toBeGreaterThan(1000);
    // Equal records, equal published counts: live births and the newborns followed after birth.
    const published = new Map(seen.map((o) => [o.cell, o.value]));
    const unequal: string[] = [];
    let compared = 0;
    for (const [a, bs] of equalTo)
      for (const b of bs)
        for (const [cell, value] of published) {
          if (!cell.endsWith(`|${a}`)) continue;
          const other = published.get(`${cell.slice(0, -a.length)}${b}`);
          if (other === undefined) continue;
          compared++;
          if (other !== value) unequal.push(`${cell} = ${b}`);
        }
    expect(unequal).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  it("recovers none by bounds reasoning without the installation's secret table", () => {
    expect(recovered(attackWithBounds(seen, relations(), possibleCounts))).toEqual([]);
  });

  it('recovers small counts by the same bounds reasoning when the table is open (the control: ±2 before)', () => {
    // The table before this one, the same in every installation and told by the code.
    const open: PerturbationTable = { maxMove: 2, weights: [0.4, 0.2, 0.1] };
    const published = [...new Set(seen.map((o) => o.cell))].map((cell): Observation => {
      const v = truth.get(cell)!;
      const people = PEOPLE.has(cell.slice(cell.lastIndexOf('|') + 1));
      return { cell, value: people ? perturbCount(open, v, keySums.get(cell)!) : v, exact: !people };
    });
    const couldBe = (w: number): [number, number] => (w === 0 ? [0, 0] : [Math.max(1, w - 2), w + 2]);
    expect(recovered(attackWithBounds(published, relations(), couldBe)).length).toBeGreaterThan(1000);
  });
});
