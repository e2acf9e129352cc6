import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { useFormValues } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { AuthCard } from './AuthCard';
import { changePassword } from './auth.api';
import { useSession } from './session';

/** The three password fields, each with the request field its server issue is named after. */
const FIELDS = [
  { key: 'current', autoComplete: 'current-password', issue: 'currentPassword' },
  { key: 'new', autoComplete: 'new-password', issue: 'newPassword' },
  { key: 'confirm', autoComplete: 'new-password', issue: 'confirm' },
] as const;

/** Shown instead of the app while a user still has the password an administrator set. */
export function ChangePasswordPage() {
  const { t } = useTranslation('auth');
  const { passwordChanged } = useSession();
  const { values, bind } = useFormValues({ current: '', new: '', confirm: '' });
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (values.new !== values.confirm) {
      setFieldErrors({ confirm: t('changePassword.mismatch') });
      return;
    }
    try {
      await changePassword(values.current, values.new);
      passwordChanged();
    } catch (err) {
      setFieldErrors(err instanceof ApiError ? issuesByPath(err.issues) : {});
      setError(err);
    }
  }

  return (
    <AuthCard title={t('changePassword.title')} intro={t('changePassword.intro')} onSubmit={submit}>
      {FIELDS.map((f) => (
        <TextField
          key={f.key}
          label={t(`changePassword.${f.key}`)}
          type="password"
          autoComplete={f.autoComplete}
          {...bind(f.key)}
          error={fieldErrors[f.issue]}
          hint={f.key === 'new' ? t('changePassword.hint') : undefined}
          required
        />
      ))}
      <ErrorMessage error={error} />
      <button type="submit" className="btn btn--primary btn--block">
        {t('changePassword.submit')}
      </button>
    </AuthCard>
  );
}
