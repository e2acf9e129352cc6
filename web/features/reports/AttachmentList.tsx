import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/reports/report-attachments';
import type { ReportValue } from '../../../shared/reports/report.schema';
import { formErrorsOf } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FieldError } from '../../ui/Field';
import { removeAttachment, reportKeys, uploadAttachment } from './reports.api';
import { ActionButton } from '../../ui/ActionButton';

/**
 * The evidence files of one manual item: download links for every reader of the report, and on a draft
 * the author's file input and remove buttons. The server decides the type from the bytes and answers
 * refusals in the reader's language, shown under the input.
 */
export function AttachmentList({
  reportId,
  value,
  editable,
}: {
  reportId: string;
  value: ReportValue;
  editable: boolean;
}) {
  const { t } = useTranslation('reports');
  const inputId = useId();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: reportKeys.one(reportId) });
  const add = useMutation({
    mutationFn: (file: File) => uploadAttachment(reportId, value.key, file),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (attachmentId: string) => removeAttachment(reportId, attachmentId),
    onSuccess: refresh,
  });
  const files = value.attachments ?? [];
  const { fieldErrors, formError } = formErrorsOf(add.error);
  if (!editable && !files.length) return null;
  return (
    <div className="report-files">
      <span className="small">{t('attachments')}:</span>{' '}
      {files.length ? null : <span className="muted small">{t('noFiles')}</span>}
      <ul className="report-files__list">
        {files.map((f) => (
          <li key={f.id}>
            <a href={`/api/reports/${reportId}/attachments/${f.id}`} download={f.filename}>
              {f.filename}
            </a>{' '}
            <span className="muted small">({Math.max(1, Math.round(f.size / 1024))} KB)</span>
            {editable ? (
              <ActionButton variant="ghost" small busy={remove.isPending} onClick={() => remove.mutate(f.id)}>
                {t('removeFile', { name: f.filename })}
              </ActionButton>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <>
          <label htmlFor={inputId} className="small">
            {add.isPending ? t('attaching') : t('attachFile', { mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 })}
          </label>
          <input
            id={inputId}
            aria-describedby={fieldErrors.file ? `${inputId}-error` : undefined}
            type="file"
            accept=".pdf,.png,.jpg,.jpeg,.xlsx"
            disabled={add.isPending}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) add.mutate(file);
            }}
          />
          <FieldError id={`${inputId}-error`} error={fieldErrors.file} />
          <ErrorMessage error={formError ?? remove.error} />
        </>
      ) : null}
    </div>
  );
}
