import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { VisitInputSchema, VisitUpdateSchema } from '../../../shared/pnc/pnc.schema';
import { flattenDoc, type FlatRecord, unflattenDoc } from '../../../shared/sync/flat-record';
import { PNC_VISIT_SHAPE } from '../../../shared/sync/record-shapes';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { deleteVisit, recordVisit, updateVisit, visitDocument } from '../pnc/pnc-visits.service';
import { findBirthForPnc, findVisit } from '../pnc/pnc.repo';
import { createEach, noPersonalPaths, parsed, type SyncRecordHandler } from './sync-record-type';
import { SYNC_PERMISSIONS } from '../../../shared/sync/sync.schema';

const flatOf = (doc: unknown) => flattenDoc(PNC_VISIT_SHAPE, doc as Record<string, unknown>);

/** The visit in flat form and where it lies: the birth's facility, and the mother's commune (handover). */
async function findVisitRecord(q: Queryable, id: string, forUpdate: boolean) {
  const visit = await findVisit(q, id, { forUpdate });
  if (!visit) return undefined;
  const birth = (await findBirthForPnc(q, visit.birth_id))!;
  return {
    flat: flatOf(await visitDocument(q, id)),
    version: visit.version,
    orgUnitId: birth.facility_id,
    paths: [birth.facility_path, ...(birth.commune_path ? [birth.commune_path] : [])],
  };
}

async function createVisit(deps: AppDeps, principal: Principal, id: string, flat: FlatRecord) {
  const { result } = await recordVisit(
    deps,
    principal,
    parsed(VisitInputSchema, { ...unflattenDoc(PNC_VISIT_SHAPE, flat), id }),
  );
  return result.version;
}

/** Postnatal contacts (a visit of the mother and/or babies) through the PNC visit service. */
export const pncVisitSync: SyncRecordHandler = {
  shape: PNC_VISIT_SHAPE,
  writePermission: SYNC_PERMISSIONS.pnc_visit.write,
  readPermission: SYNC_PERMISSIONS.pnc_visit.read,
  isPersonalPath: noPersonalPaths,
  fixedFields: ['birthId', 'contactCode'],
  audit: { entityType: 'pnc_visit', entityId: async (_q, id) => id },
  flatOfAudited: flatOf,
  find: findVisitRecord,
  create: createVisit,
  createMany: createEach({ find: findVisitRecord, create: createVisit }),
  async update(deps, principal, id, flat, version) {
    const { birthId: _b, contactCode: _c, ...values } = unflattenDoc(PNC_VISIT_SHAPE, flat);
    const saved = await updateVisit(deps, principal, id, parsed(VisitUpdateSchema, { ...values, version }));
    return { version: saved.version };
  },
  remove: (deps, principal, id, version) => deleteVisit(deps, principal, id, version),
  pull: {
    async read(deps, principal, ids) {
      if (!roleHasPermission(principal.role, 'pnc.read')) return [];
      const found = await Promise.all(ids.map((id) => findVisitRecord(deps.db, id, false)));
      return found.flatMap((r, i) =>
        r && r.paths.some((p) => isPathInScope(principal, p))
          ? [{ recordType: 'pnc_visit' as const, id: ids[i]!, version: r.version, flat: r.flat }]
          : [],
      );
    },
    async idsOfBirths(q, birthIds) {
      const rows = await q.query<{ id: string }>(
        'select id from pnc_visits where birth_id = any($1::uuid[])',
        [birthIds],
      );
      return rows.map((r) => r.id);
    },
  },
};
