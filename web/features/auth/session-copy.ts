import { MeSchema } from '../../../shared/auth/me.schema';
import { offlineDb } from '../offline/offline-db';
import type { Me } from './auth.api';

/**
 * The last session, kept on the device so that the app opens without network (issue 18: "log in
 * offline with the last session"). It holds who the user is, their role, scopes and the session's
 * expiry, never a password or its hash, and not the CSRF token (writes wait for the network, which
 * gives a fresh one). It is used only until the server's session would expire anyway, and cleared at
 * logout and whenever the server says the session is over.
 */
const KEY = 'session';
const StoredSessionSchema = MeSchema.omit({ csrfToken: true });

export async function keepSessionCopy(me: Me): Promise<void> {
  const { csrfToken: _omitted, ...copy } = me;
  await offlineDb.meta.put({ key: KEY, value: copy });
}

/** The kept session if it is still valid at `now`, for working offline; otherwise nothing. */
export async function readSessionCopy(now: Date): Promise<Me | undefined> {
  const parsed = StoredSessionSchema.safeParse((await offlineDb.meta.get(KEY))?.value);
  if (!parsed.success || Date.parse(parsed.data.sessionExpiresAt) <= now.getTime()) return undefined;
  return { ...parsed.data, permissions: parsed.data.permissions as Me['permissions'], csrfToken: '' };
}

export async function clearSessionCopy(): Promise<void> {
  await offlineDb.meta.delete(KEY);
}
