import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  ACTION_STATUSES,
  type ActionItem,
  type ActionStatus,
} from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import { newId } from '../../../shared/ids';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FieldShell, SelectField, TextField } from '../../ui/Field';
import { createAction, deleteAction, updateAction } from './assessments.api';
import { useLocalized } from './use-localized';

export type ActionDraft = {
  source: { kind: 'standard' | 'area' | 'item'; id: string } | null;
  problem: string;
};

/** Title of the gap an action answers, in the reader's language. */
function useSourceTitle(def: ChecklistDefinition | undefined) {
  const { l } = useLocalized();
  return (source: ActionItem['source']) => {
    if (!source || !def) return source?.id ?? '';
    if (source.kind === 'standard') return l(def.standards.find((s) => s.id === source.id)?.title);
    if (source.kind === 'area') return l(def.areas.find((a) => a.id === source.id)?.title);
    for (const s of def.sections) {
      const item = s.items.find((i) => i.id === source.id);
      if (item) return l(item.text);
    }
    return source.id;
  };
}

/** Actions with their due date and status; overdue ones stand out (badge, row colour, listed first by the server). */
export function ActionsTable({
  actions,
  definition,
  onEdit,
  linkToAssessment = false,
}: {
  actions: ActionItem[];
  definition?: ChecklistDefinition;
  onEdit?: (a: ActionItem) => void;
  linkToAssessment?: boolean;
}) {
  const { t } = useTranslation('assessments');
  const { locale } = useLocalized();
  const sourceTitle = useSourceTitle(definition);
  return (
    <div className="table-wrap">
      <table className="table actions-table">
        <thead>
          <tr>
            <th scope="col">{t('problem')}</th>
            <th scope="col">{t('action')}</th>
            <th scope="col">{t('responsible')}</th>
            <th scope="col">{t('dueDate')}</th>
            <th scope="col">{t('actionStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id} className={a.overdue ? 'row--overdue' : undefined}>
              <td>
                <span className="clamp">{a.problem}</span>
                {a.source && definition ? (
                  <span className="muted small">
                    {' '}
                    · {t('linkedTo')}: {sourceTitle(a.source)}
                  </span>
                ) : null}
              </td>
              <td>
                <span className="clamp">
                  {a.action}
                  {a.resources ? <span className="muted small"> · {a.resources}</span> : null}
                  {a.progressNote ? <span className="small"> — {a.progressNote}</span> : null}
                </span>
              </td>
              <td>{a.responsible}</td>
              <td>
                {formatDate(a.dueDate, locale)}
                {a.overdue ? <span className="badge badge--danger">{t('overdue')}</span> : null}
              </td>
              <td>
                {t(`actionStatus.${a.status}`)}
                {a.doneOn ? (
                  <span className="muted small">
                    {' '}
                    ({t('doneOn', { date: formatDate(a.doneOn, locale) })})
                  </span>
                ) : null}
                {onEdit ? (
                  <button
                    type="button"
                    className="btn btn--secondary btn--small no-print"
                    onClick={() => onEdit(a)}
                    aria-label={`${t('editAction')}: ${a.problem}`}
                  >
                    {t('editAction')}
                  </button>
                ) : null}
                {linkToAssessment ? (
                  <Link className="no-print" to={`/assessments/${a.assessmentId}`}>
                    {' '}
                    {t('open')}
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TextAreaField({
  label,
  value,
  onChange,
  error,
  required,
  maxLength,
  name,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  required?: boolean;
  maxLength: number;
  name: string;
}) {
  return (
    <FieldShell label={label} error={error} required={required}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={name}
          rows={2}
          value={value}
          maxLength={maxLength}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

/** Add or edit one action-plan item. */
export function ActionForm({
  assessmentId,
  initial,
  draft,
  definition,
  onDone,
  onCancel,
}: {
  assessmentId: string;
  initial?: ActionItem;
  draft?: ActionDraft;
  definition: ChecklistDefinition;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('assessments');
  const { t: tc } = useTranslation();
  const sourceTitle = useSourceTitle(definition);
  const source = initial?.source ?? draft?.source ?? null;
  const [problem, setProblem] = useState(initial?.problem ?? draft?.problem ?? '');
  const [action, setAction] = useState(initial?.action ?? '');
  const [responsible, setResponsible] = useState(initial?.responsible ?? '');
  const [resources, setResources] = useState(initial?.resources ?? '');
  const [dueDate, setDueDate] = useState(initial?.dueDate ?? '');
  const [status, setStatus] = useState<ActionStatus>(initial?.status ?? 'planned');
  const [progressNote, setProgressNote] = useState(initial?.progressNote ?? '');
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        problem,
        action,
        responsible,
        resources: resources.trim() || null,
        dueDate,
        status,
        progressNote: progressNote.trim() || null,
      };
      return initial
        ? updateAction(initial.id, { version: initial.version, ...fields })
        : createAction(assessmentId, { id: newId(), source, ...fields });
    },
    onSuccess: onDone,
  });
  const remove = useMutation({
    mutationFn: () => deleteAction(initial!.id, initial!.version),
    onSuccess: onDone,
  });
  const errors = save.error instanceof ApiError ? issuesByPath(save.error.issues) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        {t('linkedTo')}: {source ? sourceTitle(source) : t('noLink')}
      </p>
      <TextAreaField
        name="problem"
        label={t('problem')}
        value={problem}
        onChange={setProblem}
        error={errors.problem}
        maxLength={1000}
        required
      />
      <TextAreaField
        name="action"
        label={t('action')}
        value={action}
        onChange={setAction}
        error={errors.action}
        maxLength={1000}
        required
      />
      <TextField
        name="responsible"
        label={t('responsible')}
        value={responsible}
        onChange={(e) => setResponsible(e.target.value)}
        error={errors.responsible}
        maxLength={120}
        required
      />
      <TextField
        name="resources"
        label={t('resources')}
        value={resources}
        onChange={(e) => setResources(e.target.value)}
        error={errors.resources}
        maxLength={1000}
      />
      <div className="inline">
        <TextField
          name="dueDate"
          label={t('dueDate')}
          type="date"
          value={dueDate}
          onChange={(e) => setDueDate(e.target.value)}
          error={errors.dueDate}
          required
        />
        <SelectField
          name="status"
          label={t('actionStatus')}
          value={status}
          onChange={(e) => setStatus(e.target.value as ActionStatus)}
          options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`actionStatus.${s}`) }))}
          error={errors.status}
        />
      </div>
      {initial ? (
        <TextAreaField
          name="progressNote"
          label={t('progressNote')}
          value={progressNote}
          onChange={setProgressNote}
          error={errors.progressNote}
          maxLength={2000}
        />
      ) : null}
      <ErrorMessage error={save.error && !Object.keys(errors).length ? save.error : remove.error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {save.isPending ? tc('saving') : tc('save')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {tc('cancel')}
        </button>
        {initial ? (
          <button type="button" className="btn btn--danger" onClick={() => remove.mutate()}>
            {t('deleteAction')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The action plan of one assessment: the list and the add/edit dialog. */
export function ActionPlanPanel({
  assessmentId,
  actions,
  definition,
  canWrite,
  draft,
  onDraftUsed,
  onChanged,
}: {
  assessmentId: string;
  actions: ActionItem[];
  definition: ChecklistDefinition;
  canWrite: boolean;
  draft: ActionDraft | null;
  onDraftUsed: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation('assessments');
  const [editing, setEditing] = useState<ActionItem | 'new' | null>(null);
  const open = editing !== null || draft !== null;
  const close = () => {
    setEditing(null);
    onDraftUsed();
  };
  return (
    <section aria-labelledby="actions-title">
      <div className="page__header">
        <h2 id="actions-title">{t('actionsTitle')}</h2>
        {canWrite ? (
          <button type="button" className="btn btn--primary no-print" onClick={() => setEditing('new')}>
            {t('addAction')}
          </button>
        ) : null}
      </div>
      {actions.length === 0 ? (
        <p className="muted">{t('noActions')}</p>
      ) : (
        <ActionsTable
          actions={actions}
          definition={definition}
          {...(canWrite ? { onEdit: setEditing } : {})}
        />
      )}
      <Dialog
        open={open}
        title={editing && editing !== 'new' ? t('editAction') : t('addAction')}
        onClose={close}
      >
        <ActionForm
          assessmentId={assessmentId}
          definition={definition}
          {...(editing && editing !== 'new' ? { initial: editing } : {})}
          {...(draft && editing === null ? { draft } : {})}
          onDone={() => {
            close();
            onChanged();
          }}
          onCancel={close}
        />
      </Dialog>
    </section>
  );
}
