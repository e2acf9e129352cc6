import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { decideAccess } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import type { Locale } from '../../../shared/users/user.schema';
import { ApiError } from '../../lib/api-client';
import { applyLocale } from '../../lib/i18n';
import { clearAllDrafts } from '../births/draft-store';
import * as authApi from './auth.api';

type SessionState =
  { status: 'loading' } | { status: 'anonymous' } | { status: 'authenticated'; me: authApi.Me };

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

  const adopt = useCallback(async (me: authApi.Me) => {
    await applyLocale(me.user.locale);
    setState({ status: 'authenticated', me });
  }, []);

  useEffect(() => {
    authApi.fetchMe().then(adopt, (err) => {
      if (!(err instanceof ApiError) || err.status !== 401) console.warn('session check failed', err);
      setState({ status: 'anonymous' });
    });
  }, [adopt]);

  const session = useMemo<Session>(
    () => ({
      state,
      login: async (username, password) => adopt(await authApi.login(username, password)),
      logout: async () => {
        await authApi.logout().catch(() => {});
        clearAllDrafts();
        setState({ status: 'anonymous' });
      },
      setLocale: async (locale) => {
        await applyLocale(locale);
        if (state.status === 'authenticated') {
          await authApi.saveLocale(locale);
          setState({ status: 'authenticated', me: { ...state.me, user: { ...state.me.user, locale } } });
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
