import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECKLIST_ANSWERS, type ChecklistAnswer } from '../../../shared/coaching/checklist-scoring';
import type { Course, RecordedChecklist } from '../../../shared/coaching/coaching.schema';
import { CHECKLIST_METHODS, CHECKLIST_MOMENTS } from '../../../shared/coaching/coaching-values';
import { formErrorsOf } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FormCard } from '../../ui/FormCard';
import { SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { coachingKeys, correctChecklist, getChecklists, recordChecklist } from './coaching.api';

const today = () => new Date().toISOString().slice(0, 10);

/** A recorded checklist being corrected, and whose it is. */
export type ChecklistCorrection = { workerId: string; record: RecordedChecklist };

/**
 * A facilitator records a participant's skills checklist: the version of a checklist of the course's
 * module that the venue's country records on (its own copy or the shipped one), each item yes,
 * partial, no or not applicable, before or after coaching. With `correcting`, the same form corrects a
 * recorded checklist on the version it was recorded with. The server scores it; an after-coaching
 * checklist at the passing score gives a completed participant the certificate.
 */
export function ChecklistForm({
  course,
  correcting,
  onDone,
}: {
  course: Course;
  correcting?: ChecklistCorrection | undefined;
  onDone?: () => void;
}) {
  const { t, i18n } = useTranslation('coaching');
  const lang = i18n.language.startsWith('vi') ? 'vi' : 'en';
  const queryClient = useQueryClient();
  const defs = useQuery({
    queryKey: coachingKeys.checklists(course.countryId ?? ''),
    queryFn: () => getChecklists(course.countryId ?? undefined),
  });
  const record = correcting?.record;
  const choices = (defs.data?.items ?? []).filter((d) =>
    record
      ? d.id === record.checklistId && d.version === record.checklistVersion
      : d.current && d.module === course.module,
  );
  const [id, setId] = useState(() => globalThis.crypto.randomUUID());
  const [workerId, setWorkerId] = useState(correcting?.workerId ?? '');
  const [checklistId, setChecklistId] = useState('');
  const [moment, setMoment] = useState<(typeof CHECKLIST_MOMENTS)[number]>(record?.moment ?? 'after');
  const [method, setMethod] = useState<(typeof CHECKLIST_METHODS)[number]>(record?.method ?? 'mannequin');
  const [observedOn, setObservedOn] = useState(
    record?.observedOn ?? (course.endsOn < today() ? course.endsOn : today()),
  );
  const [answers, setAnswers] = useState<Record<string, ChecklistAnswer>>(record?.answers ?? {});
  const def = choices.find((c) => c.id === (checklistId || choices[0]?.id));
  const save = useMutation({
    mutationFn: () =>
      record
        ? correctChecklist(course.id, workerId, record.id, {
            version: record.version,
            moment,
            method,
            observedOn,
            answers,
          })
        : recordChecklist(course.id, workerId, {
            id,
            checklistId: def!.id,
            checklistVersion: def!.version,
            moment,
            method,
            observedOn,
            answers,
          }),
    onSuccess: (c) => {
      queryClient.setQueryData(coachingKeys.course(course.id), c);
      setId(globalThis.crypto.randomUUID());
      setAnswers({});
      onDone?.();
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  if (defs.isPending) return <Loading />;
  if (!def) return <ErrorMessage error={defs.error} />;
  return (
    <FormCard title={record ? t('correctTitle') : t('checklistTitle')} mutation={save}>
      <p className="muted">
        {t('checklistHint', { passing: course.passingPercent, low: course.lowBandPercent })}
      </p>
      <SelectField
        label={t('participant')}
        value={workerId}
        onChange={(e) => setWorkerId(e.target.value)}
        disabled={Boolean(record)}
        options={course.participantList.map((p) => ({
          value: p.worker.id,
          label: p.worker.name ?? p.worker.code,
        }))}
        placeholder=""
        required
      />
      <SelectField
        label={t('checklist')}
        value={def.id}
        onChange={(e) => {
          setChecklistId(e.target.value);
          setAnswers({});
        }}
        disabled={Boolean(record)}
        options={choices.map((c) => ({ value: c.id, label: `${c.name[lang]} (v${c.version})` }))}
        error={errors.checklistId}
      />
      <SelectField
        label={t('checklistMoment')}
        value={moment}
        onChange={(e) => setMoment(e.target.value as typeof moment)}
        options={CHECKLIST_MOMENTS.map((m) => ({ value: m, label: t(`moment.${m}`) }))}
      />
      <SelectField
        label={t('checklistMethod')}
        value={method}
        onChange={(e) => setMethod(e.target.value as typeof method)}
        options={CHECKLIST_METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))}
      />
      <TextField
        label={t('observedOn')}
        type="date"
        value={observedOn}
        onChange={(e) => setObservedOn(e.target.value)}
        error={errors.observedOn}
        required
      />
      {def.domains.map((d) => (
        <fieldset key={d.code} className="fieldset">
          <legend>{d.label[lang]}</legend>
          {d.items.map((i) => (
            <SelectField
              key={i.code}
              label={i.label[lang]}
              value={answers[i.code] ?? 'na'}
              onChange={(e) => setAnswers((a) => ({ ...a, [i.code]: e.target.value as ChecklistAnswer }))}
              options={CHECKLIST_ANSWERS.map((a) => ({ value: a, label: t(`answer.${a}`) }))}
            />
          ))}
        </fieldset>
      ))}
      <ErrorMessage error={errors.answers} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending || !workerId}>
          {record ? t('saveCorrection') : t('recordChecklist')}
        </button>
        {record ? (
          <button type="button" className="btn btn--ghost" onClick={onDone}>
            {t('common:cancel')}
          </button>
        ) : null}
      </div>
      <ErrorMessage error={formError} />
    </FormCard>
  );
}
