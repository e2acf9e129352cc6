import { createHash, randomBytes } from 'node:crypto';
import type { Principal, Scope } from '../../shared/auth/principal';
import type { Role } from '../../shared/auth/roles';
import type { Locale } from '../../shared/users/user.schema';
import type { Queryable } from '../db/db';

export const SESSION_COOKIE = 'openeenc_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export type NewSession = { token: string; tokenHash: string; csrfToken: string; expiresAt: Date };

export async function createSession(
  q: Queryable,
  userId: string,
  now: Date,
  idleMinutes: number,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const tokenHash = hashToken(token);
  const expiresAt = new Date(now.getTime() + idleMinutes * 60_000);
  await q.query(
    `insert into sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, $4, $4, $5)`,
    [tokenHash, userId, csrfToken, now, expiresAt],
  );
  return { token, tokenHash, csrfToken, expiresAt };
}

/** A user's scopes, the user's id given as `userId` (a parameter or a column of the outer query). */
const scopesOf = (userId: string) =>
  `select o.id, o.code, o.name, o.kind, o.path
     from user_scopes us join org_units o on o.id = us.org_unit_id
    where us.user_id = ${userId}`;

export async function listScopes(q: Queryable, userId: string): Promise<Scope[]> {
  return q.query<Scope>(`${scopesOf('$1')} order by o.path`, [userId]);
}

/** `mustChangePassword`: the password was set by an administrator; only the auth routes are open. */
export type SessionPrincipal = {
  principal: Principal;
  csrfToken: string;
  mustChangePassword: boolean;
  /** When the session ends unless used again (after this request's sliding). */
  expiresAt: Date;
};

type SessionRow = {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  locale: Locale;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  must_change_password: boolean;
};

/**
 * The user behind a session cookie, or null when the session is unknown, expired or the user was
 * deactivated. Sliding expiry: the session is extended at most once a minute to spare writes.
 */
export async function findSessionPrincipal(
  q: Queryable,
  tokenHash: string,
  now: Date,
  idleMinutes: number,
): Promise<SessionPrincipal | null> {
  // One prepared statement, the scopes included: it runs before every request, and on PGlite (one
  // connection, WebAssembly) planning two unprepared statements was a fixed cost of each request.
  const [row] = await q.query<SessionRow & { scopes: Scope[] }>(
    `select u.id as user_id, u.username, u.display_name, u.role, u.locale, s.csrf_token, s.last_seen_at, s.expires_at,
            u.must_change_password,
            (select coalesce(json_agg(sc order by sc.path), '[]') from (${scopesOf('u.id')}) sc) as scopes
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and s.expires_at > $2 and u.active`,
    [tokenHash, now],
    { prepare: true },
  );
  if (!row) return null;
  let expiresAt = new Date(row.expires_at);
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    expiresAt = new Date(now.getTime() + idleMinutes * 60_000);
    await q.query('update sessions set last_seen_at = $2, expires_at = $3 where token_hash = $1', [
      tokenHash,
      now,
      expiresAt,
    ]);
  }
  return {
    csrfToken: row.csrf_token,
    expiresAt,
    mustChangePassword: row.must_change_password,
    principal: {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      locale: row.locale,
      scopes: row.scopes,
    },
  };
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('delete from sessions where token_hash = $1', [tokenHash]);
}

/** Ends every session of a user (deactivation, password reset). */
export async function deleteUserSessions(
  q: Queryable,
  userId: string,
  exceptTokenHash?: string,
): Promise<void> {
  await q.query('delete from sessions where user_id = $1 and token_hash <> $2', [
    userId,
    exceptTokenHash ?? '',
  ]);
}

export async function deleteExpiredSessions(q: Queryable, now: Date): Promise<void> {
  await q.query('delete from sessions where expires_at <= $1', [now]);
}
