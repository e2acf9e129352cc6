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

type SettingsRow = { eenc: Partial<EencSettings>; version: number };

/** Stored settings as read; defaults for any field not set (a new setting gets its default). */
function storedSettings(countryId: string, row: SettingsRow | undefined): StoredSettings {
  if (!row) return { countryId, settings: DEFAULT_EENC_SETTINGS, version: 0, isDefault: true };
  const parsed = EencSettingsSchema.safeParse({ ...DEFAULT_EENC_SETTINGS, ...row.eenc });
  return {
    countryId,
    settings: parsed.success ? parsed.data : DEFAULT_EENC_SETTINGS,
    version: row.version,
    isDefault: false,
  };
}

/** A country's EENC thresholds; defaults for any field it has not set (a new setting gets its default). */
export async function getCountrySettings(q: Queryable, countryId: string | null): Promise<StoredSettings> {
  if (!countryId) return storedSettings('', undefined);
  const [row] = await q.query<SettingsRow>(
    'select eenc, version from country_settings where country_id = $1',
    [countryId],
  );
  return storedSettings(countryId, row);
}

/**
 * The EENC thresholds of the country above an org unit, in one statement (a birth save reads them each
 * time): what `getCountrySettings(findCountryOf(path))` answers.
 */
export async function getSettingsOfPath(q: Queryable, path: string): Promise<StoredSettings> {
  const [row] = await q.query<{ country_id: string; stored: boolean } & SettingsRow>(
    `select c.id as country_id, s.country_id is not null as stored, s.eenc, s.version from org_units c
       left join country_settings s on s.country_id = c.id
      where c.id = any($1::uuid[]) and c.kind = 'country' limit 1`,
    [path.split('/').filter(Boolean)],
  );
  if (!row) return storedSettings('', undefined);
  return storedSettings(row.country_id, row.stored ? row : undefined);
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
