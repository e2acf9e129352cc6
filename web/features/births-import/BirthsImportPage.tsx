import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BIRTH_CSV_COLUMNS } from '../../../shared/births/birth-csv-columns';
import type {
  BirthImportMode,
  BirthImportProgress,
  BirthImportReport,
} from '../../../shared/births/birth-import.schema';
import type { Locale } from '../../../shared/users/user.schema';
import { formatNumber } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FieldShell } from '../../ui/Field';
import { BIRTHS_TEMPLATE_URL, type ImportOptions, importBirthsCsv } from './births-import.api';
import { issuesToCsv } from './import-stream';

const SHOWN_ISSUES = 200;

function formatSize(bytes: number, locale: Locale): string {
  return bytes >= 1024 * 1024
    ? `${formatNumber(bytes / (1024 * 1024), locale, 1)} MB`
    : `${formatNumber(Math.ceil(bytes / 1024), locale)} KB`;
}

function download(text: string, filename: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** The CSV import of the birth register: file, mode, a progress bar while it runs, then the report. */
export default function BirthsImportPage() {
  const { t, i18n } = useTranslation('birthsImport');
  const locale = i18n.language;
  const n = (value: number) => formatNumber(value, locale);
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<BirthImportMode>('all_or_nothing');
  const [allowBefore, setAllowBefore] = useState(false);
  const [sent, setSent] = useState(0);
  const [progress, setProgress] = useState<BirthImportProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const progressLabelId = useId();

  const run = useMutation({
    mutationFn: ({ file, ...options }: { file: File } & ImportOptions) => {
      abort.current = new AbortController();
      setSent(0);
      setProgress(null);
      return importBirthsCsv(file, options, {
        onUploadProgress: (bytes) => setSent(bytes),
        onProgress: setProgress,
        signal: abort.current.signal,
      });
    },
    onSuccess: async (r) => {
      if (r.inserted > 0) await queryClient.invalidateQueries({ queryKey: ['births'] });
    },
  });
  const report: BirthImportReport | undefined = run.data;
  const aborted = run.error instanceof DOMException && run.error.name === 'AbortError';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) run.mutate({ file, mode, allowBefore });
  };
  const total = file?.size ?? 0;
  // The bar follows the upload; the server reads at the pace it writes, so both move together.
  const done = report ? total : Math.min(total, Math.max(sent, progress?.bytes ?? 0));

  return (
    <>
      <div className="page__header">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
        <a className="btn btn--secondary" href={BIRTHS_TEMPLATE_URL} download>
          {t('template')}
        </a>
      </div>

      <details className="card">
        <summary>{t('columnsSummary', { count: BIRTH_CSV_COLUMNS.length })}</summary>
        <DataTable
          rows={BIRTH_CSV_COLUMNS}
          rowKey={(c) => c.name}
          columns={[
            { header: t('column'), cell: (c) => c.name, cellClassName: 'mono' },
            { header: t('type'), cell: (c) => t(`type.${c.type}`, { values: c.values?.join(', ') ?? '' }) },
            { header: t('requiredColumn'), cell: (c) => (c.required ? t('requiredColumn') : '') },
            { header: t('description'), cell: (c) => (locale === 'vi' ? c.vi : c.en) },
          ]}
        />
      </details>

      <form className="form card" onSubmit={submit} style={{ marginTop: 'var(--space)' }}>
        <FieldShell label={t('file')} hint={t('fileHint')} required>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={describedBy}
              disabled={run.isPending}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                run.reset();
              }}
            />
          )}
        </FieldShell>
        <fieldset className="fieldset">
          <legend>{t('mode')}</legend>
          {(['all_or_nothing', 'valid_only'] as const).map((m) => (
            <div className="field field--checkbox" key={m}>
              <input
                id={`import-mode-${m}`}
                type="radio"
                name="mode"
                value={m}
                checked={mode === m}
                disabled={run.isPending}
                aria-describedby={`import-mode-${m}-hint`}
                onChange={() => setMode(m)}
              />
              <label htmlFor={`import-mode-${m}`} style={{ flex: '1 1 0', minWidth: 0 }}>
                {t(`mode.${m}`)}
              </label>
              <p className="field__hint" id={`import-mode-${m}-hint`} style={{ flexBasis: '100%' }}>
                {t(`mode.${m}Hint`)}
              </p>
            </div>
          ))}
        </fieldset>
        <div className="field field--checkbox">
          <input
            id="import-allow-before"
            type="checkbox"
            checked={allowBefore}
            disabled={run.isPending}
            aria-describedby="import-allow-before-hint"
            onChange={(e) => setAllowBefore(e.target.checked)}
          />
          <label htmlFor="import-allow-before" style={{ flex: '1 1 0', minWidth: 0 }}>
            {t('allowBefore')}
          </label>
          <p className="field__hint" id="import-allow-before-hint" style={{ flexBasis: '100%' }}>
            {t('allowBeforeHint')}
          </p>
        </div>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={!file || run.isPending}>
            {t('start')}
          </button>
          {run.isPending ? (
            <button type="button" className="btn btn--secondary" onClick={() => abort.current?.abort()}>
              {t('cancel')}
            </button>
          ) : null}
        </div>
      </form>

      <section aria-live="polite" style={{ marginTop: 'var(--space)' }}>
        {run.isPending || report ? (
          <div className="card">
            <p id={progressLabelId}>
              <strong>{t('progressLabel')}</strong>
            </p>
            <progress
              aria-labelledby={progressLabelId}
              max={Math.max(total, 1)}
              value={done}
              style={{ width: '100%', height: '1.25rem' }}
            />
            <p className="muted">
              {t('sending', { sent: formatSize(done, locale), total: formatSize(total, locale) })}
            </p>
            {progress || report ? (
              <p className="muted">
                {t('processed', {
                  rows: n((report ?? progress)!.rows),
                  births: n((report ?? progress)!.births),
                  inserted: n((report ?? progress)!.inserted),
                  alreadyPresent: n((report ?? progress)!.alreadyPresent),
                  errors: n((report ?? progress)!.errors),
                })}
              </p>
            ) : null}
          </div>
        ) : null}
        {aborted ? <p className="alert alert--warn">{t('cancelled')}</p> : null}
        {run.error && !aborted ? <ErrorMessage error={run.error} /> : null}
        {report ? <ImportReport report={report} /> : null}
      </section>
    </>
  );
}

function ImportReport({ report }: { report: BirthImportReport }) {
  const { t, i18n } = useTranslation('birthsImport');
  const n = (value: number) => formatNumber(value, i18n.language);
  const counts = {
    inserted: n(report.inserted),
    alreadyPresent: n(report.alreadyPresent),
    invalid: n(report.invalid),
  };
  const summary =
    report.mode === 'all_or_nothing' && !report.committed
      ? t('reportNothing')
      : report.errors > 0
        ? t('reportSkipped', counts)
        : t('reportOk', counts);
  const ok = report.errors === 0 && !report.fatal;
  return (
    <>
      <div className={`alert ${ok ? 'alert--success' : 'alert--error'}`} role="status">
        <p>{summary}</p>
        {report.fatal ? <p>{t('stopped', { message: report.fatal.message })}</p> : null}
      </div>
      {report.issues.length ? (
        <>
          <h2>{t('issuesTitle', { count: n(report.errors) })}</h2>
          <p>
            <button
              type="button"
              className="btn btn--secondary"
              onClick={() =>
                download(
                  issuesToCsv(report.issues, [t('row'), t('column'), 'birth_id', t('problem')]),
                  `import-problems-${report.importId.slice(0, 8)}.csv`,
                )
              }
            >
              {t('downloadIssues')}
            </button>
          </p>
          {report.issues.length > SHOWN_ISSUES ? (
            <p className="muted">
              {t('showing', { shown: n(SHOWN_ISSUES), total: n(report.issues.length) })}
            </p>
          ) : null}
          {report.issuesTruncated ? (
            <p className="muted">{t('truncated', { kept: n(report.issues.length) })}</p>
          ) : null}
          <DataTable
            rows={report.issues.slice(0, SHOWN_ISSUES).map((issue, key) => ({ ...issue, key }))}
            rowKey={(i) => i.key}
            columns={[
              { header: t('row'), cell: (i) => n(i.row) },
              { header: t('column'), cell: (i) => i.column, cellClassName: 'mono' },
              { header: t('problem'), cell: (i) => i.message },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
