import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { SessionProvider, useSession } from '../features/auth/session';
import { HomePage } from '../features/home/HomePage';
import { ApiError } from '../lib/api-client';
import { Loading } from '../ui/Loading';
import { AppShell } from './AppShell';
import { RequirePermission } from './RequirePermission';
import { PAGE_ROUTES } from './routes';

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

function NotFound() {
  const { t } = useTranslation();
  return <p>{t('notFoundPage')}</p>;
}

function AuthenticatedApp() {
  return (
    <AppShell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          {PAGE_ROUTES.map(({ path, permission, page: Page }) => (
            <Route
              key={path}
              path={path}
              element={
                <RequirePermission permission={permission}>
                  <Page />
                </RequirePermission>
              }
            />
          ))}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </AppShell>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') return <LoginPage />;
  if (state.me.mustChangePassword) return <ChangePasswordPage />;
  return <AuthenticatedApp />;
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
