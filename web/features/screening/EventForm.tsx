import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreeningClientDetail, ScreeningEvent } from '../../../shared/screening/screening.schema';
import { SCREENING_TESTS, type ScreeningTest } from '../../../shared/screening/screening-settings';
import {
  GENOTYPES,
  type Genotype,
  SAMPLE_BY,
  type SampleBy,
  SCREEN_RESULTS,
  type ScreenResult,
  TREATMENTS,
  type Treatment,
  TRIAGE_METHODS,
  TRIAGE_RESULTS,
  type TriageMethod,
  type TriageResult,
} from '../../../shared/screening/screening-values';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { CheckList } from '../../ui/CheckList';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FormCard } from '../../ui/FormCard';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { recordEvent, screeningKeys, updateEvent } from './screening.api';

const today = () => new Date().toISOString().slice(0, 10);
const orNull = <T extends string>(v: string) => (v ? (v as T) : null);

/**
 * A new screening (test, sample, place and what is known), or the result, triage and treatment of an
 * event recorded before. Only the fields that apply are shown: genotypes for a positive HPV test,
 * triage and treatment after a positive screen.
 */
export function EventForm({
  client,
  event,
  onDone,
}: {
  client: ScreeningClientDetail;
  event?: ScreeningEvent;
  onDone?: () => void;
}) {
  const { t } = useTranslation('screening');
  const queryClient = useQueryClient();
  const [id] = useState(() => globalThis.crypto.randomUUID());
  const form = useFormValues({
    test: event?.test ?? 'hpv_dna',
    sampleBy: event?.sampleBy ?? 'provider',
    takenOn: event?.takenOn ?? today(),
    result: event?.result ?? '',
    resultOn: event?.resultOn ?? '',
    triageMethod: event?.triageMethod ?? '',
    triageResult: event?.triageResult ?? '',
    triageOn: event?.triageOn ?? '',
    treatment: event?.treatment ?? '',
    treatedOn: event?.treatedOn ?? '',
    counsellingNote: event?.counsellingNote ?? '',
  });
  const [genotypes, setGenotypes] = useState<Genotype[]>(event?.genotypes ?? []);
  const { test, result, triageMethod, treatment } = form.values;
  const positive = result === 'positive' || result === 'suspected_cancer';
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        result: orNull<ScreenResult>(result),
        resultOn: result ? form.values.resultOn || today() : null,
        genotypes: test === 'hpv_dna' && result === 'positive' ? genotypes : [],
        triageMethod: result === 'positive' ? orNull<TriageMethod>(triageMethod) : null,
        triageResult:
          result === 'positive' && triageMethod ? orNull<TriageResult>(form.values.triageResult) : null,
        triageOn: result === 'positive' && triageMethod ? form.values.triageOn || null : null,
        treatment: positive ? orNull<Treatment>(treatment) : null,
        treatedOn: positive && treatment ? form.values.treatedOn || today() : null,
        treatmentPlaceId: positive && treatment ? client.orgUnitId : null,
        counsellingNote: form.values.counsellingNote.trim() || null,
      };
      return event
        ? updateEvent(event.id, { version: event.version, ...fields })
        : recordEvent(client.id, {
            id,
            test,
            sampleBy: form.values.sampleBy,
            takenOn: form.values.takenOn,
            placeId: client.orgUnitId,
            ...fields,
          });
    },
    onSuccess: (c) => {
      queryClient.setQueryData(screeningKeys.client(c.id), c);
      void queryClient.invalidateQueries({ queryKey: ['screening', 'list'] });
      onDone?.();
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = form.fieldsWith(errors);
  const results = SCREEN_RESULTS.filter((r) => !(test === 'hpv_dna' && r === 'suspected_cancer'));
  const title = event ? t('updateTitle') : t('recordTitle');
  /** A select's options from a closed list, labelled `${prefix}.${value}`, after the blank choice's label. */
  const optionsOf = (prefix: string, values: readonly string[], blank?: string) => [
    ...(blank ? [{ value: '', label: t(blank) }] : []),
    ...values.map((x) => ({ value: x, label: t(`${prefix}.${x}`) })),
  ];
  return (
    <FormCard title={title} mutation={save}>
      {event ? null : (
        <>
          <ChoiceField<ScreeningTest>
            legend={t('test')}
            {...form.choice('test')}
            options={SCREENING_TESTS.map((x) => ({ value: x, label: t(`test.${x}`) }))}
            error={errors.test}
            required
          />
          <ChoiceField<SampleBy>
            legend={t('sampleBy')}
            {...form.choice('sampleBy')}
            options={SAMPLE_BY.map((x) => ({ value: x, label: t(`sampleBy.${x}`) }))}
            error={errors.sampleBy}
            required
          />
          <TextField label={t('takenOn')} type="date" {...field('takenOn')} required />
        </>
      )}
      <SelectField
        label={t('result')}
        {...field('result')}
        options={optionsOf('result', results, 'result.none')}
      />
      {result ? (
        <TextField
          label={t('resultOn')}
          type="date"
          {...field('resultOn')}
          value={form.values.resultOn || today()}
        />
      ) : null}
      {test === 'hpv_dna' && result === 'positive' ? (
        <CheckList
          className="choice"
          legend={t('genotypes')}
          options={GENOTYPES}
          selected={genotypes}
          onChange={setGenotypes}
          label={(g) => t(`genotype.${g}`)}
        />
      ) : null}
      {result === 'positive' ? (
        <>
          <SelectField
            label={t('triageMethod')}
            {...field('triageMethod')}
            options={optionsOf('triage', TRIAGE_METHODS, 'triage.none')}
          />
          {triageMethod ? (
            <>
              <SelectField
                label={t('triageResult')}
                {...field('triageResult')}
                placeholder=""
                options={optionsOf('result', TRIAGE_RESULTS)}
              />
              <TextField label={t('triageOn')} type="date" {...field('triageOn')} />
            </>
          ) : null}
        </>
      ) : null}
      {positive ? (
        <>
          <SelectField
            label={t('treatment')}
            {...field('treatment')}
            options={optionsOf('treatment', TREATMENTS, 'treatment.none')}
          />
          {treatment ? (
            <TextField
              label={t('treatedOn')}
              type="date"
              {...field('treatedOn')}
              value={form.values.treatedOn || today()}
            />
          ) : null}
        </>
      ) : null}
      <TextAreaField label={t('counsellingNote')} {...field('counsellingNote')} />
      <ErrorMessage error={formError} />
      <button type="submit" className="btn btn--primary" disabled={save.isPending}>
        {t('save')}
      </button>
    </FormCard>
  );
}
