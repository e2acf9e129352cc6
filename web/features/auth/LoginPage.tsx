import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { useFormValues } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { AuthCard } from './AuthCard';
import { useSession } from './session';

/** The sign-in fields: names the browser's password manager recognises. */
const FIELDS = [
  { name: 'username', autoComplete: 'username', autoCapitalize: 'none' },
  { name: 'password', autoComplete: 'current-password', type: 'password' },
] as const;

export function LoginPage() {
  const { t } = useTranslation('auth');
  const { login, state } = useSession();
  const offline = state.status === 'anonymous' && state.offline === true;
  const { values, bind } = useFormValues({ username: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(values.username, values.password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <AuthCard
      title={t('title')}
      intro={t('intro')}
      onSubmit={submit}
      above={
        <div className="login__lang">
          <LanguageSwitch />
        </div>
      }
    >
      {FIELDS.map((f) => (
        <TextField key={f.name} label={t(f.name)} {...f} {...bind(f.name)} required />
      ))}
      {offline ? (
        <p className="alert alert--warn" role="alert">
          {t('offlineNoSession')}
        </p>
      ) : null}
      <ErrorMessage error={error} />
      <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
        {busy ? t('submitting') : t('submit')}
      </button>
    </AuthCard>
  );
}
