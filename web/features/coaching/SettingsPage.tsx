import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CoachingSettings } from '../../../shared/coaching/coaching.schema';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, FieldHint, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { getCoachingSettings, updateCoachingSettings } from './coaching.api';
import { useChosenCountry } from '../org-units/use-chosen-country';

const FIELDS = ['coverageYears', 'passingPercent', 'lowBandPercent'] as const;
type Field = (typeof FIELDS)[number];

function SettingsForm({ settings }: { settings: CoachingSettings }) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>(() => ({
    coverageYears: String(settings.coverageYears),
    passingPercent: String(settings.passingPercent),
    lowBandPercent: String(settings.lowBandPercent),
  }));
  const [fromCoaching, setFromCoaching] = useState(settings.introducedFromCoaching);
  const save = useMutation({
    mutationFn: () =>
      updateCoachingSettings(settings.countryId, {
        version: settings.version,
        coverageYears: Number(values.coverageYears),
        passingPercent: Number(values.passingPercent),
        lowBandPercent: Number(values.lowBandPercent),
        introducedFromCoaching: fromCoaching,
      }),
    onSuccess: (s) => queryClient.setQueryData(['coaching', 'settings', s.countryId], s),
  });
  const { fieldErrors, formError } = formErrorsOf(save.error);
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={t('settingsTitle')}>
      {FIELDS.map((f) => (
        <TextField
          key={f}
          label={t(`setting.${f}`)}
          hint={t(`settingHint.${f}`)}
          inputMode="numeric"
          value={values[f]}
          onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
          error={fieldErrors[f]}
          required
        />
      ))}
      <CheckboxField
        label={t('setting.introducedFromCoaching')}
        checked={fromCoaching}
        onChange={(e) => setFromCoaching(e.target.checked)}
        aria-describedby="introduced-from-coaching-hint"
      />
      <FieldHint id="introduced-from-coaching-hint" hint={t('settingHint.introducedFromCoaching')} />
      {save.isSuccess ? (
        <p className="alert alert--success" role="status">
          {t('settingsSaved')}
        </p>
      ) : null}
      <FormFooter formError={formError} pending={save.isPending} submitLabel={t('common:save')} />
    </form>
  );
}

/**
 * A national manager sets the country's coaching numbers: the coverage window (years), and the
 * checklists' passing score (the certificate needs it) and low band, and whether the EENC ladder's
 * "introduced" comes from the first completed coaching.
 */
export function SettingsPage() {
  const { t } = useTranslation('coaching');
  const { countryId, picker } = useChosenCountry(t('country'));
  const q = useQuery({
    queryKey: ['coaching', 'settings', countryId ?? ''],
    queryFn: () => getCoachingSettings(countryId!),
    enabled: Boolean(countryId),
  });
  return (
    <div className="coaching">
      <PageHeader title={t('settingsTitle')} intro={t('settingsIntro')} />
      <p>
        <Link to="/coaching">{t('backToCoaching')}</Link>
      </p>
      {picker}
      {q.isPending && countryId ? <Loading /> : null}
      <ErrorMessage error={q.error} />
      {q.data ? <SettingsForm key={`${q.data.countryId}-${q.data.version}`} settings={q.data} /> : null}
    </div>
  );
}
