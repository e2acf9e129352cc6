import type { Principal } from '../../../shared/auth/principal';
import {
  DEFAULT_PNC_SETTINGS,
  mergePncSettings,
  type PncSettings,
  PncSettingsSchema,
} from '../../../shared/pnc/pnc-settings';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { settingsForOrgUnit, settingsToChange } from '../births/country-settings-access';
import { findCountryOf } from '../births/eenc-settings.repo';
import { findStoredPncSettings, savePncSettings } from './pnc-settings.repo';

const PNC_SETTINGS = auditSubject('pnc_settings');

export type StoredPncSettings = { settings: PncSettings; version: number; isDefault: boolean };

/** A country's PNC settings over the defaults (`country_settings.pnc`, '{}' = defaults). */
export async function getPncSettings(q: Queryable, countryId: string | null): Promise<StoredPncSettings> {
  if (!countryId) return { settings: DEFAULT_PNC_SETTINGS, version: 0, isDefault: true };
  const row = await findStoredPncSettings(q, countryId);
  if (!row) return { settings: DEFAULT_PNC_SETTINGS, version: 0, isDefault: true };
  return {
    settings: mergePncSettings(row.pnc),
    version: row.pnc_version,
    isDefault: Object.keys(row.pnc ?? {}).length === 0,
  };
}

/** The settings in force at an org unit: those of the country above it. */
export async function pncSettingsAt(q: Queryable, path: string): Promise<PncSettings> {
  const country = await findCountryOf(q, path);
  return (await getPncSettings(q, country?.id ?? null)).settings;
}

export const getPncSettingsForOrgUnit = (deps: AppDeps, principal: Principal, orgUnitId: string) =>
  settingsForOrgUnit(deps, principal, orgUnitId, getPncSettings);

/**
 * A national manager sets the country's schedule. Schedules are computed from the settings when read,
 * so every open follow-up (and every indicator) uses the new schedule at once; nothing is re-written.
 */
export async function updatePncSettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  version: number,
  input: PncSettings,
) {
  const settings = PncSettingsSchema.parse(input);
  return deps.db.transaction(async (tx) => {
    const { country, current } = await settingsToChange(tx, principal, countryId, version, getPncSettings);
    await savePncSettings(tx, { countryId, settings, at: deps.clock.now(), userId: principal.userId });
    // The weekly threshold (or which contacts are the KMC follow-up's) may have changed: the country's
    // babies in KMC follow-up again (docs/kmc.md, "Follow-up to graduation").
    await tx.query(
      `select kmc_follow_up_refresh(array(select n.id from newborns n join pnc_subjects s on s.id = n.id
                                            where n.kmc_follow_up and s.country_id = $1))`,
      [countryId],
    );
    await auditChange(tx, principal, 'update', PNC_SETTINGS(countryId, countryId), {
      before: current.settings,
      after: settings,
    });
    return { ...(await getPncSettings(tx, countryId)), countryId, countryName: country.name };
  });
}
