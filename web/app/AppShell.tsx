import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { OfflineSessionNotice } from '../features/auth/OfflineSessionNotice';
import { OFFLINE_WRITE_PERMISSIONS } from '../../shared/sync/sync.schema';
import { useCan, useMe, useSession } from '../features/auth/session';
import { LogoutButton } from '../features/offline/LogoutButton';
import { SyncStatus } from '../features/offline/SyncStatus';
import { LanguageSwitch } from './LanguageSwitch';
import { navItemsFor } from './nav';

export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const { logout } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const items = navItemsFor(me.user.role, can);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true" />
          <span>
            <strong>{t('appName')}</strong>
            <span className="topbar__tagline">{t('tagline')}</span>
          </span>
        </div>
        <button
          type="button"
          className="btn btn--ghost topbar__menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('nav.openMenu')}
        </button>
        <nav
          id="main-nav"
          aria-label={t('nav.main')}
          className={`topbar__nav${menuOpen ? ' topbar__nav--open' : ''}`}
        >
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'} onClick={() => setMenuOpen(false)}>
                  {t(item.labelKey)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {/* On a phone the language, the name and logout live in the menu: the header stays one line. */}
        <div className={`topbar__user${menuOpen ? ' topbar__user--open' : ''}`}>
          <LanguageSwitch />
          <span className="topbar__name" title={t(`role.${me.user.role}`)}>
            {me.user.displayName}
          </span>
          {OFFLINE_WRITE_PERMISSIONS.some((p) => can(p)) ? <SyncStatus /> : null}
          <LogoutButton label={t('logout')} logout={logout} />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <OfflineSessionNotice />
        {children}
      </main>
    </>
  );
}
