import {
  DEFAULT_EENC_SETTINGS,
  type EencSettings,
  EencSettingsSchema,
} from '../../../shared/births/eenc-settings';
import type { Queryable } from '../../db/db';

/** The country above an org unit (read from its path), or null for the region root. */
export async function findCountryOf(
  q: Queryable,
  path: string,
): Promise<{ id: string; name: string } | null> {
  const ids = path.split('/').filter(Boolean);
  const [row] = await q.query<{ id: string; name: string }>(
    "select id, name from org_units where id = any($1::uuid[]) and kind = 'country' limit 1",
    [ids],
  );
  return row ?? null;
}

export type StoredSettings = {
  countryId: string;
  settings: EencSettings;
  version: number;
  isDefault: boolean;
};

/** A country's EENC thresholds; defaults for any field it has not set (a new setting gets its default). */
export async function getCountrySettings(q: Queryable, countryId: string | null): Promise<StoredSettings> {
  if (!countryId) return { countryId: '', settings: DEFAULT_EENC_SETTINGS, version: 0, isDefault: true };
  const [row] = await q.query<{ eenc: Partial<EencSettings>; version: number }>(
    'select eenc, version from country_settings where country_id = $1',
    [countryId],
  );
  if (!row) return { countryId, settings: DEFAULT_EENC_SETTINGS, version: 0, isDefault: true };
  const parsed = EencSettingsSchema.safeParse({ ...DEFAULT_EENC_SETTINGS, ...row.eenc });
  return {
    countryId,
    settings: parsed.success ? parsed.data : DEFAULT_EENC_SETTINGS,
    version: row.version,
    isDefault: false,
  };
}

/**
 * Recounts the indicator rollups of a country's facilities: which step counts as "implementing EENC"
 * changed, so the deliveries counted in EENC facilities move (indicator_refresh_facilities is generated
 * with the rollups after migrations).
 */
export async function refreshCountryFacilityRollups(q: Queryable, countryPath: string): Promise<void> {
  await q.query(
    `select indicator_refresh_facilities(array(
       select id from org_units where path like $1 || '%' and kind in ('facility', 'commune')))`,
    [countryPath],
  );
}
