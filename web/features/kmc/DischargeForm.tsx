import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { KMC_DISCHARGE_CHECKS, KMC_OUTCOMES, type KmcDischargeCheck } from '../../../shared/kmc/kmc-values';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FormCard } from '../../ui/FormCard';
import { SelectField, TextField } from '../../ui/Field';
import { discharge } from './kmc.api';
import { num, useSaved, useYesNoOptions, yesNo } from './kmc-form';

/** Closes the episode: discharge checks, weight, date and outcome. */
export function DischargeForm({ data }: { data: KmcEpisode }) {
  const { t } = useTranslation('kmc');
  const e = data.episode!;
  const form = useFormValues({ dischargedOn: data.today, outcome: '', weightGrams: '' });
  const [checks, setChecks] = useState<Record<KmcDischargeCheck, string>>({
    feedsWell: '',
    weightGain3Days: '',
    temperatureStable: '',
    caregiverReady: '',
  });
  const saved = useSaved(data.newbornId);
  const yesNoOptions = useYesNoOptions();
  const save = useMutation({
    mutationFn: () =>
      discharge(e.id, {
        version: e.version,
        dischargedOn: form.values.dischargedOn,
        outcome: form.values.outcome as (typeof KMC_OUTCOMES)[number],
        weightGrams: num(form.values.weightGrams),
        checks: {
          feedsWell: yesNo(checks.feedsWell),
          weightGain3Days: yesNo(checks.weightGain3Days),
          temperatureStable: yesNo(checks.temperatureStable),
          caregiverReady: yesNo(checks.caregiverReady),
        },
      }),
    onSuccess: saved,
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = form.fieldsWith(errors);
  return (
    <FormCard title={t('dischargeTitle')} mutation={save}>
      <fieldset className="fieldset">
        <legend>{t('checks')}</legend>
        {KMC_DISCHARGE_CHECKS.map((c) => (
          <ChoiceField
            key={c}
            legend={t(`check.${c}`)}
            name={c}
            value={checks[c] as 'yes' | 'no' | ''}
            options={yesNoOptions}
            onChange={(v) => setChecks((x) => ({ ...x, [c]: v }))}
          />
        ))}
      </fieldset>
      <TextField label={t('dischargeWeight')} inputMode="numeric" {...field('weightGrams')} />
      <TextField label={t('dischargedOn')} type="date" max={data.today} {...field('dischargedOn')} required />
      <SelectField
        label={t('outcome')}
        {...field('outcome')}
        options={KMC_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        placeholder=""
        required
      />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {t('discharge')}
        </button>
      </div>
      <ErrorMessage error={formError} />
    </FormCard>
  );
}
