import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clearOfflineData, waitingCount } from './outbox-store';

/**
 * Logout that never drops unsent work: while changes wait, it refuses with a message saying why. After a
 * logout the device's copies are removed, so the next user of this browser does not see them.
 */
export function LogoutButton({ label, logout }: { label: string; logout: () => Promise<void> }) {
  const { t } = useTranslation('offline');
  const [blocked, setBlocked] = useState(0);
  const onClick = async () => {
    const waiting = await waitingCount();
    setBlocked(waiting);
    if (waiting) return;
    await clearOfflineData();
    await logout();
  };
  return (
    <>
      <button type="button" className="btn btn--secondary btn--small" onClick={() => void onClick()}>
        {label}
      </button>
      {blocked ? (
        <p className="alert alert--warn topbar__alert" role="alert">
          {t('logoutBlocked', { count: blocked })}
        </p>
      ) : null}
    </>
  );
}
