import type { Principal } from '../../../shared/auth/principal';
import { type EencSettings, EencSettingsSchema } from '../../../shared/births/eenc-settings';
import { AppError, versionConflict } from '../../../shared/errors';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { writeAudit } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { getOrgUnit } from '../org-units/org-units.service';
import { findCountryOf, getCountrySettings, refreshCountryFacilityRollups } from './eenc-settings.repo';
import { recomputeCountry } from './rederive.service';

export async function getSettingsForOrgUnit(deps: AppDeps, principal: Principal, orgUnitId: string) {
  const unit = await getOrgUnit(deps.db, orgUnitId);
  const visible = principal.scopes.some((s) => unit.path.startsWith(s.path) || s.path.startsWith(unit.path));
  if (!visible) throw new AppError('out_of_scope', 'errors.outOfScope');
  const country =
    unit.kind === 'country' ? { id: unit.id, name: unit.name } : await findCountryOf(deps.db, unit.path);
  const stored = await getCountrySettings(deps.db, country?.id ?? null);
  return { ...stored, countryId: country?.id ?? null, countryName: country?.name ?? null };
}

/** A national manager (or admin) sets the country's thresholds; existing records are re-derived. */
export async function updateCountrySettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  version: number,
  settings: EencSettings,
) {
  const parsed = EencSettingsSchema.parse(settings);
  return deps.db.transaction(async (tx) => {
    const country = await findOrgUnit(tx, countryId);
    if (country?.kind !== 'country') throw new AppError('not_found', 'errors.notFound');
    authorize(principal, 'config.manage', country.path);
    const current = await getCountrySettings(tx, countryId);
    if (current.version !== version) throw versionConflict(version, current.version);
    const now = deps.clock.now();
    await tx.query(
      `insert into country_settings (country_id, eenc, version, updated_at, updated_by) values ($1, $2::jsonb, 1, $3, $4)
       on conflict (country_id) do update set eenc = excluded.eenc, version = country_settings.version + 1,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [countryId, JSON.stringify(parsed), now, principal.userId],
    );
    const recomputed = await recomputeCountry(tx, country.path, parsed);
    if (parsed.implementingStep !== current.settings.implementingStep)
      await refreshCountryFacilityRollups(tx, country.path);
    await writeAudit(tx, {
      actor: principal,
      action: 'update',
      entityType: 'country_settings',
      entityId: countryId,
      orgUnitId: countryId,
      before: current.settings,
      after: parsed,
      details: { recomputedBirths: recomputed },
    });
    return {
      ...(await getCountrySettings(tx, countryId)),
      countryName: country.name,
      recomputedBirths: recomputed,
    };
  });
}
