import { z } from 'zod';
import { OrgUnitKindSchema } from '../org-units/org-unit.schema';
import { type Permission, ROLES, roleHasPermission } from './roles';

/** One org-unit subtree a user works in; `path` is the materialized path of that unit. */
export const ScopeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: OrgUnitKindSchema,
  path: z.string(),
});
export type Scope = z.infer<typeof ScopeSchema>;

export const PrincipalSchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  locale: z.string(),
  scopes: z.array(ScopeSchema),
});
export type Principal = z.infer<typeof PrincipalSchema>;

export type AccessDecision = 'allowed' | 'forbidden' | 'out_of_scope';

/** True when `path` lies in one of the principal's subtrees (org-unit paths are prefix-closed). */
export function isPathInScope(principal: Pick<Principal, 'scopes'>, path: string): boolean {
  return principal.scopes.some((s) => path.startsWith(s.path));
}

/**
 * The one authorization rule: the role must carry the permission, and when a target org unit is given,
 * it must lie inside one of the user's scopes. Pure so that the web can use it to hide actions.
 */
export function decideAccess(
  principal: Pick<Principal, 'role' | 'scopes'>,
  permission: Permission,
  targetPath?: string,
): AccessDecision {
  if (!roleHasPermission(principal.role, permission)) return 'forbidden';
  if (targetPath !== undefined && !isPathInScope(principal, targetPath)) return 'out_of_scope';
  return 'allowed';
}

/** Scope kinds close enough to the patient for names and phone numbers to be shown. */
const PERSONAL_DATA_SCOPE_KINDS = new Set(['facility', 'commune']);

/**
 * Personal identifiers (mother's name, phone) stay at the point of care: only roles with
 * `personal_data.read` whose scope is the facility or commune station itself see them.
 */
export function canSeePersonalData(principal: Pick<Principal, 'role' | 'scopes'>, path: string): boolean {
  if (!roleHasPermission(principal.role, 'personal_data.read')) return false;
  return principal.scopes.some((s) => PERSONAL_DATA_SCOPE_KINDS.has(s.kind) && path.startsWith(s.path));
}

/**
 * The one extension of the rule above, for postnatal follow-up: the pair is handed over to the commune
 * health station where the mother lives, so a PNC worker (any role with `pnc.read` and
 * `personal_data.read`) scoped to that commune sees her name and phone, wherever she gave birth.
 * Everyone else keeps the facility rule.
 */
export function canSeeMotherContact(
  principal: Pick<Principal, 'role' | 'scopes'>,
  facilityPath: string,
  motherCommunePath: string | null,
): boolean {
  if (canSeePersonalData(principal, facilityPath)) return true;
  const role = principal.role;
  if (motherCommunePath === null) return false;
  if (!roleHasPermission(role, 'pnc.read') || !roleHasPermission(role, 'personal_data.read')) return false;
  return principal.scopes.some((s) => s.kind === 'commune' && motherCommunePath.startsWith(s.path));
}
