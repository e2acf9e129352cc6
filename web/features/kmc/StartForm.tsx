import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { KMC_NOT_STARTED_REASONS, KMC_PLACES, KMC_PROVIDERS } from '../../../shared/kmc/kmc-values';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FormCard } from '../../ui/FormCard';
import { SelectField, TextField } from '../../ui/Field';
import { startEpisode, updateStart } from './kmc.api';
import { fromYesNo, toLocalInput, useSaved, useYesNoOptions, yesNo } from './kmc-form';

/** How KMC began, or why it was not started: opens the episode or corrects it. */
export function StartForm({ data }: { data: KmcEpisode }) {
  const { t } = useTranslation('kmc');
  const e = data.episode;
  const form = useFormValues({
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
      const isStarted = form.values.started === 'yes';
      const body = {
        startedAt: isStarted
          ? Number.isNaN(Date.parse(form.values.startedAt))
            ? form.values.startedAt
            : new Date(form.values.startedAt).toISOString()
          : null,
        incubatorFirst: isStarted ? yesNo(form.values.incubatorFirst) : null,
        place: isStarted && form.values.place ? (form.values.place as (typeof KMC_PLACES)[number]) : null,
        provider: isStarted && form.values.provider ? form.values.provider : null,
        notStartedReason:
          !isStarted && form.values.notStartedReason
            ? (form.values.notStartedReason as (typeof KMC_NOT_STARTED_REASONS)[number])
            : null,
      };
      return e
        ? updateStart(e.id, { version: e.version, ...body })
        : startEpisode({ id, newbornId: data.newbornId, ...body });
    },
    onSuccess: saved,
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = form.fieldsWith(errors);
  const placeOptions = KMC_PLACES.map((p) => ({ value: p, label: t(`place.${p}`) }));
  const providerOptions = KMC_PROVIDERS.map((p) => ({ value: p, label: t(`provider.${p}`) }));
  return (
    <FormCard title={t('startTitle')} mutation={save}>
      <ChoiceField
        legend={t('started')}
        {...form.choice('started')}
        options={yesNoOptions}
        error={errors.startedAt && form.values.started !== 'yes' ? errors.startedAt : undefined}
        required
      />
      {form.values.started === 'yes' ? (
        <>
          <TextField label={t('startedAt')} type="datetime-local" {...field('startedAt')} required />
          <ChoiceField
            legend={t('incubatorFirst')}
            {...form.choice('incubatorFirst')}
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
      {form.values.started === 'no' ? (
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
        <button
          type="submit"
          className="btn btn--primary"
          disabled={save.isPending || form.values.started === ''}
        >
          {t('saveStart')}
        </button>
      </div>
      <ErrorMessage error={formError} />
    </FormCard>
  );
}
