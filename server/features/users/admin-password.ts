import { PasswordSchema } from '../../../shared/users/user.schema';
import type { Db } from '../../db/db';
import { randomPassword } from '../../seed/bootstrap';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { hashPassword } from '../auth/passwords';
import { deleteUserSessions } from '../../http/sessions.repo';

const userSubject = auditSubject('user');

export class AdminResetError extends Error {}

export type AdminReset = { password: string; generated: boolean; reactivated: boolean };

/**
 * Resets the password of the first administrator, `admin`, from the server's shell (when nobody can log
 * in to do it from the web). The password is `password` (OPENEENC_ADMIN_PASSWORD) or random, which
 * must then be changed at the next login. Also unlocks and reactivates the account and ends its
 * sessions; audited as a command-line change.
 */
export async function resetAdminPassword(
  db: Db,
  password: string | undefined,
  now: Date,
): Promise<AdminReset> {
  if (password !== undefined && !PasswordSchema.safeParse(password).success)
    throw new AdminResetError('OPENEENC_ADMIN_PASSWORD must be 10 to 200 characters long.');
  const generated = password === undefined;
  const chosen = password ?? randomPassword();
  const hash = await hashPassword(chosen);
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ id: string; active: boolean; scope: string | null }>(
      `select u.id, u.active, (select min(s.org_unit_id::text) from user_scopes s where s.user_id = u.id) as scope
         from users u where lower(u.username) = 'admin'`,
    );
    if (!before) throw new AdminResetError('There is no user "admin" in this database.');
    await tx.query(
      `update users set password_hash = $2, must_change_password = $3, failed_logins = 0, locked_until = null,
              active = true, version = version + 1, updated_at = $4, updated_by = null
        where id = $1`,
      [before.id, hash, generated, now],
    );
    await deleteUserSessions(tx, before.id);
    await auditChange(tx, null, 'update', userSubject(before.id, before.scope), {
      details: { field: 'password', reset: true, via: 'command line', reactivated: !before.active },
    });
    return { password: chosen, generated, reactivated: !before.active };
  });
}
