import type { Principal } from '../../../shared/auth/principal';
import { type EencSettings, EencSettingsSchema } from '../../../shared/births/eenc-settings';
import { AppError, versionConflict } from '../../../shared/errors';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { writeAudit } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { getOrgUnit } from '../org-units/org-units.service';
import { findCountryOf, getCountrySettings, refreshCountryFacilityRollups } from './eenc-settings.repo';
import { BIRTH_FACTS_SQL, type BirthFacts, rederiveBirths } from './rederive';

export async function getSettingsForOrgUnit(deps: AppDeps, principal: Principal, orgUnitId: string) {
  const unit = await getOrgUnit(deps.db, orgUnitId);
  const visible = principal.scopes.some((s) => unit.path.startsWith(s.path) || s.path.startsWith(unit.path));
  if (!visible) throw new AppError('out_of_scope', 'errors.outOfScope');
  const country =
    unit.kind === 'country' ? { id: unit.id, name: unit.name } : await findCountryOf(deps.db, unit.path);
  const stored = await getCountrySettings(deps.db, country?.id ?? null);
  return { ...stored, countryId: country?.id ?? null, countryName: country?.name ?? null };
}

const BATCH = 2000;

/**
 * Re-derives the practices and flags of every birth in a country after its thresholds change, so that
 * records and indicators agree with the rules in force. Runs in the caller's transaction, in batches.
 */
export async function recomputeCountry(
  tx: Queryable,
  countryPath: string,
  settings: EencSettings,
): Promise<number> {
  let lastId = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const births = await tx.query<BirthFacts>(
      `select ${BIRTH_FACTS_SQL}
         from births b join org_units f on f.id = b.facility_id
        where f.path like $1 || '%' and b.id > $2 order by b.id limit $3`,
      [countryPath, lastId, BATCH],
    );
    if (births.length === 0) return total;
    lastId = births.at(-1)!.id;
    total += births.length;
    await rederiveBirths(tx, births, settings);
  }
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
