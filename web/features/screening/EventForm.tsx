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
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../ui/Field';
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
  const [test, setTest] = useState<ScreeningTest>(event?.test ?? 'hpv_dna');
  const [sampleBy, setSampleBy] = useState<SampleBy>(event?.sampleBy ?? 'provider');
  const [takenOn, setTakenOn] = useState(event?.takenOn ?? today());
  const [result, setResult] = useState<string>(event?.result ?? '');
  const [resultOn, setResultOn] = useState(event?.resultOn ?? '');
  const [genotypes, setGenotypes] = useState<Genotype[]>(event?.genotypes ?? []);
  const [triageMethod, setTriageMethod] = useState<string>(event?.triageMethod ?? '');
  const [triageResult, setTriageResult] = useState<string>(event?.triageResult ?? '');
  const [triageOn, setTriageOn] = useState(event?.triageOn ?? '');
  const [treatment, setTreatment] = useState<string>(event?.treatment ?? '');
  const [treatedOn, setTreatedOn] = useState(event?.treatedOn ?? '');
  const [note, setNote] = useState(event?.counsellingNote ?? '');
  const positive = result === 'positive' || result === 'suspected_cancer';
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        result: orNull<ScreenResult>(result),
        resultOn: result ? resultOn || today() : null,
        genotypes: test === 'hpv_dna' && result === 'positive' ? genotypes : [],
        triageMethod: result === 'positive' ? orNull<TriageMethod>(triageMethod) : null,
        triageResult: result === 'positive' && triageMethod ? orNull<TriageResult>(triageResult) : null,
        triageOn: result === 'positive' && triageMethod ? triageOn || null : null,
        treatment: positive ? orNull<Treatment>(treatment) : null,
        treatedOn: positive && treatment ? treatedOn || today() : null,
        treatmentPlaceId: positive && treatment ? client.orgUnitId : null,
        counsellingNote: note.trim() || null,
      };
      return event
        ? updateEvent(event.id, { version: event.version, ...fields })
        : recordEvent(client.id, { id, test, sampleBy, takenOn, placeId: client.orgUnitId, ...fields });
    },
    onSuccess: (c) => {
      queryClient.setQueryData(screeningKeys.client(c.id), c);
      void queryClient.invalidateQueries({ queryKey: ['screening', 'list'] });
      onDone?.();
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const results = SCREEN_RESULTS.filter((r) => !(test === 'hpv_dna' && r === 'suspected_cancer'));
  const title = event ? t('updateTitle') : t('recordTitle');
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={title}>
      <h2>{title}</h2>
      {event ? null : (
        <>
          <ChoiceField<ScreeningTest>
            legend={t('test')}
            name="test"
            value={test}
            options={SCREENING_TESTS.map((v) => ({ value: v, label: t(`test.${v}`) }))}
            onChange={setTest}
            error={errors.test}
            required
          />
          <ChoiceField<SampleBy>
            legend={t('sampleBy')}
            name="sampleBy"
            value={sampleBy}
            options={SAMPLE_BY.map((v) => ({ value: v, label: t(`sampleBy.${v}`) }))}
            onChange={setSampleBy}
            error={errors.sampleBy}
            required
          />
          <TextField
            label={t('takenOn')}
            type="date"
            value={takenOn}
            onChange={(e) => setTakenOn(e.target.value)}
            error={errors.takenOn}
            required
          />
        </>
      )}
      <SelectField
        label={t('result')}
        value={result}
        onChange={(e) => setResult(e.target.value)}
        options={[
          { value: '', label: t('result.none') },
          ...results.map((v) => ({ value: v, label: t(`result.${v}`) })),
        ]}
        error={errors.result}
      />
      {result ? (
        <TextField
          label={t('resultOn')}
          type="date"
          value={resultOn || today()}
          onChange={(e) => setResultOn(e.target.value)}
          error={errors.resultOn}
        />
      ) : null}
      {test === 'hpv_dna' && result === 'positive' ? (
        <fieldset className="choice">
          <legend>{t('genotypes')}</legend>
          {GENOTYPES.map((g) => (
            <CheckboxField
              key={g}
              label={t(`genotype.${g}`)}
              checked={genotypes.includes(g)}
              onChange={(e) =>
                setGenotypes(e.target.checked ? [...genotypes, g] : genotypes.filter((x) => x !== g))
              }
            />
          ))}
        </fieldset>
      ) : null}
      {result === 'positive' ? (
        <>
          <SelectField
            label={t('triageMethod')}
            value={triageMethod}
            onChange={(e) => setTriageMethod(e.target.value)}
            options={[
              { value: '', label: t('triage.none') },
              ...TRIAGE_METHODS.map((v) => ({ value: v, label: t(`triage.${v}`) })),
            ]}
            error={errors.triageMethod}
          />
          {triageMethod ? (
            <>
              <SelectField
                label={t('triageResult')}
                value={triageResult}
                placeholder=""
                onChange={(e) => setTriageResult(e.target.value)}
                options={TRIAGE_RESULTS.map((v) => ({ value: v, label: t(`result.${v}`) }))}
                error={errors.triageResult}
              />
              <TextField
                label={t('triageOn')}
                type="date"
                value={triageOn}
                onChange={(e) => setTriageOn(e.target.value)}
                error={errors.triageOn}
              />
            </>
          ) : null}
        </>
      ) : null}
      {positive ? (
        <>
          <SelectField
            label={t('treatment')}
            value={treatment}
            onChange={(e) => setTreatment(e.target.value)}
            options={[
              { value: '', label: t('treatment.none') },
              ...TREATMENTS.map((v) => ({ value: v, label: t(`treatment.${v}`) })),
            ]}
            error={errors.treatment}
          />
          {treatment ? (
            <TextField
              label={t('treatedOn')}
              type="date"
              value={treatedOn || today()}
              onChange={(e) => setTreatedOn(e.target.value)}
              error={errors.treatedOn}
            />
          ) : null}
        </>
      ) : null}
      <TextAreaField
        label={t('counsellingNote')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.counsellingNote}
      />
      <ErrorMessage error={formError} />
      <button type="submit" className="btn btn--primary" disabled={save.isPending}>
        {t('save')}
      </button>
    </form>
  );
}
