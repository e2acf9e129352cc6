import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../shared/errors';
import { ApiError } from '../../lib/api-client';
import { type Column, DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { FileImport } from './use-file-import';

/**
 * What an import answered, read out as it arrives: the page's own summary (`children`), a refusal
 * without row issues, or the problems (the first 500) with nothing written; "close" once committed.
 */
export function ImportResult({
  imp,
  problemColumns,
  onDone,
  children,
}: {
  imp: FileImport;
  problemColumns: ReadonlyArray<Column<Issue>>;
  onDone(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  return (
    <>
      <div aria-live="polite">
        {children}
        {imp.error && !(imp.error instanceof ApiError && imp.error.issues.length) ? (
          <ErrorMessage error={imp.error} />
        ) : null}
        {imp.problems.length ? (
          <>
            <p className="alert alert--error">{t('importNothingWritten')}</p>
            <DataTable
              scroll={false}
              rows={imp.problems.slice(0, 500)}
              rowKey={(issue) => `${issue.path}|${issue.message}`}
              columns={problemColumns}
            />
          </>
        ) : null}
      </div>
      {imp.report?.committed ? (
        <button type="button" className="btn btn--primary" onClick={onDone}>
          {tc('close')}
        </button>
      ) : null}
    </>
  );
}
