import { createHash } from 'node:crypto';
import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import { AppError } from '../../../shared/errors';
import {
  BOUNDARY_MAX_BYTES,
  BOUNDARY_MAX_FEATURES,
  type BoundaryGeometry,
  BoundaryGeometrySchema,
  type BoundaryImportIssue,
  type BoundaryImportQuery,
  type BoundaryImportReport,
  type ChildBoundaries,
} from '../../../shared/org-units/boundary.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { writeAudit } from '../audit/audit.repo';
import { listVisibleOrgUnits } from '../org-units/org-units.service';
import { findBoundaries, upsertBoundary } from './boundaries.repo';
import { countPositions, simplifyGeometry } from './simplify-geometry';

/** The report before its messages are translated: issues still carry their params. */
export type ImportReport = Omit<BoundaryImportReport, 'errors'> & { errors: BoundaryImportIssue[] };

type Unit = { id: string; code: string; name: string; path: string; dhis2_id: string | null };
type Feature = { index: number; key: string; geometry: BoundaryGeometry };

const fileError = (message: string, params?: Record<string, unknown>) =>
  new AppError(
    'validation_failed',
    message,
    [{ path: 'file', message, ...(params ? { params } : {}) }],
    params,
  );

/** The FeatureCollection's features, or a file-level error (not JSON, not a collection, too many). */
function readFeatures(text: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fileError('boundaries.badJson', { detail: err instanceof Error ? err.message : String(err) });
  }
  const fc = json as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw fileError('boundaries.notFeatureCollection');
  if (fc.features.length === 0) throw fileError('boundaries.noFeatures');
  if (fc.features.length > BOUNDARY_MAX_FEATURES)
    throw fileError('boundaries.tooManyFeatures', { max: BOUNDARY_MAX_FEATURES });
  return fc.features;
}

/** Where the feature names its unit: the chosen property, or the default for the kind of match. */
function keyOf(f: Record<string, unknown>, q: BoundaryImportQuery): { property: string; value: unknown } {
  const props = (f.properties ?? {}) as Record<string, unknown>;
  if (q.property) return { property: q.property, value: props[q.property] };
  if (q.match === 'dhis2Id') return { property: 'id', value: f.id ?? props.id };
  return { property: q.match, value: props[q.match] };
}

function checkFeature(
  raw: unknown,
  index: number,
  q: BoundaryImportQuery,
  errors: BoundaryImportIssue[],
): Feature | null {
  const issue = (path: string, message: string, params?: Record<string, unknown>) =>
    errors.push({ feature: index, path: `features.${index}${path}`, message, ...(params ? { params } : {}) });
  const f = raw as Record<string, unknown> | null;
  if (!f || typeof f !== 'object' || f.type !== 'Feature') {
    issue('', 'boundaries.notFeature');
    return null;
  }
  const { property, value } = keyOf(f, q);
  const key = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!key) issue(`.properties.${property}`, 'boundaries.noKey', { property });
  const g = f.geometry as { type?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    issue('.geometry', 'boundaries.geometryType', {
      type: typeof g?.type === 'string' ? g.type.slice(0, 40) : 'null',
    });
    return null;
  }
  const parsed = BoundaryGeometrySchema.safeParse(g);
  if (!parsed.success) {
    // Our own ring checks have their own message; zod's (a latitude of 95, a string) are given as detail.
    const first = parsed.error.issues[0]!;
    if (first.message.startsWith('boundaries.')) issue('.geometry', first.message);
    else
      issue('.geometry', 'boundaries.badGeometry', { detail: `${first.path.join('.')}: ${first.message}` });
    return null;
  }
  return key ? { index, key, geometry: parsed.data } : null;
}

async function findUnits(q: Queryable, match: BoundaryImportQuery['match'], keys: string[]): Promise<Unit[]> {
  const where =
    match === 'code'
      ? 'lower(code) = any($1::text[])'
      : match === 'dhis2Id'
        ? 'dhis2_id = any($1::text[])'
        : 'name = any($1::text[])';
  return q.query<Unit>(`select id, code, name, path, dhis2_id from org_units where ${where}`, [
    match === 'code' ? keys.map((k) => k.toLowerCase()) : keys,
  ]);
}

/** The unit's identifier the file's key is compared with (codes are unique case-insensitively). */
const unitKey = (u: Unit, match: BoundaryImportQuery['match']) =>
  match === 'code' ? u.code.toLowerCase() : match === 'name' ? u.name : u.dhis2_id;

/**
 * Imports boundaries from a GeoJSON FeatureCollection: each feature is matched to an org unit, checked
 * and simplified; with mode=commit every shape is written or none (one transaction, only when the file
 * has no error). Importers may only give shapes to units inside their own area.
 */
export async function importBoundaries(
  deps: AppDeps,
  actor: Principal,
  text: string,
  q: BoundaryImportQuery,
): Promise<ImportReport> {
  const features = readFeatures(text);
  const errors: BoundaryImportIssue[] = [];
  const checked = features
    .map((raw, i) => checkFeature(raw, i + 1, q, errors))
    .filter((f): f is Feature => f !== null);
  const units = await findUnits(deps.db, q.match, [...new Set(checked.map((f) => f.key))]);
  const report: ImportReport = {
    committed: false,
    features: features.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rows: [],
    errors,
  };
  const planned: Array<{ unit: Unit; geometry: BoundaryGeometry }> = [];
  const seen = new Map<string, number>();
  const existing = new Map(
    (
      await findBoundaries(
        deps.db,
        units.map((u) => u.id),
      )
    ).map((b) => [b.orgUnitId, JSON.stringify(b.geometry)]),
  );
  for (const f of checked) {
    const issue = (message: string, params: Record<string, unknown>) =>
      errors.push({ feature: f.index, path: `features.${f.index}`, message, params });
    const wanted = q.match === 'code' ? f.key.toLowerCase() : f.key;
    const hits = units.filter((u) => unitKey(u, q.match) === wanted);
    if (hits.length === 0) {
      issue('boundaries.unknownUnit', {
        property: q.property ?? (q.match === 'dhis2Id' ? 'id' : q.match),
        value: f.key,
      });
      continue;
    }
    if (hits.length > 1) {
      issue('boundaries.ambiguousName', { count: hits.length, value: f.key });
      continue;
    }
    const unit = hits[0]!;
    if (!isPathInScope(actor, unit.path)) {
      issue('boundaries.outOfScope', { name: unit.name });
      continue;
    }
    const first = seen.get(unit.id);
    if (first !== undefined) {
      issue('boundaries.duplicate', { name: unit.name, first });
      continue;
    }
    seen.set(unit.id, f.index);
    const geometry = simplifyGeometry(f.geometry);
    const json = JSON.stringify(geometry);
    const bytes = Buffer.byteLength(json);
    if (bytes > BOUNDARY_MAX_BYTES) {
      issue('boundaries.tooLarge', {
        name: unit.name,
        kb: Math.ceil(bytes / 1024),
        max: BOUNDARY_MAX_BYTES / 1024,
      });
      continue;
    }
    const before = existing.get(unit.id);
    const action = before === undefined ? 'create' : before === json ? 'unchanged' : 'update';
    report[action === 'create' ? 'created' : action === 'update' ? 'updated' : 'unchanged']++;
    report.rows.push({
      feature: f.index,
      code: unit.code,
      name: unit.name,
      action,
      points: countPositions(f.geometry),
      keptPoints: countPositions(geometry),
      bytes,
    });
    if (action !== 'unchanged') planned.push({ unit, geometry });
  }
  errors.sort((a, b) => a.feature - b.feature);
  if (errors.length || q.mode === 'validate') return report;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    for (const p of planned)
      await upsertBoundary(tx, {
        orgUnitId: p.unit.id,
        geometry: p.geometry,
        source: q.source,
        at: now,
        by: actor.userId,
      });
    await writeAudit(tx, {
      actor,
      action: 'import',
      entityType: 'org_unit_boundary',
      details: {
        source: q.source,
        match: q.match,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
      },
      orgUnitId: actor.scopes[0]?.id ?? null,
    });
  });
  report.committed = true;
  return report;
}

/**
 * The boundaries of a unit's children that the reader may see (the same children as the org-unit list
 * and the dashboard), and how many have none. `etag` is a digest of the answer itself.
 */
export async function listChildBoundaries(
  deps: AppDeps,
  principal: Principal,
  parentId: string,
): Promise<ChildBoundaries & { etag: string }> {
  const children = await listVisibleOrgUnits(deps, principal, { parent: parentId, limit: 5000 });
  const found = await findBoundaries(
    deps.db,
    children.map((c) => c.id),
  );
  const stamp = createHash('sha256')
    .update(children.map((c) => c.id).join(','))
    .update(JSON.stringify(found.map((b) => [b.orgUnitId, b.geometry])))
    .digest('base64url')
    .slice(0, 27);
  return {
    items: found.map((b) => ({ orgUnitId: b.orgUnitId, geometry: b.geometry })),
    withoutBoundary: children.length - found.length,
    etag: `"${stamp}"`,
  };
}
