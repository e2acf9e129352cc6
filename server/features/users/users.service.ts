import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { CreateUser, UpdateUser, User } from '../../../shared/users/user.schema';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../db/db';
import { SqlParams } from '../../db/sql-params';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { hashPassword } from '../auth/passwords';
import { deleteUserSessions } from '../../http/sessions.repo';
import { listOrgUnitsByIds } from '../org-units/org-units.repo';
import { getOrgUnit } from '../org-units/org-units.service';
import { findUser, findUserIdByUsername, listUsers, replaceScopes } from './users.repo';
import { clearLoginFailures } from '../auth/login-failures.repo';

const userSubject = auditSubject('user');

/** A user is managed by an administrator only when every scope of that user lies inside the admin's area. */
function assertManageable(admin: Principal, user: User): void {
  authorize(admin, 'user.manage');
  if (!user.scopes.every((s) => isPathInScope(admin, s.path)))
    throw new AppError('out_of_scope', 'errors.outOfScope');
}

async function getUser(q: Queryable, id: string): Promise<User> {
  const user = await findUser(q, id);
  if (!user) throw new AppError('not_found', 'errors.notFound');
  return user;
}

export async function getManageableUser(deps: AppDeps, admin: Principal, id: string): Promise<User> {
  const user = await getUser(deps.db, id);
  assertManageable(admin, user);
  return user;
}

async function checkScopes(q: Queryable, admin: Principal, scopeIds: readonly string[], issues: Issue[]) {
  const units = await listOrgUnitsByIds(q, scopeIds);
  scopeIds.forEach((id, i) => {
    const unit = units.find((u) => u.id === id);
    if (!unit) issues.push({ path: `scopeIds.${i}`, message: 'users.scopeNotFound', params: { id } });
    else if (!isPathInScope(admin, unit.path))
      issues.push({ path: `scopeIds.${i}`, message: 'users.scopeOutsideYours' });
  });
}

function checkProfession(role: string, profession: string | null | undefined, issues: Issue[]) {
  if (profession && role !== 'clinician')
    issues.push({ path: 'profession', message: 'users.professionForClinicians' });
}

export async function listManageableUsers(
  deps: AppDeps,
  admin: Principal,
  query: { q?: string; role?: string; orgUnit?: string; includeInactive?: 'true' | 'false' },
): Promise<User[]> {
  let orgUnitPath: string | undefined;
  if (query.orgUnit) orgUnitPath = (await getOrgUnit(deps.db, query.orgUnit)).path;
  return listUsers(deps.db, {
    scopePaths: admin.scopes.map((s) => s.path),
    includeInactive: query.includeInactive === 'true',
    ...(query.q ? { search: query.q } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(orgUnitPath ? { orgUnitPath } : {}),
  });
}

export async function createUser(deps: AppDeps, admin: Principal, input: CreateUser): Promise<User> {
  const issues: Issue[] = [];
  await checkScopes(deps.db, admin, input.scopeIds, issues);
  checkProfession(input.role, input.profession, issues);
  if (await findUserIdByUsername(deps.db, input.username)) {
    issues.push({ path: 'username', message: 'users.usernameTaken', params: { username: input.username } });
  }
  if (issues.length) throw validationError(issues);
  const passwordHash = await hashPassword(input.password);
  const id = input.id ?? newId();
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      await tx.query(
        `insert into users (id, username, display_name, role, profession, locale, password_hash, must_change_password,
           created_at, updated_at, created_by, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, true, $8, $8, $9, $9)`,
        [
          id,
          input.username,
          input.displayName,
          input.role,
          input.profession ?? null,
          input.locale ?? 'vi',
          passwordHash,
          now,
          admin.userId,
        ],
      );
      await replaceScopes(tx, id, input.scopeIds);
      const created = await getUser(tx, id);
      await auditChange(tx, admin, 'create', userSubject(id, input.scopeIds[0] ?? null), {
        after: created,
      });
      return created;
    });
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
      throw validationError([
        { path: 'username', message: 'users.usernameTaken', params: { username: input.username } },
      ]);
    }
    throw err;
  }
}

export async function updateUser(
  deps: AppDeps,
  admin: Principal,
  id: string,
  input: UpdateUser,
): Promise<User> {
  return deps.db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    assertManageable(admin, before);
    const issues: Issue[] = [];
    const isSelf = id === admin.userId;
    if (isSelf && (input.role !== undefined || input.scopeIds !== undefined || input.active === false)) {
      issues.push({
        path: input.role !== undefined ? 'role' : input.scopeIds ? 'scopeIds' : 'active',
        message: 'users.cannotChangeSelf',
      });
    }
    if (input.scopeIds) await checkScopes(tx, admin, input.scopeIds, issues);
    const role = input.role ?? before.role;
    const profession =
      input.profession === undefined ? (role === 'clinician' ? before.profession : null) : input.profession;
    checkProfession(role, profession, issues);
    if (issues.length) throw validationError(issues);
    const rows = await tx.query(
      `update users set display_name = $3, role = $4, profession = $5, locale = $6, active = $7,
              version = version + 1, updated_at = $8, updated_by = $9
        where id = $1 and version = $2 returning id`,
      [
        id,
        input.version,
        input.displayName ?? before.displayName,
        role,
        profession,
        input.locale ?? before.locale,
        input.active ?? before.active,
        deps.clock.now(),
        admin.userId,
      ],
    );
    if (rows.length !== 1) {
      throw versionConflict(input.version, before.version);
    }
    if (input.scopeIds) await replaceScopes(tx, id, input.scopeIds);
    // A deactivated account or a changed role/area takes effect at once: its sessions end.
    if (input.active === false || input.role !== undefined || input.scopeIds !== undefined)
      await deleteUserSessions(tx, id);
    const after = await getUser(tx, id);
    await auditChange(tx, admin, 'update', userSubject(id, after.scopes[0]?.id ?? null), {
      before: before,
      after: after,
    });
    return after;
  });
}

/**
 * Ends the account's lockout and every address's wait, audited with `details`. With a password hash it
 * also sets that temporary password (to be changed at next login) and ends the account's sessions.
 */
async function unlockAccount(
  deps: AppDeps,
  admin: Principal,
  id: string,
  version: number,
  details: Record<string, unknown>,
  passwordHash?: string,
) {
  return deps.db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    assertManageable(admin, before);
    const p = new SqlParams([id, version, deps.clock.now(), admin.userId]);
    const password = passwordHash
      ? `password_hash = ${p.add(passwordHash)}, must_change_password = true,`
      : '';
    const rows = await tx.query(
      `update users set ${password} failed_logins = 0, locked_until = null, version = version + 1,
              updated_at = $3, updated_by = $4
        where id = $1 and version = $2 returning id`,
      p.values,
    );
    if (rows.length !== 1) throw versionConflict(version, before.version);
    if (passwordHash) await deleteUserSessions(tx, id);
    await clearLoginFailures(tx, id);
    await auditChange(tx, admin, 'update', userSubject(id, before.scopes[0]?.id ?? null), {
      details,
    });
    return getUser(tx, id);
  });
}

/** Ends a lockout and the waits of every address for this account; the password stays as it is. */
export function unlockUser(deps: AppDeps, admin: Principal, id: string, version: number) {
  return unlockAccount(deps, admin, id, version, { field: 'lockout', unlocked: true });
}

/** Sets a temporary password the user must change at next login; unlocks the account; ends its sessions. */
export async function resetPassword(
  deps: AppDeps,
  admin: Principal,
  id: string,
  version: number,
  password: string,
) {
  const details = { field: 'password', reset: true };
  return unlockAccount(deps, admin, id, version, details, await hashPassword(password));
}
