import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { KMC_DISCHARGE_CHECKS, KMC_OUTCOMES, type KmcDischargeCheck } from '../../../shared/kmc/kmc-values';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { discharge } from './kmc.api';
import { num, useSaved, yesNo } from './kmc-form';

/** Closes the episode: discharge checks, weight, date and outcome. */
export function DischargeForm({ data }: { data: KmcEpisode }) {
  const { t } = useTranslation('kmc');
  const e = data.episode!;
  const [on, setOn] = useState(data.today);
  const [outcome, setOutcome] = useState('');
  const [weight, setWeight] = useState('');
  const [checks, setChecks] = useState<Record<KmcDischargeCheck, string>>({
    feedsWell: '',
    weightGain3Days: '',
    temperatureStable: '',
    caregiverReady: '',
  });
  const saved = useSaved(data.newbornId);
  const save = useMutation({
    mutationFn: () =>
      discharge(e.id, {
        version: e.version,
        dischargedOn: on,
        outcome: outcome as (typeof KMC_OUTCOMES)[number],
        weightGrams: num(weight),
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
  const yesNoOptions = [
    { value: 'yes' as const, label: t('yes') },
    { value: 'no' as const, label: t('no') },
  ];
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={t('dischargeTitle')}>
      <h2>{t('dischargeTitle')}</h2>
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
      <TextField
        label={t('dischargeWeight')}
        inputMode="numeric"
        value={weight}
        onChange={(ev) => setWeight(ev.target.value)}
        error={errors.weightGrams}
      />
      <TextField
        label={t('dischargedOn')}
        type="date"
        value={on}
        max={data.today}
        onChange={(ev) => setOn(ev.target.value)}
        error={errors.dischargedOn}
        required
      />
      <SelectField
        label={t('outcome')}
        value={outcome}
        onChange={(ev) => setOutcome(ev.target.value)}
        options={KMC_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        placeholder=""
        error={errors.outcome}
        required
      />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {t('discharge')}
        </button>
      </div>
      <ErrorMessage error={formError} />
    </form>
  );
}
