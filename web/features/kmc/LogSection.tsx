import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode, KmcLog } from '../../../shared/kmc/kmc.schema';
import { KMC_DANGER_SIGNS, KMC_FEEDING, type KmcDangerSign } from '../../../shared/kmc/kmc-values';
import { formatDate, formatNumber } from '../../lib/format';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { type Column, DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { saveLog } from './kmc.api';
import { num, useSaved } from './kmc-form';

type LogDraft = {
  date: string;
  version: number | null;
  sscHours: string;
  feeding: string;
  weight: string;
  temperature: string;
  signs: KmcDangerSign[];
};
const emptyLog = (date: string): LogDraft => ({
  date,
  version: null,
  sscHours: '',
  feeding: '',
  weight: '',
  temperature: '',
  signs: ['none'],
});
const draftOf = (l: KmcLog): LogDraft => ({
  date: l.date,
  version: l.version,
  sscHours: l.sscHours === null ? '' : String(l.sscHours),
  feeding: l.feeding ?? '',
  weight: l.weightGrams === null ? '' : String(l.weightGrams),
  temperature: l.lowestTemperatureC === null ? '' : String(l.lowestTemperatureC),
  signs: l.dangerSigns,
});

/** The daily log: the days logged (each can be corrected) and the form of one day. */
export function LogSection({ data, canWrite }: { data: KmcEpisode; canWrite: boolean }) {
  const { t, i18n } = useTranslation('kmc');
  const locale = i18n.language;
  const episodeId = data.episode!.id;
  const [d, setD] = useState<LogDraft>(() => emptyLog(data.today));
  const [confirm, setConfirm] = useState(false);
  const saved = useSaved(data.newbornId);
  const save = useMutation({
    mutationFn: () =>
      saveLog(episodeId, d.date, {
        version: d.version,
        sscHours: num(d.sscHours),
        feeding: d.feeding ? (d.feeding as (typeof KMC_FEEDING)[number]) : null,
        weightGrams: num(d.weight),
        lowestTemperatureC: num(d.temperature),
        dangerSigns: d.signs,
        ...(confirm ? { confirmWeightJump: true } : {}),
      }),
    onSuccess: (res) => {
      saved(res);
      setD(emptyLog(res.today));
      setConfirm(false);
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const toggleSign = (s: KmcDangerSign, on: boolean) =>
    setD((x) => {
      const rest = x.signs.filter((v) => v !== s && (s === 'none' ? true : v !== 'none'));
      return { ...x, signs: on ? (s === 'none' ? ['none'] : [...rest, s]) : rest };
    });
  const correctColumn: Column<KmcLog> = {
    header: '',
    cell: (l) => (
      <button type="button" className="btn btn--ghost btn--small" onClick={() => setD(draftOf(l))}>
        {t('correctDay')}
      </button>
    ),
  };
  const set = (k: keyof LogDraft) => (ev: { target: { value: string } }) =>
    setD((x) => ({ ...x, [k]: ev.target.value }));
  return (
    <section className="card" aria-labelledby="kmc-log">
      <h2 id="kmc-log">{t('logTitle')}</h2>
      {data.logs.length ? (
        <DataTable
          rows={data.logs}
          rowKey={(l) => l.date}
          columns={[
            { header: t('logDay'), cell: (l) => formatDate(l.date, locale) },
            {
              header: t('sscHours'),
              cell: (l) =>
                l.sscHours === null ? '' : t('hoursShort', { hours: formatNumber(l.sscHours, locale, 1) }),
            },
            {
              header: t('weight'),
              cell: (l) =>
                `${l.weightGrams === null ? '' : formatNumber(l.weightGrams, locale)}${l.weightJumpConfirmed ? ` (${t('confirmed')})` : ''}`,
            },
            {
              header: t('lowestTemperature'),
              cell: (l) =>
                l.lowestTemperatureC === null ? '' : formatNumber(l.lowestTemperatureC, locale, 1),
            },
            { header: t('feeding'), cell: (l) => (l.feeding ? t(`feeding.${l.feeding}`) : '') },
            { header: t('dangerSigns'), cell: (l) => l.dangerSigns.map((s) => t(`sign.${s}`)).join(', ') },
            ...(canWrite ? [correctColumn] : []),
          ]}
        />
      ) : (
        <p className="muted">{t('noLogs')}</p>
      )}
      {canWrite ? (
        <form className="form" onSubmit={submitWith(save)} noValidate aria-label={t('logTitle')}>
          <TextField
            label={t('logDay')}
            type="date"
            value={d.date}
            max={data.today}
            onChange={(ev) => setD({ ...emptyLog(ev.target.value), ...draftAt(data.logs, ev.target.value) })}
            error={errors.date}
            required
          />
          <TextField
            label={t('sscHours')}
            inputMode="decimal"
            value={d.sscHours}
            onChange={set('sscHours')}
            error={errors.sscHours}
          />
          <TextField
            label={t('weight')}
            inputMode="numeric"
            value={d.weight}
            onChange={set('weight')}
            error={errors.weightGrams}
          />
          {errors.weightGrams && num(d.weight) !== null ? (
            <CheckboxField
              label={t('confirmWeight')}
              checked={confirm}
              onChange={(ev) => setConfirm(ev.target.checked)}
            />
          ) : null}
          <TextField
            label={t('lowestTemperature')}
            inputMode="decimal"
            value={d.temperature}
            onChange={set('temperature')}
            error={errors.lowestTemperatureC}
          />
          <SelectField
            label={t('feeding')}
            value={d.feeding}
            onChange={set('feeding')}
            options={KMC_FEEDING.map((f) => ({ value: f, label: t(`feeding.${f}`) }))}
            placeholder=""
            error={errors.feeding}
          />
          <fieldset className="fieldset">
            <legend>{t('dangerSigns')}</legend>
            <div className="pnc-checks">
              {KMC_DANGER_SIGNS.map((s) => (
                <CheckboxField
                  key={s}
                  label={t(`sign.${s}`)}
                  checked={d.signs.includes(s)}
                  onChange={(ev) => toggleSign(s, ev.target.checked)}
                />
              ))}
            </div>
            {errors.dangerSigns ? <p className="field__error">{errors.dangerSigns}</p> : null}
          </fieldset>
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={save.isPending}>
              {t('saveLog')}
            </button>
            {save.isSuccess ? <span role="status">{t('logSaved')}</span> : null}
          </div>
          <ErrorMessage error={formError} />
        </form>
      ) : null}
    </section>
  );
}

/** Picking a day already logged loads it for correction. */
function draftAt(logs: KmcLog[], date: string): Partial<LogDraft> {
  const l = logs.find((x) => x.date === date);
  return l ? draftOf(l) : {};
}
