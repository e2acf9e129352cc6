import { z } from 'zod';
import type { Principal } from '../../../shared/auth/principal';
import { isAggregateOnlyRole } from '../../../shared/auth/roles';
import {
  type CompareQuery,
  type CompareResponse,
  MAX_COMPARED_UNITS,
} from '../../../shared/indicators/indicator-api.schema';
import { valuesFromCounts } from '../../../shared/indicators/values';
import { validationError } from '../../../shared/errors';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { ORG_UNIT_COLUMNS, toOrgUnit } from '../org-units/org-units.repo';
import { type Counts, countCells } from './indicator-engine';
import {
  childrenOf,
  getReadableUnit,
  indicatorLibrary,
  deferredAbove,
  LARGE_UNITS,
  measuresOf,
  PEOPLE_MEASURES,
  periodOf,
  publishedCounts,
  selectIndicators,
  toEngineUnit,
  toUnitRef,
} from './indicators.service';
import { loadPerturbationTable } from './perturbation-table';

const UuidSchema = z.uuid();

/**
 * The units of `units=a,b,c`, in the order given, each inside the reader's scope: an unknown id is a
 * validation issue and a unit outside the scope refuses the whole request (403 out_of_scope), never
 * dropped silently.
 */
async function listedUnits(q: Queryable, principal: Principal, list: string): Promise<OrgUnit[]> {
  const ids = [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0)
    throw validationError([{ path: 'units', message: 'indicators.compareParentOrUnits' }]);
  if (ids.length > MAX_COMPARED_UNITS)
    throw validationError([
      { path: 'units', message: 'indicators.tooManyUnits', params: { max: MAX_COMPARED_UNITS } },
    ]);
  const malformed = ids.filter((id) => !UuidSchema.safeParse(id).success);
  if (malformed.length)
    throw validationError(
      malformed.map((id) => ({ path: 'units', message: 'indicators.badUnitId', params: { id } })),
    );
  const rows = await q.query<Parameters<typeof toOrgUnit>[0]>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where o.id = any($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, toOrgUnit(r)]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length)
    throw validationError(
      unknown.map((id) => ({ path: 'units', message: 'indicators.unknownUnit', params: { id } })),
    );
  const units = ids.map((id) => byId.get(id)!);
  for (const u of units) authorize(principal, 'aggregate.read', u.path);
  return units;
}

/**
 * Indicator values of several units for one period in one request (every country of the region, every
 * province of a country, or a list): one engine call over one cell per unit, so every source is counted
 * in at most two statements whatever the number of units. Counts published to partner viewers are each
 * cell's perturbed count, as in the values route, so a unit reads the same here as there.
 */
export async function getComparison(
  deps: AppDeps,
  principal: Principal,
  query: CompareQuery,
): Promise<CompareResponse> {
  const started = performance.now();
  if (Boolean(query.parent) === Boolean(query.units))
    throw validationError([{ path: 'parent', message: 'indicators.compareParentOrUnits' }]);
  const parent = query.parent ? await getReadableUnit(deps.db, principal, query.parent) : null;
  const period = periodOf(principal, query);
  const selected = selectIndicators(query.indicators);
  const units = !parent
    ? await listedUnits(deps.db, principal, query.units ?? '')
    : parent.kind === 'facility' || parent.kind === 'commune'
      ? []
      : await childrenOf(deps.db, parent);
  // The same rule as the values route: a parent's children are deferred as its dashboard defers them;
  // a list when it holds a country or the region.
  const large = parent ? LARGE_UNITS.has(parent.kind) : units.some((u) => LARGE_UNITS.has(u.kind));
  const spansRegion = parent ? parent.kind === 'region' : units.some((u) => u.kind === 'region');
  const deferred = query.indicators || !large ? [] : deferredAbove(selected, spansRegion);
  const defs = selected.filter((d) => !deferred.includes(d));
  const perturb = isAggregateOnlyRole(principal.role);
  const measures = measuresOf(defs);
  const table = perturb ? await loadPerturbationTable(deps.db) : null;
  const counts = await countCells(
    deps.db,
    units.map((u) => ({ unit: toEngineUnit(u), from: period.from, to: period.to })),
    measures,
    deps.clock.now(),
    { withKeys: perturb },
  );
  const valuesOf = (raw: Counts) => {
    const c = table ? publishedCounts(table, raw, measures) : raw;
    return valuesFromCounts(
      defs,
      indicatorLibrary.registry,
      c,
      (m) => perturb && PEOPLE_MEASURES.has(m) && (c[m] ?? 0) !== 0,
    );
  };
  return {
    parent: parent ? toUnitRef(parent) : null,
    period,
    units: units.map((u, i) => ({ orgUnit: toUnitRef(u), indicators: valuesOf(counts[i]!) })),
    perturbationApplied: perturb,
    deferred: deferred.map((d) => d.id),
    computedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
