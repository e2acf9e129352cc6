import type { BoundaryGeometry } from '../../../shared/org-units/boundary.schema';
import type { Queryable } from '../../db/db';

export async function findBoundaries(
  q: Queryable,
  ids: readonly string[],
): Promise<Array<{ orgUnitId: string; geometry: BoundaryGeometry; updatedAt: Date }>> {
  if (ids.length === 0) return [];
  const rows = await q.query<{ org_unit_id: string; geometry: BoundaryGeometry; updated_at: Date }>(
    'select org_unit_id, geometry, updated_at from org_unit_boundaries where org_unit_id = any($1::uuid[]) order by org_unit_id',
    [ids],
  );
  return rows.map((r) => ({ orgUnitId: r.org_unit_id, geometry: r.geometry, updatedAt: r.updated_at }));
}

/** Creates or replaces a unit's boundary; returns whether it was new. */
export async function upsertBoundary(
  q: Queryable,
  b: { orgUnitId: string; geometry: BoundaryGeometry; source: string; at: Date; by: string | null },
): Promise<void> {
  await q.query(
    `insert into org_unit_boundaries (org_unit_id, geometry, source, updated_at, updated_by)
     values ($1, $2::jsonb, $3, $4, $5)
     on conflict (org_unit_id) do update
       set geometry = excluded.geometry, source = excluded.source,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [b.orgUnitId, JSON.stringify(b.geometry), b.source, b.at, b.by],
  );
}
