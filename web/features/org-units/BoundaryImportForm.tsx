import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BOUNDARY_MATCH,
  type BoundaryImportReport,
  type BoundaryMatch,
} from '../../../shared/org-units/boundary.schema';
import { api, ApiError, withQuery } from '../../lib/api-client';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { ImportFileControls } from './ImportFileControls';

const importBoundaries = (file: Blob, query: Record<string, string>) =>
  api.post<BoundaryImportReport>(withQuery('/api/org-units/boundaries/import', query), file, {
    contentType: 'application/geo+json',
  });

/** Imports org-unit boundaries from a GeoJSON file: check first, then write all or none (docs/boundaries.md). */
export function BoundaryImportForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [match, setMatch] = useState<BoundaryMatch>('code');
  const [source, setSource] = useState('');
  const [report, setReport] = useState<BoundaryImportReport | null>(null);
  const mutation = useMutation({
    mutationFn: (mode: 'validate' | 'commit') =>
      importBoundaries(file!, { mode, match, ...(source.trim() ? { source: source.trim() } : {}) }),
    onSuccess: async (r) => {
      setReport(r);
      if (r.committed) await queryClient.invalidateQueries({ queryKey: ['org-units', 'child-boundaries'] });
    },
    onError: () => setReport(null),
  });
  const problems = report?.errors.length
    ? report.errors
    : mutation.error instanceof ApiError
      ? mutation.error.issues
      : [];
  return (
    <div className="form">
      <p className="muted">{t('boundariesIntro')}</p>
      <SelectField
        label={t('boundariesMatch')}
        value={match}
        onChange={(e) => setMatch(e.target.value as BoundaryMatch)}
        options={BOUNDARY_MATCH.map((m) => ({ value: m, label: t(`boundariesMatch.${m}`) }))}
      />
      <TextField
        label={t('boundariesSource')}
        hint={t('boundariesSourceHint')}
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <ImportFileControls
        accept=".geojson,.json,application/geo+json,application/json"
        file={file}
        busy={mutation.isPending}
        onFile={(chosen) => {
          setFile(chosen);
          setReport(null);
          mutation.reset();
        }}
        onRun={(mode) => mutation.mutate(mode)}
      />
      <div aria-live="polite">
        {report && !report.errors.length ? (
          <p className="alert alert--success">
            {t('boundariesReport', report)} {report.committed ? t('importCommitted') : t('importReady')}
          </p>
        ) : null}
        {mutation.error && !(mutation.error instanceof ApiError && mutation.error.issues.length) ? (
          <ErrorMessage error={mutation.error} />
        ) : null}
        {report?.rows.length && !problems.length ? (
          <DataTable
            rows={report.rows}
            rowKey={(r) => String(r.feature)}
            columns={[
              { header: t('boundariesFeature'), cell: (r) => r.feature },
              { header: t('name'), cell: (r) => `${r.name} (${r.code})` },
              { header: t('boundariesPoints'), cell: (r) => `${r.points} → ${r.keptPoints}` },
              { header: t('previewAction'), cell: (r) => t(`previewAction.${r.action}`) },
            ]}
          />
        ) : null}
        {problems.length ? (
          <>
            <p className="alert alert--error">{t('importNothingWritten')}</p>
            <DataTable
              scroll={false}
              rows={problems.slice(0, 500)}
              rowKey={(issue) => `${issue.path}|${issue.message}`}
              columns={[
                {
                  header: t('boundariesFeature'),
                  cell: (issue) => /^features\.(\d+)/.exec(issue.path)?.[1] ?? '',
                },
                { header: t('importProblem'), cell: (issue) => issue.message },
              ]}
            />
          </>
        ) : null}
      </div>
      {report?.committed ? (
        <button type="button" className="btn btn--primary" onClick={onDone}>
          {tc('close')}
        </button>
      ) : null}
    </div>
  );
}
