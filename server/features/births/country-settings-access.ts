import type { Principal } from '../../../shared/auth/principal';
import { AppError } from '../../../shared/errors';
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

/** The country whose settings a national manager (config.manage at the country) is about to change. */
export async function getCountryToConfigure(q: Queryable, principal: Principal, countryId: string) {
  const country = await findOrgUnit(q, countryId);
  if (country?.kind !== 'country') throw new AppError('not_found', 'errors.notFound');
  authorize(principal, 'config.manage', country.path);
  return country;
}
