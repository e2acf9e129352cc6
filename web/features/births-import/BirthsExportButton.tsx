import { useTranslation } from 'react-i18next';
import type { BirthExportQuery } from '../../../shared/births/birth-import.schema';
import { useCan } from '../auth/session';
import { birthsExportUrl } from './births-import.api';

/**
 * "Export CSV" for the birth list: the list's filters become the export's. Hidden for roles without
 * record.export (clinicians, by design). A plain download link, so that a big export streams to disk.
 */
export function BirthsExportButton({ filters }: { filters: BirthExportQuery }) {
  const { t } = useTranslation('birthsImport');
  const can = useCan();
  if (!can('record.export')) return null;
  return (
    <a className="btn btn--secondary" href={birthsExportUrl(filters)} download title={t('exportHint')}>
      {t('export')}
    </a>
  );
}
