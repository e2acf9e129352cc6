import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { KMC_NOT_STARTED_REASONS, KMC_PLACES, KMC_PROVIDERS } from '../../../shared/kmc/kmc-values';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { startEpisode, updateStart } from './kmc.api';
import { fromYesNo, toLocalInput, useSaved, useYesNoOptions, yesNo } from './kmc-form';

/** How KMC began, or why it was not started: opens the episode or corrects it. */
export function StartForm({ data }: { data: KmcEpisode }) {
  const { t } = useTranslation('kmc');
  const e = data.episode;
  const {
    values: v,
    choice,
    fieldsWith,
  } = useFormValues({
    started: fromYesNo(e ? Boolean(e.startedAt) : null),
    startedAt: toLocalInput(new Date()),
    incubatorFirst: fromYesNo(e?.incubatorFirst ?? null),
    place: e?.place ?? '',
    provider: e?.provider ?? 'mother',
    notStartedReason: e?.notStartedReason ?? '',
  });
  const saved = useSaved(data.newbornId);
  const yesNoOptions = useYesNoOptions();
  const [id] = useState(() => globalThis.crypto.randomUUID());
  const save = useMutation({
    mutationFn: () => {
      const isStarted = v.started === 'yes';
      const body = {
        startedAt: isStarted
          ? Number.isNaN(Date.parse(v.startedAt))
            ? v.startedAt
            : new Date(v.startedAt).toISOString()
          : null,
        incubatorFirst: isStarted ? yesNo(v.incubatorFirst) : null,
        place: isStarted && v.place ? (v.place as (typeof KMC_PLACES)[number]) : null,
        provider: isStarted && v.provider ? v.provider : null,
        notStartedReason:
          !isStarted && v.notStartedReason
            ? (v.notStartedReason as (typeof KMC_NOT_STARTED_REASONS)[number])
            : null,
      };
      return e
        ? updateStart(e.id, { version: e.version, ...body })
        : startEpisode({ id, newbornId: data.newbornId, ...body });
    },
    onSuccess: saved,
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = fieldsWith(errors);
  const placeOptions = KMC_PLACES.map((p) => ({ value: p, label: t(`place.${p}`) }));
  const providerOptions = KMC_PROVIDERS.map((p) => ({ value: p, label: t(`provider.${p}`) }));
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={t('startTitle')}>
      <h2>{t('startTitle')}</h2>
      <ChoiceField
        legend={t('started')}
        {...choice('started')}
        options={yesNoOptions}
        error={errors.startedAt && v.started !== 'yes' ? errors.startedAt : undefined}
        required
      />
      {v.started === 'yes' ? (
        <>
          <TextField label={t('startedAt')} type="datetime-local" {...field('startedAt')} required />
          <ChoiceField
            legend={t('incubatorFirst')}
            {...choice('incubatorFirst')}
            options={yesNoOptions}
            error={errors.incubatorFirst}
            required
          />
          <SelectField
            label={t('place')}
            {...field('place')}
            options={placeOptions}
            placeholder=""
            required
          />
          <SelectField label={t('provider')} {...field('provider')} options={providerOptions} required />
        </>
      ) : null}
      {v.started === 'no' ? (
        <SelectField
          label={t('notStartedReason')}
          {...field('notStartedReason')}
          options={KMC_NOT_STARTED_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))}
          placeholder=""
          error={errors.notStartedReason ?? errors.startedAt}
          required
        />
      ) : null}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending || v.started === ''}>
          {t('saveStart')}
        </button>
      </div>
      <ErrorMessage error={formError} />
    </form>
  );
}
