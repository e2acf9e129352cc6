import { useTranslation } from 'react-i18next';
import { FieldShell } from '../../ui/Field';
import type { FileImport } from './use-file-import';

/**
 * The file and the two buttons of an import on the org-units page (units, boundaries): "check" reports
 * every row without writing, "import" writes all or nothing. Choosing another file clears the last report.
 */
export function ImportFileControls({
  accept,
  imp,
}: {
  accept: string;
  imp: Pick<FileImport, 'file' | 'busy' | 'chooseFile' | 'run'>;
}) {
  const { t } = useTranslation('orgUnits');
  return (
    <>
      <FieldShell label={t('importFile')} required>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="file"
            accept={accept}
            aria-describedby={describedBy}
            onChange={(e) => imp.chooseFile(e.target.files?.[0] ?? null)}
          />
        )}
      </FieldShell>
      <div className="form__actions">
        {(['validate', 'commit'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            className={mode === 'commit' ? 'btn btn--primary' : 'btn btn--secondary'}
            disabled={!imp.file || imp.busy}
            onClick={() => imp.run(mode)}
          >
            {t(mode === 'commit' ? 'importCommit' : 'importValidate')}
          </button>
        ))}
      </div>
    </>
  );
}
