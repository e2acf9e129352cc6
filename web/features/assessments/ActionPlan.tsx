import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACTION_STATUSES, type ActionItem } from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import { newId } from '../../../shared/ids';
import { formatDate } from '../../lib/format';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
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
    <DataTable
      className="actions-table"
      rows={actions}
      rowKey={(a) => a.id}
      rowProps={(a) => ({ className: a.overdue ? 'row--overdue' : undefined })}
      columns={[
        {
          header: t('problem'),
          cell: (a) => (
            <>
              <span className="clamp">{a.problem}</span>
              {a.source && definition ? (
                <span className="muted small">
                  {' '}
                  · {t('linkedTo')}: {sourceTitle(a.source)}
                </span>
              ) : null}
            </>
          ),
        },
        {
          header: t('action'),
          cell: (a) => (
            <span className="clamp">
              {a.action}
              {a.resources ? <span className="muted small"> · {a.resources}</span> : null}
              {a.progressNote ? <span className="small"> — {a.progressNote}</span> : null}
            </span>
          ),
        },
        { header: t('responsible'), cell: (a) => a.responsible },
        {
          header: t('dueDate'),
          cell: (a) => (
            <>
              {formatDate(a.dueDate, locale)}
              {a.overdue ? <span className="badge badge--danger">{t('overdue')}</span> : null}
            </>
          ),
        },
        {
          header: t('actionStatus'),
          cell: (a) => (
            <>
              {t(`actionStatus.${a.status}`)}
              {a.doneOn ? (
                <span className="muted small"> ({t('doneOn', { date: formatDate(a.doneOn, locale) })})</span>
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
            </>
          ),
        },
      ]}
    />
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
  const { values, bind } = useFormValues({
    problem: initial?.problem ?? draft?.problem ?? '',
    action: initial?.action ?? '',
    responsible: initial?.responsible ?? '',
    resources: initial?.resources ?? '',
    dueDate: initial?.dueDate ?? '',
    status: initial?.status ?? 'planned',
    progressNote: initial?.progressNote ?? '',
  });
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        ...values,
        resources: values.resources.trim() || null,
        progressNote: values.progressNote.trim() || null,
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
  const { fieldErrors, formError } = formErrorsOf(save.error);
  /** A field's name, value, change handler and server error. */
  const field = (name: keyof typeof values) => ({ name, ...bind(name), error: fieldErrors[name] });
  return (
    <form className="form" onSubmit={submitWith(save)} noValidate>
      <p className="muted">
        {t('linkedTo')}: {source ? sourceTitle(source) : t('noLink')}
      </p>
      <TextAreaField label={t('problem')} {...field('problem')} rows={2} maxLength={1000} required />
      <TextAreaField label={t('action')} {...field('action')} rows={2} maxLength={1000} required />
      <TextField label={t('responsible')} {...field('responsible')} maxLength={120} required />
      <TextField label={t('resources')} {...field('resources')} maxLength={1000} />
      <div className="inline">
        <TextField label={t('dueDate')} type="date" {...field('dueDate')} required />
        <SelectField
          label={t('actionStatus')}
          {...field('status')}
          options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`actionStatus.${s}`) }))}
        />
      </div>
      {initial ? (
        <TextAreaField label={t('progressNote')} {...field('progressNote')} rows={2} maxLength={2000} />
      ) : null}
      <FormFooter formError={formError ?? remove.error} pending={save.isPending}>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {tc('cancel')}
        </button>
        {initial ? (
          <button type="button" className="btn btn--danger" onClick={() => remove.mutate()}>
            {t('deleteAction')}
          </button>
        ) : null}
      </FormFooter>
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
