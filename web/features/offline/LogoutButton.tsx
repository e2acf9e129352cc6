import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { clearOfflineData, outboxCounts } from './outbox-store';

/**
 * Logout that never drops unsent work: while changes wait, it refuses with a message saying why. After a
 * logout the device's copies are removed, so the next user of this browser does not see them.
 */
export function LogoutButton({ label, logout }: { label: string; logout: () => Promise<void> }) {
  const { t } = useTranslation('offline');
  const [blocked, setBlocked] = useState({ waiting: 0, refused: 0 });
  const onClick = async () => {
    const counts = await outboxCounts();
    setBlocked(counts);
    if (counts.waiting) return;
    await clearOfflineData();
    await logout();
  };
  return (
    <>
      <button type="button" className="btn btn--secondary btn--small" onClick={() => void onClick()}>
        {label}
      </button>
      {blocked.waiting ? (
        <p className="alert alert--warn topbar__alert" role="alert">
          {t('logoutBlocked', { count: blocked.waiting })}
          {blocked.refused ? (
            <>
              {' '}
              <Link to="/sync/refused" onClick={() => setBlocked({ waiting: 0, refused: 0 })}>
                {t('logoutRefused')}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </>
  );
}
