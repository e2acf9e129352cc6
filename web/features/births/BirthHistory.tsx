import { scalarText } from '../../../shared/scalar-text';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { birthKeys, getBirthHistory } from './births.api';

const show = (v: unknown) => (v === null || v === undefined ? '—' : scalarText(v));

export function BirthHistory({ id }: { id: string }) {
  const { t, i18n } = useTranslation('births');
  const history = useQuery({ queryKey: birthKeys.history(id), queryFn: () => getBirthHistory(id) });
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorMessage error={history.error} />;
  const label = { create: t('historyCreated'), update: t('historyUpdated'), delete: t('historyDeleted') };
  return (
    <ol className="list">
      {history.data.map((h) => (
        <li key={`${h.at}-${h.action}`}>
          <strong>{label[h.action]}</strong> · {formatDateTime(h.at, i18n.language)} · {h.actor ?? '—'}
          {h.action === 'update' ? (
            h.changes.length ? (
              <DataTable
                scroll={false}
                rows={h.changes}
                rowKey={(c) => c.path}
                columns={[
                  { header: t('field'), cell: (c) => c.path, cellClassName: 'mono' },
                  { header: t('before'), cell: (c) => show(c.before) },
                  { header: t('after'), cell: (c) => show(c.after) },
                ]}
              />
            ) : (
              <p className="muted">{t('noChanges')}</p>
            )
          ) : null}
        </li>
      ))}
    </ol>
  );
}
