import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client';

/**
 * A request failure said plainly: the server's own (translated) message, a network hint, or, for a
 * version conflict, what to do next. Field issues are shown next to the fields by the forms.
 */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text = t('error.title');
  if (error instanceof ApiError) {
    if (error.code === 'network') text = t('error.network');
    else if (error.code === 'version_conflict') text = `${error.message} `;
    else text = error.message;
  }
  return (
    <div className="alert alert--error" role="alert">
      <p>{text}</p>
      {error instanceof ApiError && error.code === 'version_conflict' ? (
        <button type="button" className="btn btn--secondary" onClick={() => window.location.reload()}>
          {t('error.reload')}
        </button>
      ) : null}
      {onRetry ? (
        <button type="button" className="btn btn--secondary" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}
