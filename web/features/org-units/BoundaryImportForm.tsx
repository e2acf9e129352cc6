import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BOUNDARY_MATCH,
  type BoundaryImportReport,
  type BoundaryMatch,
} from '../../../shared/org-units/boundary.schema';
import { api, withQuery } from '../../lib/api-client';
import { DataTable } from '../../ui/DataTable';
import { SelectField, TextField } from '../../ui/Field';
import { ImportFileControls } from './ImportFileControls';
import { ImportResult } from './ImportResult';
import { useFileImport } from './use-file-import';

const importBoundaries = (file: Blob, query: Record<string, string>) =>
  api.post<BoundaryImportReport>(withQuery('/api/org-units/boundaries/import', query), file, {
    contentType: 'application/geo+json',
  });

/** Imports org-unit boundaries from a GeoJSON file: check first, then write all or none (docs/boundaries.md). */
export function BoundaryImportForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('orgUnits');
  const [match, setMatch] = useState<BoundaryMatch>('code');
  const [source, setSource] = useState('');
  const imp = useFileImport(
    (file, mode) =>
      importBoundaries(file, { mode, match, ...(source.trim() ? { source: source.trim() } : {}) }),
    ['org-units', 'child-boundaries'],
  );
  const { report } = imp;
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
      <ImportFileControls accept=".geojson,.json,application/geo+json,application/json" imp={imp} />
      <ImportResult
        imp={imp}
        onDone={onDone}
        problemColumns={[
          {
            header: t('boundariesFeature'),
            cell: (issue) => /^features\.(\d+)/.exec(issue.path)?.[1] ?? '',
          },
          { header: t('importProblem'), cell: (issue) => issue.message },
        ]}
      >
        {report && !report.errors.length ? (
          <p className="alert alert--success">
            {t('boundariesReport', report)} {report.committed ? t('importCommitted') : t('importReady')}
          </p>
        ) : null}
        {report?.rows.length && !imp.problems.length ? (
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
      </ImportResult>
    </div>
  );
}
