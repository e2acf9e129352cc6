import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { useMe, useSession } from './session';

/** Says that the app runs on the session kept on the device, and until when (session-copy.ts). */
export function OfflineSessionNotice() {
  const { t } = useTranslation('auth');
  const { state } = useSession();
  const me = useMe();
  if (state.status !== 'authenticated' || !state.offline) return null;
  return (
    <p className="alert alert--warn" role="status" data-testid="offline-session">
      {t('offlineSession', { until: formatDateTime(me.sessionExpiresAt, me.user.locale) })}
    </p>
  );
}
