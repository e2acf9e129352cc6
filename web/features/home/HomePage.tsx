import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { navItemsFor } from '../../app/nav';
import type { Permission } from '../../../shared/auth/roles';

/** The one or two things a role opens the app for, as large buttons above everything else. */
const PRIMARY: ReadonlyArray<{ to: string; label: string; hint: string; permission: Permission }> = [
  { to: '/births/new', label: 'newBirth', hint: 'newBirthHint', permission: 'record.write' },
  { to: '/pnc', label: 'todaysTasks', hint: 'todaysTasksHint', permission: 'pnc.write' },
];
import { useCan, useMe } from '../auth/session';

/** Where each role starts: its area and one card per feature it may use. */
export function HomePage() {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation();
  const me = useMe();
  const can = useCan();
  const cards = navItemsFor(me.user.role, can).filter((i) => i.to !== '/');
  const primary = PRIMARY.filter((p) => can(p.permission));
  // Managers and partners come for the figures.
  if (primary.length === 0 && can('aggregate.read'))
    primary.push({
      to: '/dashboard',
      label: 'dashboard',
      hint: 'dashboardHint',
      permission: 'aggregate.read',
    });
  return (
    <>
      <h1>{t('welcome', { name: me.user.displayName })}</h1>
      {primary.length ? (
        <section aria-label={t('primary')} className="home-primary">
          {primary.map((p) => (
            <Link key={p.to} to={p.to} className="btn btn--primary home-primary__action">
              <strong>{t(p.label)}</strong>
              <span>{t(p.hint)}</span>
            </Link>
          ))}
        </section>
      ) : null}
      <p>{t('yourRole', { role: tc(`role.${me.user.role}`) })}</p>
      <p>
        {t('yourArea')}{' '}
        {me.user.scopes.map((s) => (
          <span key={s.id} className="chip">
            {s.name}
          </span>
        ))}
      </p>
      <h2>{t('start')}</h2>
      <ul className="cards">
        {cards.map((c) => (
          <li key={c.to} className="card">
            <Link to={c.to}>
              <strong>{tc(c.labelKey)}</strong>
            </Link>
            <p className="muted">{t(`card.${c.labelKey.replace('nav.', '')}`, { defaultValue: '' })}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
