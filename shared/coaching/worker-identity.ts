import type { Principal } from '../auth/principal';
import { roleHasPermission } from '../auth/roles';

/**
 * The short code of a health worker, shown where the name is not (readers above the facility): stable,
 * from the id, so a coach can tell participants apart and find them on the facility's paper roster.
 */
export const workerCode = (id: string): string => `HW-${id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;

/**
 * Names and phones of health workers follow the rule for mothers' (shared/auth/principal.ts): shown only
 * to readers of the roster whose scope is the worker's facility itself (or a commune station).
 */
export function canSeeWorkerNames(
  principal: Pick<Principal, 'role' | 'scopes'>,
  facilityPath: string,
): boolean {
  if (!roleHasPermission(principal.role, 'workforce.read')) return false;
  return principal.scopes.some(
    (s) => (s.kind === 'facility' || s.kind === 'commune') && facilityPath.startsWith(s.path),
  );
}
