import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { HomePage } from '../features/home/HomePage';
import { Loading } from '../ui/Loading';
import { AppShell } from './AppShell';
import { RequirePermission } from './RequirePermission';
import { PAGE_ROUTES } from './routes';

function NotFound() {
  const { t } = useTranslation();
  return <p>{t('notFoundPage')}</p>;
}

/**
 * Everything behind the login: the shell (with the offline outbox's badge and the rules it runs in the
 * browser) and the routes. Loaded after the session is known, so the cold login page on a slow network
 * downloads none of it (issue 20's 3-second target); the service worker precaches it for offline starts.
 */
export default function AuthenticatedApp() {
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
