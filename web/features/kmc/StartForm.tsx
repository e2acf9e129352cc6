import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { KMC_NOT_STARTED_REASONS, KMC_PLACES, KMC_PROVIDERS } from '../../../shared/kmc/kmc-values';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { startEpisode, updateStart } from './kmc.api';
import { fromYesNo, toLocalInput, useSaved, yesNo } from './kmc-form';

/** How KMC began, or why it was not started: opens the episode or corrects it. */
export function StartForm({ data }: { data: KmcEpisode }) {
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
