import type { Principal } from '../../../shared/auth/principal';
import { AppError } from '../../../shared/errors';
import type { Locale } from '../../../shared/users/user.schema';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject, writeAudit } from '../audit/audit.repo';
import { clearLoginFailures, findLoginBlock, recordLoginFailure } from './login-failures.repo';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords';
import { createSession, deleteSession, deleteUserSessions, type NewSession } from '../../http/sessions.repo';

const userSubject = auditSubject('user');
/** A signed-in user acting on their own account, filed under their first scope. */
const ownAccount = (p: Principal) => userSubject(p.userId, p.scopes[0]?.id ?? null);

type LoginUserRow = {
  id: string;
  username: string;
  password_hash: string;
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
  first_scope: string | null;
};

/** Counts attempts per client address in fixed one-minute windows, in the database (shared by instances). */
async function countAttempt(deps: AppDeps, clientIp: string): Promise<number> {
  const [row] = await deps.db.query<{ attempts: number }>(
    `insert into login_throttle (bucket, window_start, attempts) values ($1, $2, 1)
     on conflict (bucket) do update set
       attempts = case when login_throttle.window_start > $2::timestamptz - interval '1 minute'
                       then login_throttle.attempts + 1 else 1 end,
       window_start = case when login_throttle.window_start > $2::timestamptz - interval '1 minute'
                       then login_throttle.window_start else $2 end
     returning attempts`,
    [`ip:${clientIp}`, deps.clock.now()],
  );
  return row?.attempts ?? 1;
}

export type LoginResult = { session: NewSession; userId: string };

/** 429 with the wait in whole seconds, for the message and the Retry-After header. */
function loginDelayed(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError('rate_limited', 'errors.loginDelayed', [], { seconds });
}

/**
 * Checks credentials with per-address rate limiting and per-account lockout after repeated failures.
 * Unknown users and wrong passwords answer the same way, in about the same time.
 */
export async function login(
  deps: AppDeps,
  username: string,
  password: string,
  clientIp: string,
): Promise<LoginResult> {
  const { config, clock, db } = deps;
  if ((await countAttempt(deps, clientIp)) > config.loginIpMaxPerMinute) {
    throw new AppError('rate_limited', 'errors.rateLimited');
  }
  const now = clock.now();
  const [user] = await db.query<LoginUserRow>(
    `select u.id, u.username, u.password_hash, u.active, u.failed_logins, u.locked_until,
            (select us.org_unit_id from user_scopes us where us.user_id = u.id limit 1) as first_scope
       from users u where lower(u.username) = lower($1)`,
    [username],
  );
  if (!user?.active) {
    await burnVerifyTime(password);
    await writeAudit(db, {
      actor: null,
      action: 'login_failed',
      entityType: 'user',
      details: { reason: 'unknown' },
    });
    throw new AppError('invalid_credentials', 'errors.invalidCredentials');
  }
  const actor = { userId: user.id, username: user.username };
  if (user.locked_until && new Date(user.locked_until) > now) {
    throw new AppError('account_locked', 'errors.accountLocked', [], {
      until: new Date(user.locked_until).toISOString(),
    });
  }
  // Checked before the password, so that waiting is the only way to try again from this address.
  const blockedUntil = await findLoginBlock(db, user.id, clientIp);
  if (blockedUntil && blockedUntil > now) throw loginDelayed(blockedUntil, now);
  if (!(await verifyPassword(user.password_hash, password))) {
    // One account, every address: the lockout is for attacks from many addresses; one address alone
    // meets growing delays first, so a stranger cannot lock the account by typing the name.
    const failures = user.failed_logins + 1;
    const lock = failures >= config.loginMaxFailures;
    const lockedUntil = lock ? new Date(now.getTime() + config.loginLockoutMinutes * 60_000) : null;
    const delayedUntil = await db.transaction(async (tx) => {
      await tx.query('update users set failed_logins = $2, locked_until = $3 where id = $1', [
        user.id,
        lock ? 0 : failures,
        lockedUntil,
      ]);
      const until = await recordLoginFailure(tx, user.id, clientIp, now, config.loginFreeFailures);
      await auditChange(tx, actor, 'login_failed', userSubject(user.id, user.first_scope), {
        details: { reason: 'password', locked: lock, delayed: until !== null },
      });
      return until;
    });
    if (lockedUntil) {
      throw new AppError('account_locked', 'errors.accountLocked', [], { until: lockedUntil.toISOString() });
    }
    if (delayedUntil) throw loginDelayed(delayedUntil, now);
    throw new AppError('invalid_credentials', 'errors.invalidCredentials');
  }
  return db.transaction(async (tx) => {
    await tx.query(
      'update users set failed_logins = 0, locked_until = null, last_login_at = $2 where id = $1',
      [user.id, now],
    );
    await clearLoginFailures(tx, user.id, clientIp);
    const session = await createSession(tx, user.id, now, config.sessionIdleMinutes);
    await auditChange(tx, actor, 'login', userSubject(user.id, user.first_scope));
    return { session, userId: user.id };
  });
}

export async function logout(deps: AppDeps, principal: Principal, tokenHash: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await deleteSession(tx, tokenHash);
    await auditChange(tx, principal, 'logout', ownAccount(principal));
  });
}

export async function changeOwnPassword(
  deps: AppDeps,
  principal: Principal,
  currentTokenHash: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const [row] = await deps.db.query<{ password_hash: string }>(
    'select password_hash from users where id = $1',
    [principal.userId],
  );
  if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
    throw new AppError('validation_failed', 'errors.validation', [
      { path: 'currentPassword', message: 'users.wrongCurrentPassword' },
    ]);
  }
  const newHash = await hashPassword(newPassword);
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `update users set password_hash = $2, must_change_password = false, version = version + 1,
              updated_at = $3, updated_by = $1 where id = $1`,
      [principal.userId, newHash, deps.clock.now()],
    );
    // Other sessions of this user end: a changed password must lock out whoever knew the old one.
    await deleteUserSessions(tx, principal.userId, currentTokenHash);
    await auditChange(tx, principal, 'update', ownAccount(principal), { details: { field: 'password' } });
  });
}

/** The interface language is remembered per user. */
export async function setOwnLocale(deps: AppDeps, principal: Principal, locale: Locale): Promise<void> {
  await deps.db.query('update users set locale = $2 where id = $1', [principal.userId, locale]);
}
