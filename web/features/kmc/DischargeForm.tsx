import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { KMC_DISCHARGE_CHECKS, KMC_OUTCOMES, type KmcDischargeCheck } from '../../../shared/kmc/kmc-values';
import {
  dischargeFromLog,
  type DischargeFromLog,
  KMC_LOG_CHECKS,
  type KmcLogCheck,
} from '../../../shared/kmc/kmc-discharge';
import { formatDate, formatNumber } from '../../lib/format';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FormCard } from '../../ui/FormCard';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { discharge } from './kmc.api';
import { num, useSaved, useYesNoOptions, yesNo } from './kmc-form';
import { logAnswerText } from './kmc-labels';

const isLogCheck = (c: KmcDischargeCheck): c is KmcLogCheck =>
  (KMC_LOG_CHECKS as readonly string[]).includes(c);

/** What the daily log says of one check, with the days it read (the one rule the server applies). */
function LogSays({
  check,
  fromLog,
  data,
}: {
  check: KmcLogCheck;
  fromLog: DischargeFromLog;
  data: KmcEpisode;
}) {
  const { t, i18n } = useTranslation('kmc');
  const locale = i18n.language;
  const r = data.dischargeCheckRule;
  const { value, days } = fromLog[check];
  const unit = check === 'weightGain3Days' ? ' g' : ' °C';
  const values = days
    .map(
      (d) =>
        `${formatDate(d.date, locale)}: ${d.value === null ? '–' : formatNumber(d.value, locale, check === 'weightGain3Days' ? 0 : 1) + unit}`,
    )
    .join(', ');
  const answer = days.length === 0 ? t('logAnswer.empty') : logAnswerText(t, value);
  const detail =
    days.length === 0
      ? ''
      : check === 'weightGain3Days'
        ? t('logWeights', { days: days.length, values })
        : t('logTemperatures', {
            days: days.length,
            values,
            min: formatNumber(r.kmcNormalTemperatureMinC, locale, 1),
            below: formatNumber(r.kmcNormalTemperatureBelowC, locale, 1),
          });
  return (
    <p className="field__hint" data-log-check={check} data-log-value={String(value)}>
      {t('logSays', { answer })}
      {detail ? ` · ${detail}` : ''}
      {value !== null ? ` · ${t('logBlank')}` : ''}
    </p>
  );
}

/**
 * Closes the episode: discharge checks, weight, date and outcome. Weight gain and temperature show what
 * the daily log says on the discharge day; an answer that differs asks for the reason.
 */
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
  const [reasons, setReasons] = useState<Record<KmcLogCheck, string>>({
    weightGain3Days: '',
    temperatureStable: '',
  });
  const fromLog = dischargeFromLog(
    data.logs.map((l) => ({
      date: l.date,
      weightGrams: l.weightGrams,
      lowestTemperatureC: l.lowestTemperatureC,
    })),
    form.values.dischargedOn,
    data.dischargeCheckRule,
  );
  /** The answer differs from a log that can say: the reason is asked (and only then sent). */
  const differs = (c: KmcLogCheck) =>
    fromLog[c].value !== null && yesNo(checks[c]) !== null && yesNo(checks[c]) !== fromLog[c].value;
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
        overrideReasons: Object.fromEntries(
          KMC_LOG_CHECKS.filter(differs).map((c) => [c, reasons[c].trim() === '' ? null : reasons[c]]),
        ),
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
          <div key={c}>
            <ChoiceField
              legend={t(`check.${c}`, { days: data.dischargeCheckRule.kmcWeightGainDays })}
              name={c}
              value={checks[c] as 'yes' | 'no' | ''}
              options={yesNoOptions}
              onChange={(v) => setChecks((x) => ({ ...x, [c]: v }))}
              error={errors[`checks.${c}`]}
            />
            {isLogCheck(c) ? <LogSays check={c} fromLog={fromLog} data={data} /> : null}
            {isLogCheck(c) && differs(c) ? (
              <TextAreaField
                label={t('overrideReason')}
                value={reasons[c]}
                onChange={(ev) => setReasons((x) => ({ ...x, [c]: ev.target.value }))}
                error={errors[`overrideReasons.${c}`]}
                required
              />
            ) : null}
          </div>
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
