import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { coachingKeys, importRoster } from './coaching.api';

/** The file's bytes as base64 (an .xlsx is sent so; the server reads its first sheet). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const isXlsx = (f: File) => f.name.toLowerCase().endsWith('.xlsx');

/** Roster import: templates, a CSV or Excel file, all-or-nothing or valid rows only, and the report by row. */
export function ImportRoster({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'all' | 'valid'>('all');
  const mutation = useMutation({
    mutationFn: async () =>
      importRoster(
        isXlsx(file!)
          ? { facilityId, mode, xlsx: await base64Of(file!) }
          : { facilityId, mode, csv: await file!.text() },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: coachingKeys.all }),
  });
  const report = mutation.data;
  return (
    <details className="card">
      <summary>{t('importTitle')}</summary>
      <p>
        <a href="/api/coaching/roster/template.csv" download>
          {t('importTemplate')}
        </a>{' '}
        <a href="/api/coaching/roster/template.xlsx" download>
          {t('importTemplateXlsx')}
        </a>{' '}
        <span className="muted">{t('importHint')}</span>
      </p>
      <p className="muted">{t('importUpdateHint')}</p>
      <label className="field">
        {t('importFile')}
        <input
          type="file"
          accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <ChoiceField
        legend={t('importMode')}
        name="import-mode"
        value={mode}
        onChange={(v) => setMode(v === 'valid' ? 'valid' : 'all')}
        options={[
          { value: 'all', label: t('importAll') },
          { value: 'valid', label: t('importValid') },
        ]}
      />
      <button
        type="button"
        className="btn btn--primary"
        disabled={!file || mutation.isPending}
        onClick={() => mutation.mutate()}
      >
        {t('importRun')}
      </button>
      <ErrorMessage error={mutation.error} />
      {report ? (
        <div role="status">
          <p>{t('importDone', { inserted: report.inserted, updated: report.updated, rows: report.rows })}</p>
          {report.issues.length ? (
            <ul>
              {report.issues.map((i) => (
                <li key={`${i.row}-${i.column}`}>
                  {t('importRow', { row: i.row, column: i.column })}: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}
