import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { changePassword } from './auth.api';
import { useSession } from './session';

/** Shown instead of the app while a user still has the password an administrator set. */
export function ChangePasswordPage() {
  const { t } = useTranslation('auth');
  const { passwordChanged } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (next !== confirm) {
      setFieldErrors({ confirm: t('changePassword.mismatch') });
      return;
    }
    try {
      await changePassword(current, next);
      passwordChanged();
    } catch (err) {
      setFieldErrors(err instanceof ApiError ? issuesByPath(err.issues) : {});
      setError(err);
    }
  }

  return (
    <main className="login" id="main">
      <div className="login__card">
        <h1>{t('changePassword.title')}</h1>
        <p className="muted">{t('changePassword.intro')}</p>
        <form onSubmit={submit} noValidate>
          <TextField
            label={t('changePassword.current')}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={fieldErrors.currentPassword}
            required
          />
          <TextField
            label={t('changePassword.new')}
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            error={fieldErrors.newPassword}
            hint={t('changePassword.hint')}
            required
          />
          <TextField
            label={t('changePassword.confirm')}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={fieldErrors.confirm}
            required
          />
          <ErrorMessage error={error} />
          <button type="submit" className="btn btn--primary btn--block">
            {t('changePassword.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
