import { Fragment, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAnswered, isItemApplicable, isItemRequired } from '../../../shared/assessments/answers';
import type { Answers, AnswerValue, AssessmentRecord } from '../../../shared/assessments/assessment.schema';
import type { ChecklistItem, ChecklistSection } from '../../../shared/assessments/checklist.schema';
import { intlTagOf } from '../../../shared/i18n/languages';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { formatNumber } from '../../lib/format';
import { tShared } from '../../lib/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FieldError, FieldHint } from '../../ui/Field';
import { saveRecord } from './assessments.api';
import { useLocalized } from './use-localized';

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; at: Date }
  | { status: 'error'; error: unknown };

/** Lets the page wait for every form's pending saves (e.g. before completing the assessment). */
export type SaveRegistry = {
  flushers: Set<() => Promise<void>>;
  running: Set<Promise<void>>;
};

export function createSaveRegistry(): SaveRegistry {
  return { flushers: new Set(), running: new Set() };
}

/** Sends what every form still holds and waits until all saves have answered. */
export async function settleSaves(registry: SaveRegistry): Promise<void> {
  await Promise.all([...registry.flushers].map((f) => f()));
  await Promise.allSettled([...registry.running]);
}

/**
 * Saves a form as the team goes: changes are sent after a short pause, one request at a time, always
 * with the version last saved, so two people editing the same form get a 409 instead of overwriting.
 */
function useAutosave(
  assessmentId: string,
  record: AssessmentRecord,
  onSaved: (r: AssessmentRecord) => void,
  registry: SaveRegistry,
) {
  const version = useRef(record.version);
  const pending = useRef<Answers | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<SaveState>({ status: 'idle' });

  const flush = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    // One request at a time: wait for the one in flight, then send whatever is pending, until nothing is.
    for (;;) {
      if (running.current) {
        await running.current;
        continue;
      }
      const sent = pending.current;
      if (!sent) return;
      pending.current = null;
      setState({ status: 'saving' });
      const run = (async () => {
        try {
          const saved = await saveRecord(assessmentId, record.id, version.current, sent);
          version.current = saved.version;
          onSaved(saved);
          setState({ status: 'saved', at: new Date() });
        } catch (error) {
          setState({ status: 'error', error });
        }
      })();
      running.current = run;
      registry.running.add(run);
      try {
        await run;
      } finally {
        running.current = null;
        registry.running.delete(run);
      }
    }
  }, [assessmentId, record.id, onSaved, registry]);

  const schedule = useCallback(
    (answers: Answers, delayMs: number) => {
      pending.current = answers;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [flush],
  );
  useEffect(() => {
    registry.flushers.add(flush);
    return () => {
      registry.flushers.delete(flush);
      // Leaving the form (another tab or form) sends what is pending at once.
      void flush();
    };
  }, [flush, registry]);
  return { state, schedule, flush };
}

const ANSWER_CODES = {
  yes_no: ['yes', 'no'],
  yes_partial_no: ['yes', 'partial', 'no'],
} as const;

function ChoiceItem({
  item,
  name,
  value,
  disabled,
  error,
  required,
  onChange,
}: {
  item: ChecklistItem;
  name: string;
  value: AnswerValue | undefined;
  disabled: boolean;
  error: string | undefined;
  required: boolean;
  onChange: (v: AnswerValue) => void;
}) {
  const { t } = useTranslation('assessments');
  const { l } = useLocalized();
  const id = useId();
  const options: Array<{ value: string; label: string }> =
    item.type === 'choice'
      ? (item.options ?? []).map((o) => ({ value: o.value, label: l(o.text) }))
      : ANSWER_CODES[item.type as 'yes_no' | 'yes_partial_no'].map((c) => ({
          value: c,
          label: t(`answer.${c}`),
        }));
  if (item.allowNa) options.push({ value: 'na', label: t('answer.na') });
  const describedBy = [item.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset
      className={`answer${error ? ' answer--invalid' : ''}`}
      aria-describedby={describedBy || undefined}
      data-item={item.id}
    >
      <legend>
        {l(item.text)}
        {required ? <span aria-hidden="true"> *</span> : null}
        {item.provenance === 'U' ? <span className="badge badge--muted">{t('uncertain')}</span> : null}
      </legend>
      <div className="answer__options">
        {options.map((o) => (
          <label key={o.value} className={`answer__option${value === o.value ? ' answer__option--on' : ''}`}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={disabled}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
        {isAnswered(value) && !disabled ? (
          <button type="button" className="btn btn--link answer__clear" onClick={() => onChange(null)}>
            {t('clearAnswer')}
          </button>
        ) : null}
      </div>
      <FieldHint id={`${id}-help`} hint={item.help && l(item.help)} />
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}

function InputItem({
  item,
  value,
  disabled,
  error,
  required,
  badge,
  onChange,
  onBlur,
}: {
  item: ChecklistItem;
  value: AnswerValue | undefined;
  disabled: boolean;
  error: string | undefined;
  required: boolean;
  badge?: string | undefined;
  onChange: (v: AnswerValue) => void;
  onBlur: () => void;
}) {
  const { l } = useLocalized();
  const id = useId();
  const describedBy = [item.help ? `${id}-help` : '', badge ? `${id}-badge` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    disabled,
    required,
    'aria-invalid': Boolean(error) || undefined,
    'aria-describedby': describedBy || undefined,
    onBlur,
    'data-item': item.id,
  };
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {l(item.text)}
        {item.unit ? ` (${l(item.unit)})` : ''}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {item.type === 'number' ? (
        <input
          {...common}
          type="number"
          inputMode="decimal"
          min={item.min}
          max={item.max}
          step={item.integer ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        />
      ) : (
        <textarea
          {...common}
          rows={2}
          maxLength={item.maxLength ?? 2000}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        />
      )}
      <FieldHint id={`${id}-badge`} hint={badge} />
      <FieldHint id={`${id}-help`} hint={item.help && l(item.help)} />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * One filled-in form. Items off the record's path (e.g. resuscitation steps for a breathing baby) are
 * not shown; answers save as the team goes; invalid ones come back next to their item.
 */
export function RecordForm({
  assessmentId,
  section,
  record,
  readOnly,
  missing,
  onAnswersChange,
  onSaved,
  registry,
  areaTitles,
}: {
  assessmentId: string;
  section: ChecklistSection;
  record: AssessmentRecord;
  readOnly: boolean;
  /** Items to flag as unanswered (after a completion attempt). */
  missing: ReadonlySet<string>;
  onAnswersChange: (recordId: string, answers: Answers) => void;
  onSaved: (record: AssessmentRecord) => void;
  registry: SaveRegistry;
  /** Area titles by id, shown as headings between groups of items. */
  areaTitles: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation('assessments');
  const { l, locale } = useLocalized();
  const { state, schedule, flush } = useAutosave(assessmentId, record, onSaved, registry);
  const answers = record.answers;
  const serverErrors =
    state.status === 'error' && state.error instanceof ApiError ? issuesByPath(state.error.issues) : {};
  const change = (item: ChecklistItem, value: AnswerValue) => {
    const next: Answers = { ...answers };
    if (value === null) delete next[item.id];
    else next[item.id] = value;
    onAnswersChange(record.id, next);
    schedule(next, item.type === 'text' || item.type === 'number' ? 800 : 300);
  };
  const saveText =
    state.status === 'saving'
      ? t('saveSaving')
      : state.status === 'saved'
        ? t('saveSaved', { time: state.at.toLocaleTimeString(intlTagOf(locale)) })
        : state.status === 'error'
          ? t('saveFailed')
          : t('saveIdle');
  return (
    <div className="record-form">
      <p className={`save-status save-status--${state.status}`} role="status" aria-live="polite">
        {saveText}
      </p>
      {state.status === 'error' && !Object.keys(serverErrors).length ? (
        <ErrorMessage error={state.error} />
      ) : null}
      {section.items.map((item, index) => {
        if (!isItemApplicable(item, answers, section)) return null;
        // A heading where the scored area changes (preparation, immediate care, …) helps find one's place.
        const previousArea = section.items
          .slice(0, index)
          .reverse()
          .find((i) => isItemApplicable(i, answers, section))?.area;
        const heading =
          item.area && item.area !== previousArea && areaTitles[item.area] ? (
            <h4 className="item-group">{areaTitles[item.area]}</h4>
          ) : null;
        const hidden = record.hiddenItems.includes(item.id);
        const required = isItemRequired(item);
        const error =
          serverErrors[`answers.${item.id}`] ??
          (missing.has(item.id) ? tShared('assessments.answerMissing') : undefined);
        if (hidden)
          return (
            <p key={item.id} className="muted hidden-personal">
              {l(item.text)}: {t('hiddenPersonal')}
            </p>
          );
        if (item.type === 'number' || item.type === 'text') {
          const pre = record.prefill && item.id in record.prefill ? record.prefill[item.id] : undefined;
          const badge =
            pre === undefined
              ? undefined
              : pre === null
                ? t('registerNoData')
                : record.edited.includes(item.id) ||
                    (answers[item.id] !== undefined && answers[item.id] !== pre)
                  ? t('editedFromRegister', { value: formatNumber(pre, locale) })
                  : t('fromRegister');
          return (
            <InputItem
              key={item.id}
              item={item}
              value={answers[item.id]}
              disabled={readOnly}
              error={error}
              required={required}
              badge={badge}
              onChange={(v) => change(item, v)}
              onBlur={() => void flush()}
            />
          );
        }
        return (
          <Fragment key={item.id}>
            {heading}
            <ChoiceItem
              item={item}
              name={`${record.id}:${item.id}`}
              value={answers[item.id]}
              disabled={readOnly}
              error={error}
              required={required}
              onChange={(v) => change(item, v)}
            />
          </Fragment>
        );
      })}
    </div>
  );
}
