import type { Principal } from '../../../shared/auth/principal';
import type { CoachingSettings } from '../../../shared/coaching/coaching.schema';
import { DEFAULT_COVERAGE_YEARS } from '../../../shared/coaching/coaching-values';
import { AppError, versionConflict } from '../../../shared/errors';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';

const settingsSubject = auditSubject('coaching_settings');

async function getCountry(deps: AppDeps, principal: Principal, id: string, permission: 'config.manage') {
  const unit = await findOrgUnit(deps.db, id);
  if (!unit || unit.kind !== 'country') throw new AppError('not_found', 'errors.notFound');
  authorize(principal, permission, unit.path);
  return unit;
}

/** A country's coaching settings; version 0 while it has the defaults. */
export async function getCoachingSettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
): Promise<CoachingSettings> {
  await getCountry(deps, principal, countryId, 'config.manage');
  const [row] = await deps.db.query<{ coverage_years: number; version: number }>(
    'select coverage_years, version from coaching_settings where country_id = $1',
    [countryId],
  );
  return {
    countryId,
    coverageYears: row?.coverage_years ?? DEFAULT_COVERAGE_YEARS,
    version: row?.version ?? 0,
  };
}

/** Changes the coverage window; the indicators use it at the next query. */
export async function updateCoachingSettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  input: { version: number; coverageYears: number },
): Promise<CoachingSettings> {
  await getCountry(deps, principal, countryId, 'config.manage');
  const before = await getCoachingSettings(deps, principal, countryId);
  if (before.version !== input.version) throw versionConflict(input.version, before.version);
  await deps.db.transaction(async (tx) => {
    const rows = await tx.query(
      `insert into coaching_settings (country_id, coverage_years, version, updated_at, updated_by)
       values ($1, $2, 1, $4, $5)
       on conflict (country_id) do update set coverage_years = $2, version = coaching_settings.version + 1,
         updated_at = $4, updated_by = $5 where coaching_settings.version = $3
       returning version`,
      [countryId, input.coverageYears, input.version, deps.clock.now(), principal.userId],
    );
    if (rows.length !== 1) throw versionConflict(input.version, before.version);
    await auditChange(tx, principal, 'update', settingsSubject(countryId, countryId), {
      before: { coverageYears: before.coverageYears },
      after: { coverageYears: input.coverageYears },
    });
  });
  return getCoachingSettings(deps, principal, countryId);
}
