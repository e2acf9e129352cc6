import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { useSession } from './session';

export function LoginPage() {
  const { t } = useTranslation('auth');
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <div className="login__card">
        <div className="login__lang">
          <LanguageSwitch />
        </div>
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        <form onSubmit={submit} noValidate>
          <TextField
            label={t('username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
          <TextField
            label={t('password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <ErrorMessage error={error} />
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t('submitting') : t('submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
