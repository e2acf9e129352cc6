import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { startSyncLoop } from './sync-engine';
import { useOfflineStatus } from './use-offline-status';

/**
 * The header's sync badge: how many changes wait (always shown), whether the device is offline, and a
 * warning when the browser may evict the stored data; the refused count links to the page of changes not
 * accepted. Mounting it starts the sync loop.
 */
export function SyncStatus() {
  const { t } = useTranslation('offline');
  const status = useOfflineStatus();
  useEffect(() => startSyncLoop(), []);
  const label = status.waiting ? t('waiting', { count: status.waiting }) : t('allSent');
  return (
    <span className="sync-status" role="status" aria-live="polite">
      <span
        className={`badge${status.waiting ? ' badge--warn' : ' badge--muted'}`}
        title={status.waiting ? t('retrying') : undefined}
        data-testid="sync-waiting"
        data-count={status.waiting}
      >
        {status.online ? '' : '⚠ '}
        {label}
      </span>
      {status.online ? null : <span className="visually-hidden">{t('offline')}</span>}
      {status.refused ? (
        <Link className="badge badge--warn" to="/sync/refused" data-testid="sync-refused">
          {t('refused', { count: status.refused })}
        </Link>
      ) : null}
      {status.unreadable ? (
        <Link className="badge badge--warn" to="/sync/refused">
          {t('unreadable', { count: status.unreadable })}
        </Link>
      ) : null}
      {status.persisted === false ? (
        <span className="badge badge--muted" title={t('notPersisted')}>
          {t('notPersistedShort')}
        </span>
      ) : null}
    </span>
  );
}
