import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { KmcEpisode, KmcLog } from '../../../shared/kmc/kmc.schema';
import {
  KMC_DANGER_SIGNS,
  KMC_DISCHARGE_CHECKS,
  KMC_FEEDING,
  KMC_NOT_STARTED_REASONS,
  KMC_OUTCOMES,
  KMC_PLACES,
  KMC_PROVIDERS,
  type KmcDangerSign,
  type KmcDischargeCheck,
} from '../../../shared/kmc/kmc-values';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { discharge, getKmcBaby, kmcKeys, saveLog, startEpisode, updateStart } from './kmc.api';
import { babyBadges, ruleLabel } from './kmc-labels';

/** Number typed in a form: null when blank, NaN kept so that the server names the field. */
const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.replace(',', '.')));
const yesNo = (s: string): boolean | null => (s === '' ? null : s === 'yes');
const fromYesNo = (b: boolean | null) => (b === null ? '' : b ? 'yes' : 'no');

/** Local "YYYY-MM-DDTHH:mm" of an instant, for a datetime-local input. */
function toLocalInput(d: Date): string {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function useSaved(newbornId: string) {
  const qc = useQueryClient();
  return (data: KmcEpisode) => {
    qc.setQueryData(kmcKeys.baby(newbornId), data);
    void qc.invalidateQueries({ queryKey: ['kmc', 'list'] });
  };
}

function StartForm({ data }: { data: KmcEpisode }) {
  const { t } = useTranslation('kmc');
  const e = data.episode;
  const [started, setStarted] = useState<'yes' | 'no' | ''>(e ? (e.startedAt ? 'yes' : 'no') : '');
  const [startedAt, setStartedAt] = useState(() => toLocalInput(new Date()));
  const [incubator, setIncubator] = useState(fromYesNo(e?.incubatorFirst ?? null));
  const [place, setPlace] = useState<string>(e?.place ?? '');
  const [provider, setProvider] = useState<string>(e?.provider ?? 'mother');
  const [reason, setReason] = useState<string>(e?.notStartedReason ?? '');
  const saved = useSaved(data.newbornId);
  const [id] = useState(() => globalThis.crypto.randomUUID());
  const save = useMutation({
    mutationFn: () => {
      const isStarted = started === 'yes';
      const body = {
        startedAt: isStarted
          ? Number.isNaN(Date.parse(startedAt))
            ? startedAt
            : new Date(startedAt).toISOString()
          : null,
        incubatorFirst: isStarted ? yesNo(incubator) : null,
        place: isStarted && place ? (place as (typeof KMC_PLACES)[number]) : null,
        provider: isStarted && provider ? (provider as (typeof KMC_PROVIDERS)[number]) : null,
        notStartedReason: !isStarted && reason ? (reason as (typeof KMC_NOT_STARTED_REASONS)[number]) : null,
      };
      return e
        ? updateStart(e.id, { version: e.version, ...body })
        : startEpisode({ id, newbornId: data.newbornId, ...body });
    },
    onSuccess: saved,
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const yesNoOptions = [
    { value: 'yes' as const, label: t('yes') },
    { value: 'no' as const, label: t('no') },
  ];
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={t('startTitle')}>
      <h2>{t('startTitle')}</h2>
      <ChoiceField
        legend={t('started')}
        name="started"
        value={started}
        options={yesNoOptions}
        onChange={(v: 'yes' | 'no') => setStarted(v)}
        error={errors.startedAt && started !== 'yes' ? errors.startedAt : undefined}
        required
      />
      {started === 'yes' ? (
        <>
          <TextField
            label={t('startedAt')}
            type="datetime-local"
            value={startedAt}
            onChange={(ev) => setStartedAt(ev.target.value)}
            error={errors.startedAt}
            required
          />
          <ChoiceField
            legend={t('incubatorFirst')}
            name="incubator"
            value={incubator}
            options={yesNoOptions}
            onChange={setIncubator}
            error={errors.incubatorFirst}
            required
          />
          <SelectField
            label={t('place')}
            value={place}
            onChange={(ev) => setPlace(ev.target.value)}
            options={KMC_PLACES.map((p) => ({ value: p, label: t(`place.${p}`) }))}
            placeholder=""
            error={errors.place}
            required
          />
          <SelectField
            label={t('provider')}
            value={provider}
            onChange={(ev) => setProvider(ev.target.value)}
            options={KMC_PROVIDERS.map((p) => ({ value: p, label: t(`provider.${p}`) }))}
            error={errors.provider}
            required
          />
        </>
      ) : null}
      {started === 'no' ? (
        <SelectField
          label={t('notStartedReason')}
          value={reason}
          onChange={(ev) => setReason(ev.target.value)}
          options={KMC_NOT_STARTED_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))}
          placeholder=""
          error={errors.notStartedReason ?? errors.startedAt}
          required
        />
      ) : null}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending || started === ''}>
          {t('saveStart')}
        </button>
      </div>
      <ErrorMessage error={formError} />
    </form>
  );
}

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

function LogSection({ data, canWrite }: { data: KmcEpisode; canWrite: boolean }) {
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
  const set = (k: keyof LogDraft) => (ev: { target: { value: string } }) =>
    setD((x) => ({ ...x, [k]: ev.target.value }));
  return (
    <section className="card" aria-labelledby="kmc-log">
      <h2 id="kmc-log">{t('logTitle')}</h2>
      {data.logs.length ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('logDay')}</th>
                <th>{t('sscHours')}</th>
                <th>{t('weight')}</th>
                <th>{t('lowestTemperature')}</th>
                <th>{t('feeding')}</th>
                <th>{t('dangerSigns')}</th>
                {canWrite ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {data.logs.map((l) => (
                <tr key={l.date}>
                  <td>{formatDate(l.date, locale)}</td>
                  <td>
                    {l.sscHours === null
                      ? ''
                      : t('hoursShort', { hours: formatNumber(l.sscHours, locale, 1) })}
                  </td>
                  <td>
                    {l.weightGrams === null ? '' : formatNumber(l.weightGrams, locale)}
                    {l.weightJumpConfirmed ? ` (${t('confirmed')})` : ''}
                  </td>
                  <td>
                    {l.lowestTemperatureC === null ? '' : formatNumber(l.lowestTemperatureC, locale, 1)}
                  </td>
                  <td>{l.feeding ? t(`feeding.${l.feeding}`) : ''}</td>
                  <td>{l.dangerSigns.map((s) => t(`sign.${s}`)).join(', ')}</td>
                  {canWrite ? (
                    <td>
                      <button
                        type="button"
                        className="btn btn--ghost btn--small"
                        onClick={() => setD(draftOf(l))}
                      >
                        {t('correctDay')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

function DischargeForm({ data }: { data: KmcEpisode }) {
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

/** One baby's KMC: eligibility under the rule, the start, the daily log, the discharge. */
export default function KmcBabyPage() {
  const { t, i18n } = useTranslation('kmc');
  const locale = i18n.language;
  const { newbornId = '' } = useParams();
  const can = useCan();
  const q = useQuery({ queryKey: kmcKeys.baby(newbornId), queryFn: () => getKmcBaby(newbornId) });
  if (q.isPending) return <Loading />;
  if (!q.data) return <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  const canWrite = can('record.write');
  const value = (v: number | null) => (v === null ? t('unknown') : formatNumber(v, locale));
  const rule = ruleLabel(t, b.rule);
  return (
    <>
      <PageHeader
        title={`${b.motherName ?? t('record', { number: b.recordNumber })} · ${t('baby', { n: b.birthOrder })}`}
        intro={`${t('born', { date: formatDateTime(b.bornAt, locale) })} · ${t('weightWeeks', {
          grams: value(b.birthWeightGrams),
          weeks: value(b.gestationalAgeWeeks),
        })} · ${b.facilityName}`}
      >
        <Link className="btn btn--ghost" to="/kmc">
          {t('back')}
        </Link>
      </PageHeader>
      {b.specialCare ? <p className="alert alert--warn">{t('specialCare')}</p> : null}
      <p className="muted">{b.ruleIsCurrent ? t('ruleCurrent', { rule }) : t('ruleOfDay', { rule })}</p>
      <p className="pnc-card__markers">
        <span className="badge">{t(`status.${b.status}`)}</span>{' '}
        {babyBadges(t, b).map((x) => (
          <span key={x.key} className={`badge ${x.danger ? 'badge--danger' : 'badge--warn'}`}>
            {x.text}
          </span>
        ))}
      </p>
      {b.episode?.startedAt ? (
        <p>
          {formatDateTime(b.episode.startedAt, locale)} · {b.place ? t(`place.${b.place}`) : ''} ·{' '}
          {b.episode.provider ? t(`provider.${b.episode.provider}`) : ''} ·{' '}
          {b.immediate ? t('immediate') : t('notImmediate')}
        </p>
      ) : null}
      {b.episode?.discharge ? (
        <p className="card">
          {t('closedOn', {
            date: formatDate(b.episode.discharge.dischargedOn, locale),
            outcome: t(`outcome.${b.episode.discharge.outcome}`),
          })}
        </p>
      ) : null}
      {canWrite && b.status === 'not_started' ? <StartForm data={b} /> : null}
      {b.status !== 'not_started' && b.episode?.startedAt ? (
        <LogSection data={b} canWrite={canWrite && b.status === 'in_kmc'} />
      ) : null}
      {canWrite && b.status === 'in_kmc' ? <DischargeForm data={b} /> : null}
    </>
  );
}
