import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import type { Db, Queryable } from '../../db/db';
import { syncGeneratedFunctions } from '../../db/generated-functions';
import { sqlLiteral } from '../../db/sql-literals';

/**
 * The country EENC settings' defaults as the database reads them (`eenc_default_settings()`, under
 * what a country stored in `country_settings.eenc`), generated from `DEFAULT_EENC_SETTINGS` after
 * migrations. The view facility_eenc_status reads the "implementing EENC" step through it.
 */
export function generateEencFunctions(): Record<string, string> {
  return {
    eenc_default_settings: `create or replace function eenc_default_settings() returns jsonb language sql immutable as $$
  select ${sqlLiteral(DEFAULT_EENC_SETTINGS)}::jsonb
$$`,
  };
}

/** Recounts the rollups of every facility (their "implementing EENC" date may have moved). */
async function refreshAllFacilities(tx: Queryable): Promise<void> {
  const [fn] = await tx.query<{ exists: boolean }>(
    "select to_regproc('indicator_refresh_facilities') is not null as exists",
  );
  if (!fn?.exists) return;
  await tx.query(
    "select indicator_refresh_facilities(array(select id from org_units where kind in ('facility', 'commune')))",
  );
}

/** Post-migrate step: installs the generated EENC functions when their text changed. */
export async function syncEencSchema(db: Db, log: (line: string) => void = () => {}): Promise<string[]> {
  const installed = await syncGeneratedFunctions(db, 'eenc', generateEencFunctions(), async (tx) => {
    await refreshAllFacilities(tx);
    log('eenc: default settings changed, facility rollups recounted');
  });
  if (installed.length > 0) log(`eenc: installed ${installed.join(', ')}`);
  return installed;
}
