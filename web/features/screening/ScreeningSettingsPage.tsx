import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreeningSettingsResponse } from '../../../shared/screening/screening.schema';
import { SCREENING_TESTS, type ScreeningSettings } from '../../../shared/screening/screening-settings';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useChosenCountry } from '../org-units/use-chosen-country';
import { getScreeningSettings, screeningKeys, updateScreeningSettings } from './screening.api';

/** The number settings, by group; interval keys are `intervalYears.hpv_dna` and so on. */
const GROUPS = {
  ages: ['startAge', 'startAgeHiv', 'upperAge'],
  intervals: [
    ...SCREENING_TESTS.map((k) => `intervalYears.${k}`),
    ...SCREENING_TESTS.map((k) => `intervalYearsHiv.${k}`),
    'rescreenAfterNegativeTriageYears',
    'rescreenAfterNegativeTriageYearsHiv',
    'rescreenAfterTreatmentYears',
  ],
  recalls: [
    'resultMissingWeeks',
    'positiveUntreatedWeeks',
    'treatmentTargetWeeks',
    'overdueAfterDays',
    'upcomingDays',
    'reminderLeadDays',
    'secondReminderDays',
  ],
} as const;
const NUMBERS = Object.values(GROUPS).flat();
const SWITCHES = ['triageHpvPositive', 'triageHpvPositiveHiv', 'treatGenotype1618'] as const;

const valueAt = (s: ScreeningSettings, key: string): unknown =>
  key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s);

/** The settings from the form: numbers as typed (the server says what is wrong with each). */
function settingsOf(numbers: Record<string, string>, switches: Record<string, boolean>) {
  const out: Record<string, unknown> = { ...switches, intervalYears: {}, intervalYearsHiv: {} };
  for (const key of NUMBERS) {
    const text = numbers[key]?.trim() ?? '';
    const n = text === '' ? null : Number(text);
    const [head, tail] = key.split('.') as [string, string | undefined];
    if (tail) (out[head] as Record<string, unknown>)[tail] = n;
    else out[head] = n;
  }
  return out as ScreeningSettings;
}

/** Keyed by country only: after a save the new version comes in through `view` and the message stays. */
function SettingsForm({ view }: { view: ScreeningSettingsResponse }) {
  const { t } = useTranslation('screening');
  const queryClient = useQueryClient();
  const [numbers, setNumbers] = useState<Record<string, string>>(() =>
    Object.fromEntries(NUMBERS.map((k) => [k, String(valueAt(view.settings, k))])),
  );
  const [switches, setSwitches] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(SWITCHES.map((k) => [k, view.settings[k]])),
  );
  const save = useMutation({
    mutationFn: () => updateScreeningSettings(view.countryId!, view.version, settingsOf(numbers, switches)),
    onSuccess: (s) => {
      queryClient.setQueryData(screeningKeys.settings(s.countryId ?? ''), s);
      void queryClient.invalidateQueries({ queryKey: screeningKeys.all });
    },
  });
  const { fieldErrors, formError } = formErrorsOf(save.error);
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={t('settingsTitle')}>
      <p className="muted">
        {view.isDefault ? t('settingsDefault') : t('settingsVersion', { version: view.version })}
      </p>
      {Object.entries(GROUPS).map(([group, keys]) => (
        <fieldset key={group} className="section">
          <legend>{t(`settingsGroup.${group}`)}</legend>
          <div className="grid">
            {keys.map((k) => (
              <TextField
                key={k}
                label={t(`setting.${k}`)}
                hint={t('settingDefault', { value: String(valueAt(view.defaults, k)) })}
                inputMode="numeric"
                value={numbers[k] ?? ''}
                onChange={(e) => setNumbers((v) => ({ ...v, [k]: e.target.value }))}
                error={fieldErrors[`settings.${k}`]}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <fieldset className="section">
        <legend>{t('settingsGroup.pathway')}</legend>
        {SWITCHES.map((k) => (
          <CheckboxField
            key={k}
            label={t(`setting.${k}`)}
            checked={switches[k] ?? false}
            onChange={(e) => setSwitches((v) => ({ ...v, [k]: e.target.checked }))}
            error={fieldErrors[`settings.${k}`]}
          />
        ))}
      </fieldset>
      {save.data ? (
        <p className="alert alert--success" role="status">
          {t('settingsSaved', { count: save.data.rederived ?? 0, version: save.data.version })}
        </p>
      ) : null}
      <FormFooter formError={formError} pending={save.isPending} submitLabel={t('common:save')} />
    </form>
  );
}

/**
 * A national manager sets the country's screening rules (WHO 2021 defaults, docs/screening.md); every
 * woman followed in the country is re-derived under the new rule version when they are saved.
 */
export default function ScreeningSettingsPage() {
  const { t } = useTranslation('screening');
  const { countryId: unitId, picker } = useChosenCountry(t('country'));
  const q = useQuery({
    queryKey: screeningKeys.settings(unitId ?? ''),
    queryFn: () => getScreeningSettings(unitId!),
    enabled: Boolean(unitId),
  });
  return (
    <div className="screening">
      <PageHeader title={t('settingsTitle')} intro={t('settingsIntro')} />
      {picker}
      {q.isPending && unitId ? <Loading /> : null}
      <ErrorMessage error={q.error} />
      {q.data?.countryId ? <SettingsForm key={q.data.countryId} view={q.data} /> : null}
    </div>
  );
}
