import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scope } from '../../../shared/auth/principal';
import { PROFESSIONS, type Profession, ROLES, type Role } from '../../../shared/auth/roles';
import { listLanguages } from '../../../shared/i18n/messages';
import type { Locale, User } from '../../../shared/users/user.schema';
import { formatDateTime } from '../../lib/format';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { createUser, resetUserPassword, unlockUser, updateUser, userKeys } from './users.api';
import { ActionButton } from '../../ui/ActionButton';

function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/[+/=]/g, '')
    .slice(0, 14);
}

type ScopeChip = Pick<Scope, 'id' | 'name'>;

export function UserForm({ user, onDone }: { user?: User; onDone(): void }) {
  const { t, i18n } = useTranslation('users');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormValues<{
    username: string;
    displayName: string;
    role: Role;
    profession: Profession | '';
    locale: Locale;
  }>({
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'clinician',
    profession: user?.profession ?? '',
    locale: user?.locale ?? 'vi',
  });
  const { role } = form.values;
  const [scopes, setScopes] = useState<ScopeChip[]>(user?.scopes ?? []);
  const [active, setActive] = useState(user?.active ?? true);
  const [password, setPassword] = useState(user ? '' : randomPassword());
  const [resetDone, setResetDone] = useState(false);

  const save = useMutation({
    mutationFn: () => {
      const common = {
        displayName: form.values.displayName,
        role,
        profession: role === 'clinician' && form.values.profession ? form.values.profession : null,
        locale: form.values.locale,
        scopeIds: scopes.map((s) => s.id),
      };
      return user
        ? updateUser(user.id, { version: user.version, ...common, active })
        : createUser({ username: form.values.username, password, ...common });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      onDone();
    },
  });
  const reset = useMutation({
    mutationFn: () => resetUserPassword(user!.id, user!.version, password),
    onSuccess: async () => {
      setResetDone(true);
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
  const unlock = useMutation({
    mutationFn: () => unlockUser(user!.id, user!.version),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      onDone();
    },
  });
  const lockedUntil = user?.lockedUntil && new Date(user.lockedUntil) > new Date() ? user.lockedUntil : null;
  const { fieldErrors: errors, hasFieldErrors, formError } = formErrorsOf(save.error);
  const { fieldErrors: resetErrors, formError: resetError } = formErrorsOf(reset.error);
  const field = form.fieldsWith(errors);
  const scopeError = errors.scopeIds ?? Object.entries(errors).find(([k]) => k.startsWith('scopeIds.'))?.[1];
  const passwordInput = (error: string | undefined, required: boolean) => (
    <div className="inline">
      <TextField
        label={t('password')}
        value={password}
        hint={t('passwordHint')}
        onChange={(e) => setPassword(e.target.value)}
        error={error}
        required={required}
      />
      <button type="button" className="btn btn--secondary" onClick={() => setPassword(randomPassword())}>
        {t('generate')}
      </button>
    </div>
  );

  return (
    <form className="form" onSubmit={submitWith(save)} noValidate>
      {!user ? (
        <TextField label={t('username')} autoCapitalize="none" {...field('username')} required />
      ) : null}
      <TextField label={t('displayName')} {...field('displayName')} required />
      <SelectField
        label={t('role')}
        {...field('role')}
        options={ROLES.map((r) => ({ value: r, label: tc(`role.${r}`) }))}
        required
      />
      {role === 'clinician' ? (
        <SelectField
          label={t('profession')}
          {...field('profession')}
          options={PROFESSIONS.map((p) => ({ value: p, label: tc(`profession.${p}`) }))}
          placeholder="—"
        />
      ) : null}
      <SelectField
        label={t('locale')}
        {...field('locale')}
        options={listLanguages().map((l) => ({ value: l.code, label: l.name }))}
      />
      <fieldset className="fieldset">
        <legend>{t('scopes')}</legend>
        <ul className="chips">
          {scopes.map((s) => (
            <li key={s.id} className="chip">
              {s.name}
              <button
                type="button"
                className="btn btn--ghost btn--small"
                aria-label={t('removeScope', { name: s.name })}
                onClick={() => setScopes(scopes.filter((x) => x.id !== s.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <OrgUnitPicker
          label={t('addScope')}
          value={null}
          onChange={(u) => u && !scopes.some((s) => s.id === u.id) && setScopes([...scopes, u])}
          error={scopeError}
        />
      </fieldset>
      {user ? (
        <CheckboxField
          label={t('active')}
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
          error={errors.active}
        />
      ) : null}
      {!user ? passwordInput(errors.password, true) : null}
      <FormFooter
        formError={formError}
        hasFieldErrors={hasFieldErrors}
        pending={save.isPending}
        onCancel={onDone}
      />
      {user && lockedUntil ? (
        <fieldset className="fieldset">
          <legend>{t('lockout')}</legend>
          <p>{t('locked', { until: formatDateTime(lockedUntil, i18n.language) })}</p>
          <ActionButton busy={unlock.isPending} onClick={() => unlock.mutate()}>
            {t('unlock')}
          </ActionButton>
          <ErrorMessage error={unlock.error} />
        </fieldset>
      ) : null}
      {user ? (
        <fieldset className="fieldset">
          <legend>{t('resetPassword')}</legend>
          {passwordInput(resetErrors.password, false)}
          <ActionButton busy={reset.isPending} disabled={!password} onClick={() => reset.mutate()}>
            {t('resetPassword')}
          </ActionButton>
          {resetDone ? (
            <p className="alert alert--success" role="status">
              {t('resetDone')}
            </p>
          ) : null}
          <ErrorMessage error={resetError} />
        </fieldset>
      ) : null}
    </form>
  );
}
