import { decideAccess, type Principal } from '../../../shared/auth/principal';
import { localDate } from '../../../shared/births/local-date';
import { AppError, validationError, versionConflict } from '../../../shared/errors';
import {
  checkReadiness,
  type KmcReadiness,
  type KmcReadinessInput,
  type KmcReadinessPlace,
} from '../../../shared/kmc/kmc-readiness';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import {
  findReadinessRow,
  insertReadinessRow,
  type ReadinessRow,
  updateReadinessRow,
} from './kmc-readiness.repo';

/** A facility's "offers KMC" declaration (issue 16, docs/kmc.md "Facility readiness"). */

const READINESS = auditSubject('kmc_facility_readiness');

/** The facility, in the reader's scope for the permission; anything else is 404 or 403. */
async function getFacility(
  q: Queryable,
  reader: Principal,
  facilityId: string,
  permission: 'org_unit.read' | 'facility_readiness.write',
) {
  const unit = await findOrgUnit(q, facilityId);
  if (!unit || unit.kind !== 'facility') throw new AppError('not_found', 'errors.notFound');
  authorize(reader, permission, unit.path);
  return unit;
}

const toDeclaration = (r: ReadinessRow) => ({
  offersKmc: r.offers_kmc,
  offeredSince: r.offered_since,
  places: r.places as KmcReadinessPlace[],
  providesSpecialCare: r.provides_special_care,
  version: r.version,
  updatedAt: toIso(r.updated_at),
});

async function readinessView(q: Queryable, reader: Principal, unit: OrgUnit): Promise<KmcReadiness> {
  const row = await findReadinessRow(q, unit.id);
  return {
    facilityId: unit.id,
    facilityName: unit.name,
    declaration: row ? toDeclaration(row) : null,
    canEdit: decideAccess(reader, 'facility_readiness.write', unit.path) === 'allowed',
  };
}

export async function getKmcReadiness(
  deps: AppDeps,
  reader: Principal,
  facilityId: string,
): Promise<KmcReadiness> {
  const unit = await getFacility(deps.db, reader, facilityId, 'org_unit.read');
  return readinessView(deps.db, reader, unit);
}

/** Records the declaration: the first with `version: null`, later ones on the version read (409 if stale). */
export async function saveKmcReadiness(
  deps: AppDeps,
  reader: Principal,
  facilityId: string,
  input: KmcReadinessInput,
): Promise<KmcReadiness> {
  return deps.db.transaction(async (tx) => {
    const unit = await getFacility(tx, reader, facilityId, 'facility_readiness.write');
    const now = deps.clock.now();
    const { version, providesSpecialCare, ...declared } = input;
    const before = await findReadinessRow(tx, facilityId, true);
    // Left out of the request: the stored answer stays.
    const values = {
      ...declared,
      providesSpecialCare:
        providesSpecialCare === undefined ? (before?.provides_special_care ?? null) : providesSpecialCare,
    };
    const issues = checkReadiness(values, localDate(now, unit.timezone));
    if (issues.length) throw validationError(issues);
    if (version === null) {
      // Someone declared first meanwhile: the reader's "nothing declared yet" is stale.
      if (before || !(await insertReadinessRow(tx, facilityId, values, reader.userId, now)))
        throw versionConflict(0, before?.version ?? 1);
    } else {
      if (!before) throw new AppError('not_found', 'errors.notFound');
      if (
        before.version !== version ||
        !(await updateReadinessRow(tx, facilityId, version, values, reader.userId, now))
      )
        throw versionConflict(version, before.version);
    }
    await auditChange(tx, reader, version === null ? 'create' : 'update', READINESS(facilityId, facilityId), {
      ...(before
        ? {
            before: {
              offersKmc: before.offers_kmc,
              offeredSince: before.offered_since,
              places: before.places,
              providesSpecialCare: before.provides_special_care,
            },
          }
        : {}),
      after: values,
    });
    return readinessView(tx, reader, unit);
  });
}
