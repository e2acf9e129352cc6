import type { Principal } from '../../../shared/auth/principal';
import { isAggregateOnlyRole } from '../../../shared/auth/roles';
import { type PerturbationTable, perturbCount } from '../../../shared/indicators/cell-key';
import {
  type IndicatorDefinition,
  loadIndicators,
  type Measure,
} from '../../../shared/indicators/definitions';
import type {
  DisaggregationResponse,
  IndicatorQuery,
  UnitRef,
  ValuesResponse,
} from '../../../shared/indicators/indicator-api.schema';
import {
  isStandardPeriod,
  type Period,
  type PeriodQuery,
  periodOfQuery,
  previousPeriod,
  trendPoints,
} from '../../../shared/indicators/period';
import { DIMENSION_VALUES, type DimensionId, SOURCES } from '../../../shared/indicators/sources';
import { type IndicatorValue, valuesFromCounts } from '../../../shared/indicators/values';
import { AppError, validationError } from '../../../shared/errors';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { findOrgUnitWithAncestors, ORG_UNIT_COLUMNS, toOrgUnit } from '../org-units/org-units.repo';
import {
  type Cell,
  type Counts,
  countCells,
  countCellsBy,
  type EngineUnit,
  keySumOf,
  type SplitCounts,
} from './indicator-engine';
import { isSlowLiveSource, readsSubtreeFacts } from './indicator-source-registry';
import { loadPerturbationTable } from './perturbation-table';

const LIBRARY = loadIndicators();
export const indicatorLibrary = LIBRARY;

export const toUnitRef = (u: OrgUnit): UnitRef => ({
  id: u.id,
  code: u.code,
  name: u.name,
  kind: u.kind,
  facilityLevel: u.facilityLevel,
  childCount: u.childCount,
});
export const toEngineUnit = (u: Pick<OrgUnit, 'id' | 'path' | 'kind'>): EngineUnit => ({
  id: u.id,
  path: u.path,
  kind: u.kind,
});

/** The org unit asked about and its ancestors, inside the reader's scope (403 out_of_scope otherwise). */
async function readableUnitWithAncestors(q: Queryable, principal: Principal, id: string) {
  const found = await findOrgUnitWithAncestors(q, id);
  if (!found) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, 'aggregate.read', found.unit.path);
  return found;
}

export async function getReadableUnit(q: Queryable, principal: Principal, id: string): Promise<OrgUnit> {
  return (await readableUnitWithAncestors(q, principal, id)).unit;
}

export function periodOf(principal: Principal, q: PeriodQuery): Period {
  const r = periodOfQuery(q);
  if ('message' in r) throw validationError([{ path: r.path, message: r.message }]);
  if (isAggregateOnlyRole(principal.role) && !isStandardPeriod(r.period))
    throw new AppError('forbidden', 'indicators.customPeriodForPartners', [
      { path: 'from', message: 'indicators.customPeriodForPartners' },
    ]);
  return r.period;
}

/** Units whose live-counted indicators take seconds (a year of a country reads ~100,000 subjects). */
export const LARGE_UNITS: ReadonlySet<string> = new Set(['region', 'country']);

/**
 * What a dashboard of a country or the region leaves out unless the request names it (`indicators=`):
 * - indicators counted live from their records per facility (seconds there): a live source with
 *   neither a facility timeline nor a subtree relation (none today). A live source with a facility
 *   timeline (KMC facility readiness) reads each facility once per request, as stored rows joined by hash
 *   for a large request (its start days, migration 0130): counted at every level, the region included
 *   (BENCHMARKS.md, "KMC readiness at the region from stored start days"). The screening results read
 *   each cell's subtree at once (`subtreeFactTable`: the range's screenings from an index that covers
 *   them): counted at a country, deferred at the region (a region dashboard's cells read every screening
 *   of two years: 0.9-1.4 s p50 at load 16-19 at 4 million births, BENCHMARKS.md); named, 3.4 → ~1 s.
 *
 * Over a range that cuts months nothing rolled up is left out: every rolled-up source, postnatal
 * follow-ups with their clock included, reads its partial months' days from its day rollup
 * (indicator-day-rollup.ts; a recounted one keeps its service points' day rows for that), where deriving
 * them from the records of every facility below took 1-2 s for the region at 4 million births
 * (BENCHMARKS.md).
 * Whether a follow-up is over at the request's instant is read from stored rows (the clock table of
 * indicator-rollup-sql.ts): the current period is no longer left out.
 */
export function deferredAbove(
  selected: readonly IndicatorDefinition[],
  spansRegion: boolean,
): IndicatorDefinition[] {
  return selected.filter((d) => isSlowLiveSource(d.source) || (spansRegion && readsSubtreeFacts(d.source)));
}

export function selectIndicators(list: string | undefined): IndicatorDefinition[] {
  if (!list) return [...LIBRARY.definitions];
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const issues = ids
    .filter((id) => !LIBRARY.definitions.some((d) => d.id === id))
    .map((id) => ({ path: 'indicators', message: 'indicators.unknownIndicator', params: { id } }));
  if (issues.length) throw validationError(issues);
  return LIBRARY.definitions.filter((d) => ids.includes(d.id));
}

export function measuresOf(defs: readonly IndicatorDefinition[]): Measure[] {
  const ids = new Set(
    defs.flatMap((d) => {
      const p = LIBRARY.registry.parts[d.id]!;
      return p.denominator ? [p.numerator, p.denominator] : [p.numerator];
    }),
  );
  return LIBRARY.registry.measures.filter((m) => ids.has(m.id));
}

export async function childrenOf(q: Queryable, unit: OrgUnit): Promise<OrgUnit[]> {
  const rows = await q.query<Parameters<typeof toOrgUnit>[0]>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where o.parent_id = $1 order by o.name`,
    [unit.id],
  );
  return rows.map(toOrgUnit);
}

/** Counts of people (not facilities): what the cell-key method perturbs. */
export const PEOPLE_MEASURES: ReadonlySet<string> = new Set(
  LIBRARY.registry.measures.filter((m) => SOURCES[m.source].countsPeople).map((m) => m.id),
);

/**
 * Counts as a partner viewer reads them: each count of people replaced by its perturbed count, from the
 * installation's table, the count and the sum of its records' keys (shared/indicators/cell-key.ts). Every
 * cell is perturbed by its own key, so a total is not the sum of its published parts (docs/decisions.md
 * says why that is safe).
 */
export function publishedCounts(
  table: PerturbationTable,
  counts: Counts,
  measures: readonly Measure[],
): Counts {
  const out: Counts = {};
  for (const m of measures) {
    const n = counts[m.id] ?? 0;
    out[m.id] = PEOPLE_MEASURES.has(m.id) ? perturbCount(table, n, counts[keySumOf(m.id)] ?? 0) : n;
  }
  return out;
}

type Bundle = {
  unit: OrgUnit;
  period: Period;
  previous: Period | null;
  defs: IndicatorDefinition[];
  main: Counts;
  prev: Counts | null;
  children: Array<{ unit: OrgUnit; counts: Counts }> | null;
  trends: Array<{ month: string; from: string; to: string; partial: boolean; counts: Counts }> | null;
  dims: Partial<Record<DimensionId, SplitCounts>>;
  /** Counts of people are perturbed (aggregate-only readers); the counts above are the published ones. */
  perturbationApplied: boolean;
};

/**
 * Everything shown for one org unit and period: the values, the previous period, the children, the
 * monthly trend and (when asked) disaggregations. For aggregate-only readers every count of people is
 * the perturbed count of its cell, which depends on the cell's records only: no combination of
 * responses undoes it (docs/decisions.md).
 */
export async function computeBundle(
  q: Queryable,
  principal: Principal,
  unit: OrgUnit,
  period: Period,
  defs: IndicatorDefinition[],
  opts: {
    previous: boolean;
    children: boolean;
    trends: boolean;
    dims: readonly DimensionId[];
    asOf: Date;
    /** Keep the records' key sums in the counts (the reports store a partner's copy beside the exact one). */
    keySums?: boolean;
  },
): Promise<Bundle> {
  const { asOf } = opts;
  const perturb = isAggregateOnlyRole(principal.role);
  const measures = measuresOf(defs);
  const previous = opts.previous ? previousPeriod(period) : null;
  const kids =
    opts.children && unit.kind !== 'facility' && unit.kind !== 'commune' ? await childrenOf(q, unit) : null;
  const points = opts.trends ? trendPoints(period) : null;
  const eu = toEngineUnit(unit);
  const cells: Cell[] = [{ unit: eu, from: period.from, to: period.to }];
  if (previous) cells.push({ unit: eu, from: previous.from, to: previous.to });
  for (const k of kids ?? []) cells.push({ unit: toEngineUnit(k), from: period.from, to: period.to });
  for (const p of points ?? []) cells.push({ unit: eu, from: p.from, to: p.to });
  const table = perturb ? await loadPerturbationTable(q) : null;
  const publish = (c: Counts) => (table ? publishedCounts(table, c, measures) : c);
  const withKeys = perturb || opts.keySums === true;
  const counts = (await countCells(q, cells, measures, asOf, { withKeys })).map(publish);
  let i = 0;
  const main = counts[i++]!;
  const prev = previous ? counts[i++]! : null;
  const children = kids ? kids.map((k) => ({ unit: k, counts: counts[i++]! })) : null;
  const trends = points ? points.map((p) => ({ ...p, counts: counts[i++]! })) : null;
  // The splits are independent: asked for together, a pool runs them side by side (FHIR MeasureReport
  // and the DHIS2 export ask for every dimension at once).
  const splits = await Promise.all(
    opts.dims.map(async (dim) => {
      const dms = measures.filter((m) =>
        LIBRARY.definitions.some((d) => d.disaggregations.includes(dim) && measuresOf([d]).includes(m)),
      );
      const [split] = await countCellsBy(q, [{ unit: eu, from: period.from, to: period.to }], dms, dim, {
        withKeys: perturb,
      });
      return [
        dim,
        Object.fromEntries(
          Object.entries(split!).map(([v, c]) => [v, table ? publishedCounts(table, c, dms) : c]),
        ),
      ] as const;
    }),
  );
  const dims: Bundle['dims'] = Object.fromEntries(splits);
  return {
    unit,
    period,
    previous,
    defs,
    main,
    prev,
    children,
    trends,
    dims,
    perturbationApplied: perturb,
  };
}

/** Whether a published count was perturbed: a count of people other than zero, for perturbed readers. */
const perturbedIn = (b: Bundle, counts: Counts) => (measureId: string) =>
  b.perturbationApplied && PEOPLE_MEASURES.has(measureId) && (counts[measureId] ?? 0) !== 0;

const valuesOf = (b: Bundle, counts: Counts): IndicatorValue[] =>
  valuesFromCounts(b.defs, LIBRARY.registry, counts, perturbedIn(b, counts));

export async function getIndicatorValues(
  deps: AppDeps,
  principal: Principal,
  query: IndicatorQuery,
): Promise<ValuesResponse> {
  const started = performance.now();
  const { unit, ancestors } = await readableUnitWithAncestors(deps.db, principal, query.orgUnit);
  const period = periodOf(principal, query);
  const selected = selectIndicators(query.indicators);
  // Without an explicit list, what is slow above the province is left out (deferredAbove).
  const deferred =
    query.indicators || !LARGE_UNITS.has(unit.kind) ? [] : deferredAbove(selected, unit.kind === 'region');
  const defs = selected.filter((d) => !deferred.includes(d));
  const include = new Set((query.include ?? '').split(',').map((s) => s.trim()));
  const b = await computeBundle(deps.db, principal, unit, period, defs, {
    previous: query.compare === 'previous',
    children: include.has('children'),
    trends: include.has('trends'),
    dims: [],
    asOf: deps.clock.now(),
  });
  return {
    orgUnit: toUnitRef(unit),
    ancestors: ancestors.map(toUnitRef),
    period,
    previousPeriod: query.compare === 'previous' ? b.previous : null,
    indicators: valuesOf(b, b.main),
    previous: query.compare === 'previous' && b.prev ? valuesOf(b, b.prev) : null,
    children:
      include.has('children') && b.children
        ? b.children.map((c) => ({
            orgUnit: toUnitRef(c.unit),
            indicators: valuesOf(b, c.counts),
          }))
        : null,
    trends:
      include.has('trends') && b.trends
        ? b.trends.map((t) => ({
            month: t.month,
            from: t.from,
            to: t.to,
            partial: t.partial,
            indicators: valuesOf(b, t.counts),
          }))
        : null,
    perturbationApplied: b.perturbationApplied,
    deferred: deferred.map((d) => d.id),
    computedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

export function disaggregationOf(
  b: Bundle,
  dim: DimensionId,
): Omit<DisaggregationResponse, 'orgUnit' | 'period'> {
  const applicable = b.defs.filter((d) => d.disaggregations.includes(dim));
  const split = b.dims[dim] ?? {};
  const values = (counts: Counts) =>
    valuesFromCounts(applicable, LIBRARY.registry, counts, perturbedIn(b, counts));
  return {
    dimension: dim,
    total: values(b.main),
    rows: DIMENSION_VALUES[dim].map((v) => ({ value: v, indicators: values(split[v] ?? {}) })),
    notApplicable: b.defs.filter((d) => !d.disaggregations.includes(dim)).map((d) => d.id),
    perturbationApplied: b.perturbationApplied,
  };
}

export async function getDisaggregation(
  deps: AppDeps,
  principal: Principal,
  query: PeriodQuery & { orgUnit: string; dimension: DimensionId; indicators?: string | undefined },
): Promise<DisaggregationResponse> {
  const unit = await getReadableUnit(deps.db, principal, query.orgUnit);
  const period = periodOf(principal, query);
  const defs = selectIndicators(query.indicators);
  const b = await computeBundle(deps.db, principal, unit, period, defs, {
    previous: false,
    children: false,
    trends: false,
    dims: [query.dimension],
    asOf: deps.clock.now(),
  });
  return { orgUnit: toUnitRef(unit), period, ...disaggregationOf(b, query.dimension) };
}

export { valuesOf as bundleValues };
export type { Bundle };
