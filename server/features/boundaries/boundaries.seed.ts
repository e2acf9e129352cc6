import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import { BoundaryGeometrySchema } from '../../../shared/org-units/boundary.schema';
import type { Db } from '../../db/db';
import { orgUnitIdOf } from '../../seed/demo';
import { writeAudit } from '../audit/audit.repo';
import { upsertBoundary } from './boundaries.repo';
import { simplifyGeometry } from './simplify-geometry';

/**
 * Where the demo countries' shapes come from: Natural Earth 1:50m admin-0 countries (public domain), as
 * TopoJSON in the world-atlas package (ISC). Ids are ISO 3166-1 numeric codes. Only the countries: no free
 * data here has the demo's provinces and districts, and invented shapes must not pass for real ones; a
 * country adds them with the import (docs/boundaries.md).
 */
export const DEMO_BOUNDARY_SOURCE = 'Natural Earth 1:50m (public domain), world-atlas 2.0.2 (ISC)';
const DEMO_COUNTRY_SHAPES = [
  { code: 'VN', iso: '704' },
  { code: 'LA', iso: '418' },
] as const;

export async function seedBoundariesDemo(db: Db, now: Date): Promise<void> {
  const path = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
  const topology = JSON.parse(await readFile(path, 'utf8')) as Parameters<typeof feature>[0];
  const countries = topology.objects.countries as Extract<
    Parameters<typeof feature>[1],
    { type: 'GeometryCollection' }
  >;
  for (const { code, iso } of DEMO_COUNTRY_SHAPES) {
    const object = countries.geometries.find((g) => g.id === iso);
    if (!object) throw new Error(`world-atlas has no country ${iso}`);
    const geometry = BoundaryGeometrySchema.parse(
      (feature(topology, object) as { geometry: unknown }).geometry,
    );
    await upsertBoundary(db, {
      orgUnitId: orgUnitIdOf(code),
      geometry: simplifyGeometry(geometry),
      source: DEMO_BOUNDARY_SOURCE,
      at: now,
      by: null,
    });
  }
  await writeAudit(db, {
    actor: null,
    action: 'import',
    entityType: 'org_unit_boundary',
    details: { source: DEMO_BOUNDARY_SOURCE, created: DEMO_COUNTRY_SHAPES.length },
  });
}
