import type { Principal } from '../../../shared/auth/principal';
import { AppError, versionConflict } from '../../../shared/errors';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { findOrgUnit } from '../org-units/org-units.repo';
import { getOrgUnit } from '../org-units/org-units.service';
import { findCountryOf } from './eenc-settings.repo';

/**
 * The country whose settings (EENC, postnatal, screening) are in force at an org unit, for a reader who
 * may see that unit: one inside, above or below a scope of theirs (a facility's staff read the national
 * rules). Null above every country (the region root): the defaults apply there.
 */
export async function findSettingsCountry(
  deps: AppDeps,
  principal: Principal,
  orgUnitId: string,
): Promise<{ id: string; name: string } | null> {
  const unit = await getOrgUnit(deps.db, orgUnitId);
  const visible = principal.scopes.some((s) => unit.path.startsWith(s.path) || s.path.startsWith(unit.path));
  if (!visible) throw new AppError('out_of_scope', 'errors.outOfScope');
  return unit.kind === 'country' ? { id: unit.id, name: unit.name } : findCountryOf(deps.db, unit.path);
}

/**
 * The stored settings (`read`) in force at an org unit for a reader who may see it, with the country
 * they are of (null above every country, where `read` gives the defaults).
 */
export async function settingsForOrgUnit<T extends object>(
  deps: AppDeps,
  principal: Principal,
  orgUnitId: string,
  read: (q: Queryable, countryId: string | null) => Promise<T>,
) {
  const country = await findSettingsCountry(deps, principal, orgUnitId);
  const stored = await read(deps.db, country?.id ?? null);
  return { ...stored, countryId: country?.id ?? null, countryName: country?.name ?? null };
}

/**
 * What a change of a country's settings starts from, in its transaction: the country (config.manage
 * there) and its stored settings (`read`), which must still be at the version the manager read (else 409).
 */
export async function settingsToChange<T extends { version: number }>(
  q: Queryable,
  principal: Principal,
  countryId: string,
  version: number,
  read: (q: Queryable, countryId: string) => Promise<T>,
) {
  const country = await getCountryToConfigure(q, principal, countryId);
  const current = await read(q, countryId);
  if (current.version !== version) throw versionConflict(version, current.version);
  return { country, current };
}

/** The country whose settings a national manager (config.manage at the country) is about to change. */
export async function getCountryToConfigure(q: Queryable, principal: Principal, countryId: string) {
  const country = await findOrgUnit(q, countryId);
  if (country?.kind !== 'country') throw new AppError('not_found', 'errors.notFound');
  authorize(principal, 'config.manage', country.path);
  return country;
}
