import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NAV_ITEMS } from '../../app/nav';
import { useCan, useMe } from '../auth/session';

/** Where each role starts: its area and one card per feature it may use. */
export function HomePage() {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation();
  const me = useMe();
  const can = useCan();
  const cards = NAV_ITEMS.filter((i) => i.to !== '/' && (!i.permission || can(i.permission)));
  return (
    <>
      <h1>{t('welcome', { name: me.user.displayName })}</h1>
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
