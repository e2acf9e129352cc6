import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Report } from '../../../shared/reports/report.schema';
import { formatDateTime } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { exchangeKeys, getReportExchange, reportKeys, runExchange } from './reports.api';
import { ActionButton } from '../../ui/ActionButton';

/**
 * Where a report stands between instances (docs/reports.md, "Across instances"): on the country side,
 * "Submit to the region" and "Fetch the regional review"; on the regional side, that it came from the
 * country's own instance (the country answers its queries there).
 */
export function RegionBar({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('reports');
  const client = useQueryClient();
  const exchange = useQuery({
    queryKey: [...exchangeKeys.report(report.id), report.rowVersion],
    queryFn: () => getReportExchange(report.id),
  });
  const run = useMutation({
    mutationFn: (what: 'send' | 'sync') => runExchange(report.id, what),
    onSuccess: () => void client.invalidateQueries({ queryKey: reportKeys.all }),
  });
  const x = exchange.data;
  if (!x || (!x.received && !x.regionReportId && !x.canSend)) return null;
  return (
    <div className="card region-bar" role="region" aria-label={t('regionBar')}>
      {x.received ? <p className="muted small">{t('regionReceived')}</p> : null}
      {x.regionReportId ? (
        <p className="muted small">
          {x.regionSyncedAt
            ? t('regionSynced', { date: formatDateTime(x.regionSyncedAt, i18n.language) })
            : t('regionSent')}
        </p>
      ) : null}
      <div className="report-actions">
        {x.canSend && !x.regionReportId ? (
          <ActionButton variant="primary" busy={run.isPending} onClick={() => run.mutate('send')}>
            {t('regionSend')}
          </ActionButton>
        ) : null}
        {x.canSync ? (
          <button type="button" className="btn" disabled={run.isPending} onClick={() => run.mutate('sync')}>
            {t('regionSync')}
          </button>
        ) : null}
      </div>
      <ErrorMessage error={run.error} />
    </div>
  );
}
