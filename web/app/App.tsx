import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter } from 'react-router';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { SessionProvider, useSession } from '../features/auth/session';
import { ApiError } from '../lib/api-client';
import { loadAllCatalogues } from '../lib/i18n';
import { Loading } from '../ui/Loading';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors will not fix themselves by retrying; network errors may.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
      // Offline, the api layer answers from the device (web/features/offline): run the request once
      // instead of pausing it until the network returns (TanStack Query's default).
      networkMode: 'offlineFirst',
    },
    // A save without network goes to the offline outbox: it must run, not wait paused.
    mutations: { networkMode: 'offlineFirst' },
  },
});

// The app behind the login and every feature's text load together, after the session is known.
const AuthenticatedApp = lazy(() =>
  Promise.all([import('./AuthenticatedApp'), loadAllCatalogues()]).then(([m]) => m),
);

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') return <LoginPage />;
  if (state.me.mustChangePassword) return <ChangePasswordPage />;
  return (
    <Suspense fallback={<Loading />}>
      <AuthenticatedApp />
    </Suspense>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
