import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { HIV_STATUSES, type HivStatus } from '../../../shared/screening/screening-values';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, TextField } from '../../ui/Field';
import { registerClient, screeningKeys } from './screening.api';

/** Registers a woman at the chosen station or facility, then opens her page. */
export function RegisterForm({ orgUnitId }: { orgUnitId: string }) {
  const { t } = useTranslation('screening');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [id] = useState(() => globalThis.crypto.randomUUID());
  const [name, setName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [phone, setPhone] = useState('');
  const [hiv, setHiv] = useState<HivStatus>('unknown');
  const [reminders, setReminders] = useState(true);
  const save = useMutation({
    mutationFn: () =>
      registerClient({
        id,
        orgUnitId,
        birthId: null,
        name: name.trim() || null,
        birthYear: birthYear ? Number(birthYear) : null,
        birthDate: birthDate || null,
        phone: phone.trim() || null,
        hivStatus: hiv,
        language: null,
        remindersEnabled: reminders,
      }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: screeningKeys.all });
      void navigate(`/screening/clients/${c.id}`);
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={t('registerTitle')}>
      <h2>{t('registerTitle')}</h2>
      <TextField
        label={t('name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        required
      />
      <TextField
        label={t('birthYear')}
        inputMode="numeric"
        value={birthYear}
        onChange={(e) => setBirthYear(e.target.value)}
        error={errors.birthYear}
        required
      />
      <TextField
        label={t('birthDate')}
        type="date"
        value={birthDate}
        onChange={(e) => setBirthDate(e.target.value)}
        error={errors.birthDate}
      />
      <TextField
        label={t('phone')}
        type="tel"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errors.phone}
      />
      <ChoiceField<HivStatus>
        legend={t('hivStatus')}
        name="hivStatus"
        value={hiv}
        options={HIV_STATUSES.map((v) => ({ value: v, label: t(`hiv.${v}`) }))}
        onChange={setHiv}
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
    </form>
  );
}
