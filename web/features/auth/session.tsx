import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { decideAccess } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import type { Locale } from '../../../shared/users/user.schema';
import { ApiError } from '../../lib/api-client';
import { applyLocale } from '../../lib/i18n';
import { clearAllDrafts } from '../births/draft-store';
import * as authApi from './auth.api';

/** The kept session's store (IndexedDB) loads only when used: the login page stays small (issue 20). */
const sessionCopy = () => import('./session-copy');

/**
 * `offline`: the server could not be reached and the app runs on the session kept on the device
 * (session-copy.ts) until the network returns. `anonymous.offline`: the same, with no valid kept session:
 * logging in needs the network.
 */
type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; offline?: boolean }
  | { status: 'authenticated'; me: authApi.Me; offline?: boolean };

type Session = {
  state: SessionState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Switches the interface language and remembers it for the user. */
  setLocale(locale: Locale): Promise<void>;
  passwordChanged(): void;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const adopt = useCallback(async (me: authApi.Me, offline = false) => {
    await applyLocale(me.user.locale);
    if (!offline)
      await sessionCopy()
        .then((c) => c.keepSessionCopy(me))
        .catch(() => {});
    setState({ status: 'authenticated', me, ...(offline ? { offline } : {}) });
  }, []);

  /** Without network, the session kept on the device stands in for the server's answer. */
  const failed = useCallback(
    async (err: unknown) => {
      if (err instanceof ApiError && err.code === 'network') {
        const kept = await sessionCopy()
          .then((c) => c.readSessionCopy(new Date()))
          .catch(() => undefined);
        if (kept) await adopt(kept, true);
        else setState({ status: 'anonymous', offline: true });
        return;
      }
      if (!(err instanceof ApiError) || err.status !== 401) console.warn('session check failed', err);
      setState({ status: 'anonymous' });
      void sessionCopy()
        .then((c) => c.clearSessionCopy())
        .catch(() => {});
    },
    [adopt],
  );

  useEffect(() => {
    authApi.fetchMe().then(adopt, failed);
  }, [adopt, failed]);

  // Working offline: as soon as the network returns, the server says whether the session still holds
  // (and gives the CSRF token that writes need), or the user logs in again.
  const offline = state.status !== 'loading' && state.offline === true;
  useEffect(() => {
    if (!offline) return;
    const retry = () => void authApi.fetchMe().then(adopt, failed);
    window.addEventListener('online', retry);
    // The server may come back without the browser noticing a network change (a server restart).
    const timer = window.setInterval(retry, 30_000);
    return () => {
      window.removeEventListener('online', retry);
      window.clearInterval(timer);
    };
  }, [offline, adopt, failed]);

  const session = useMemo<Session>(
    () => ({
      state,
      login: async (username, password) => adopt(await authApi.login(username, password)),
      logout: async () => {
        await authApi.logout().catch(() => {});
        await sessionCopy()
          .then((c) => c.clearSessionCopy())
          .catch(() => {});
        clearAllDrafts();
        setState({ status: 'anonymous' });
      },
      setLocale: async (locale) => {
        await applyLocale(locale);
        if (state.status === 'authenticated') {
          await authApi.saveLocale(locale);
          await adopt({ ...state.me, user: { ...state.me.user, locale } });
        }
      },
      passwordChanged: () => {
        if (state.status === 'authenticated')
          setState({ status: 'authenticated', me: { ...state.me, mustChangePassword: false } });
      },
    }),
    [state, adopt],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The logged-in user; only for components rendered inside the authenticated shell. */
export function useMe(): authApi.Me {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useMe without a session');
  return state.me;
}

/** Whether the user may do something, optionally at an org unit (by path). Hides actions; the server decides. */
export function useCan(): (permission: Permission, orgUnitPath?: string) => boolean {
  const me = useMe();
  return useCallback((permission, path) => decideAccess(me.user, permission, path) === 'allowed', [me]);
}
