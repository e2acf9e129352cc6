import type { Principal } from '../../../shared/auth/principal';
import { isAggregateOnlyRole } from '../../../shared/auth/roles';
import {
  type IndicatorDefinition,
  loadIndicators,
  MEASURE_RELATIONS,
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
import {
  DIMENSION_IDS,
  DIMENSION_VALUES,
  type DimensionId,
  SOURCES,
} from '../../../shared/indicators/sources';
import {
  type SuppressionCell,
  type SuppressionConstraint,
  suppressSmallCounts,
} from '../../../shared/indicators/suppression';
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
  type SplitCounts,
} from './indicator-engine';
import { isLiveSource } from './indicator-source-registry';

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
const toEngineUnit = (u: Pick<OrgUnit, 'id' | 'path' | 'kind'>): EngineUnit => ({
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
const LARGE_UNITS: ReadonlySet<string> = new Set(['region', 'country']);
const isLive = (d: IndicatorDefinition) => isLiveSource(d.source);

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

function measuresOf(defs: readonly IndicatorDefinition[]): Measure[] {
  const ids = new Set(
    defs.flatMap((d) => {
      const p = LIBRARY.registry.parts[d.id]!;
      return p.denominator ? [p.numerator, p.denominator] : [p.numerator];
    }),
  );
  return LIBRARY.registry.measures.filter((m) => ids.has(m.id));
}

async function childrenOf(q: Queryable, unit: OrgUnit): Promise<OrgUnit[]> {
  const rows = await q.query<Parameters<typeof toOrgUnit>[0]>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where o.parent_id = $1 order by o.name`,
    [unit.id],
  );
  return rows.map(toOrgUnit);
}

/** The cells of one suppression problem, their counts and the additive relations between them. */
class SuppressionProblem {
  cells: SuppressionCell[] = [];
  constraints: SuppressionConstraint[] = [];
  private peopleMeasures: Set<string>;
  constructor(private measures: readonly Measure[]) {
    this.peopleMeasures = new Set(measures.filter((m) => SOURCES[m.source].countsPeople).map((m) => m.id));
  }
  addCounts(key: string, counts: Counts) {
    for (const m of this.measures)
      this.cells.push({
        id: `${key}|${m.id}`,
        value: counts[m.id] ?? 0,
        suppressible: this.peopleMeasures.has(m.id),
      });
    for (const rel of MEASURE_RELATIONS) {
      const total = safeRef(rel.total);
      const parts = rel.parts.map(safeRef);
      if (total && parts.every(Boolean))
        this.constraints.push({ total: `${key}|${total}`, parts: parts.map((p) => `${key}|${p}`) });
    }
  }
  /** total cell key = sum of the part cell keys, for every measure in `ms`. */
  relate(total: string, parts: readonly string[], ms: readonly Measure[] = this.measures) {
    if (parts.length === 0) return;
    for (const m of ms)
      this.constraints.push({ total: `${total}|${m.id}`, parts: parts.map((p) => `${p}|${m.id}`) });
  }
  solve(): (key: string) => (measureId: string) => boolean {
    const { hidden } = suppressSmallCounts(this.cells, this.constraints);
    return (key) => (m) => hidden.has(`${key}|${m}`);
  }
}
function safeRef(ref: (typeof MEASURE_RELATIONS)[number]['total']): string | undefined {
  try {
    return LIBRARY.registry.byRef(ref);
  } catch {
    return undefined;
  }
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
  hidden: (key: string) => (measureId: string) => boolean;
  suppressionApplied: boolean;
};

/**
 * Everything shown for one org unit and period: the values, the previous period, the children, the
 * monthly trend and (when asked) disaggregations. For aggregate-only readers every part is computed and
 * suppressed together, so that one response cannot undo the suppression of another for the same unit
 * and period.
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
    /** Left out of the full set that suppression solves for aggregate-only readers. */
    exclude?: readonly string[];
  },
): Promise<Bundle> {
  const { asOf } = opts;
  const suppress = isAggregateOnlyRole(principal.role);
  const want = suppress ? { previous: true, children: true, trends: true, dims: DIMENSION_IDS } : opts;
  const full = LIBRARY.definitions.filter((d) => !opts.exclude?.includes(d.id));
  const measures = measuresOf(suppress ? full : defs);
  const previous = want.previous ? previousPeriod(period) : null;
  const kids =
    want.children && unit.kind !== 'facility' && unit.kind !== 'commune' ? await childrenOf(q, unit) : null;
  const points = want.trends ? trendPoints(period) : null;
  const eu = toEngineUnit(unit);
  const cells: Cell[] = [{ unit: eu, from: period.from, to: period.to }];
  if (previous) cells.push({ unit: eu, from: previous.from, to: previous.to });
  for (const k of kids ?? []) cells.push({ unit: toEngineUnit(k), from: period.from, to: period.to });
  for (const p of points ?? []) cells.push({ unit: eu, from: p.from, to: p.to });
  const counts = await countCells(q, cells, measures, asOf);
  let i = 0;
  const main = counts[i++]!;
  const prev = previous ? counts[i++]! : null;
  const children = kids ? kids.map((k) => ({ unit: k, counts: counts[i++]! })) : null;
  const trends = points ? points.map((p) => ({ ...p, counts: counts[i++]! })) : null;
  const dims: Bundle['dims'] = {};
  for (const dim of want.dims) {
    const dms = measures.filter((m) =>
      LIBRARY.definitions.some((d) => d.disaggregations.includes(dim) && measuresOf([d]).includes(m)),
    );
    dims[dim] = (await countCellsBy(q, [{ unit: eu, from: period.from, to: period.to }], dms, dim))[0]!;
  }
  let hidden: Bundle['hidden'] = () => () => false;
  if (suppress) {
    const problem = new SuppressionProblem(measures);
    problem.addCounts('main', main);
    if (prev && previous) problem.addCounts('prev', prev);
    children?.forEach((c, k) => problem.addCounts(`child${k}`, c.counts));
    if (children)
      problem.relate(
        'main',
        children.map((_, k) => `child${k}`),
      );
    trends?.forEach((t, k) => problem.addCounts(`trend${k}`, t.counts));
    if (trends) {
      for (const [key, p] of [
        ['main', period],
        ['prev', previous],
      ] as const) {
        if (!p) continue;
        const inside = trends.map((t, k) => ({ t, k })).filter(({ t }) => t.from >= p.from && t.to <= p.to);
        if (inside.length && inside[0]!.t.from === p.from && inside.at(-1)!.t.to === p.to)
          problem.relate(
            key,
            inside.map(({ k }) => `trend${k}`),
          );
      }
    }
    for (const [dim, split] of Object.entries(dims) as Array<[DimensionId, SplitCounts]>) {
      const dms = measures.filter((m) =>
        LIBRARY.definitions.some((d) => d.disaggregations.includes(dim) && measuresOf([d]).includes(m)),
      );
      const keys = DIMENSION_VALUES[dim].map((v) => `${dim}=${v}`);
      DIMENSION_VALUES[dim].forEach((v, k) => {
        const c = split[v] ?? {};
        problem.cells.push(
          ...dms.map((m) => ({
            id: `${keys[k]}|${m.id}`,
            value: c[m.id] ?? 0,
            suppressible: SOURCES[m.source].countsPeople,
          })),
        );
      });
      problem.relate('main', keys, dms);
    }
    hidden = problem.solve();
  }
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
    hidden,
    suppressionApplied: suppress,
  };
}

const valuesOf = (b: Bundle, key: string, counts: Counts): IndicatorValue[] =>
  valuesFromCounts(b.defs, LIBRARY.registry, counts, b.hidden(key));

export async function getIndicatorValues(
  deps: AppDeps,
  principal: Principal,
  query: IndicatorQuery,
): Promise<ValuesResponse> {
  const started = performance.now();
  const { unit, ancestors } = await readableUnitWithAncestors(deps.db, principal, query.orgUnit);
  const period = periodOf(principal, query);
  const selected = selectIndicators(query.indicators);
  // Without an explicit list, indicators counted live are left out above the province (seconds there).
  const deferred = query.indicators || !LARGE_UNITS.has(unit.kind) ? [] : selected.filter(isLive);
  const defs = selected.filter((d) => !deferred.includes(d));
  const include = new Set((query.include ?? '').split(',').map((s) => s.trim()));
  const b = await computeBundle(deps.db, principal, unit, period, defs, {
    previous: query.compare === 'previous',
    children: include.has('children'),
    trends: include.has('trends'),
    dims: [],
    asOf: deps.clock.now(),
    exclude: deferred.map((d) => d.id),
  });
  return {
    orgUnit: toUnitRef(unit),
    ancestors: ancestors.map(toUnitRef),
    period,
    previousPeriod: query.compare === 'previous' ? b.previous : null,
    indicators: valuesOf(b, 'main', b.main),
    previous: query.compare === 'previous' && b.prev ? valuesOf(b, 'prev', b.prev) : null,
    children:
      include.has('children') && b.children
        ? b.children.map((c, k) => ({
            orgUnit: toUnitRef(c.unit),
            indicators: valuesOf(b, `child${k}`, c.counts),
          }))
        : null,
    trends:
      include.has('trends') && b.trends
        ? b.trends.map((t, k) => ({
            month: t.month,
            from: t.from,
            to: t.to,
            partial: t.partial,
            indicators: valuesOf(b, `trend${k}`, t.counts),
          }))
        : null,
    suppressionApplied: b.suppressionApplied,
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
  const hiddenFor = (key: string) => b.hidden(key);
  return {
    dimension: dim,
    total: valuesFromCounts(applicable, LIBRARY.registry, b.main, hiddenFor('main')),
    rows: DIMENSION_VALUES[dim].map((v) => ({
      value: v,
      indicators: valuesFromCounts(applicable, LIBRARY.registry, split[v] ?? {}, hiddenFor(`${dim}=${v}`)),
    })),
    notApplicable: b.defs.filter((d) => !d.disaggregations.includes(dim)).map((d) => d.id),
    suppressionApplied: b.suppressionApplied,
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
