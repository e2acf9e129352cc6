import type { Principal } from '../../../shared/auth/principal';
import { type EencSettings, EencSettingsSchema } from '../../../shared/births/eenc-settings';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { settingsForOrgUnit, settingsToChange } from './country-settings-access';
import { getCountrySettings, refreshCountryFacilityRollups } from './eenc-settings.repo';
import { recomputeCountry } from './rederive.service';

const COUNTRY_SETTINGS = auditSubject('country_settings');

export const getSettingsForOrgUnit = (deps: AppDeps, principal: Principal, orgUnitId: string) =>
  settingsForOrgUnit(deps, principal, orgUnitId, getCountrySettings);

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
    const { country, current } = await settingsToChange(
      tx,
      principal,
      countryId,
      version,
      getCountrySettings,
    );
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
    await auditChange(tx, principal, 'update', COUNTRY_SETTINGS(countryId, countryId), {
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
