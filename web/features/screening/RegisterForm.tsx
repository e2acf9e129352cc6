import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { HIV_STATUSES, type HivStatus } from '../../../shared/screening/screening-values';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FormCard } from '../../ui/FormCard';
import { CheckboxField, TextField } from '../../ui/Field';
import { registerClient, screeningKeys } from './screening.api';

/** The text of the form's fields, and the HIV status chosen. */
type Values = { name: string; birthYear: string; birthDate: string; phone: string; hivStatus: HivStatus };

/** Registers a woman at the chosen station or facility, then opens her page. */
export function RegisterForm({ orgUnitId }: { orgUnitId: string }) {
  const { t } = useTranslation('screening');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [id] = useState(() => globalThis.crypto.randomUUID());
  const form = useFormValues<Values>({
    name: '',
    birthYear: '',
    birthDate: '',
    phone: '',
    hivStatus: 'unknown',
  });
  const [reminders, setReminders] = useState(true);
  const save = useMutation({
    mutationFn: () =>
      registerClient({
        id,
        orgUnitId,
        birthId: null,
        name: form.values.name.trim() || null,
        birthYear: form.values.birthYear ? Number(form.values.birthYear) : null,
        birthDate: form.values.birthDate || null,
        phone: form.values.phone.trim() || null,
        hivStatus: form.values.hivStatus,
        language: null,
        remindersEnabled: reminders,
      }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: screeningKeys.all });
      void navigate(`/screening/clients/${c.id}`);
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = form.fieldsWith(errors);
  return (
    <FormCard title={t('registerTitle')} mutation={save}>
      <TextField label={t('name')} {...field('name')} required />
      <TextField label={t('birthYear')} inputMode="numeric" {...field('birthYear')} required />
      <TextField label={t('birthDate')} type="date" {...field('birthDate')} />
      <TextField label={t('phone')} type="tel" {...field('phone')} />
      <ChoiceField<HivStatus>
        legend={t('hivStatus')}
        {...form.choice('hivStatus')}
        options={HIV_STATUSES.map((x) => ({ value: x, label: t(`hiv.${x}`) }))}
        error={errors.hivStatus}
        required
      />
      <CheckboxField
        label={t('remindersEnabled')}
        checked={reminders}
        onChange={(e) => setReminders(e.target.checked)}
      />
      <ErrorMessage error={formError} />
      <button type="submit" className="btn btn--primary" disabled={save.isPending}>
        {t('save')}
      </button>
    </FormCard>
  );
}
