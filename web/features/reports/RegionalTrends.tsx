import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatValue } from '../../../shared/reports/report-breakdown';
import { fill, formatNumber, type ReportTexts } from '../../../shared/reports/report-texts';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { getRegionalTrends, reportKeys } from './reports.api';

/**
 * The trends over bienniums: the regional values of each biennium's published reports (validated values
 * only), as a chart rendered by the server from its one definition and as the table the PDF prints.
 */
export function RegionalTrends({ texts }: { texts: ReportTexts }) {
  const { i18n } = useTranslation('reports');
  const lang = i18n.language;
  const trends = useQuery({ queryKey: reportKeys.trends, queryFn: getRegionalTrends });
  const n = (v: number) => formatNumber(v, 'count', lang, '—');
  const h = texts.headlineColumns;
  return (
    <section>
      <h2>{texts.trends}</h2>
      <ErrorMessage error={trends.error} />
      {trends.data?.bienniums.length ? (
        <>
          <img
            className="report-chart"
            src="/api/reports/regional/trends.svg"
            alt={texts.trendsChartTitle}
            width={515}
          />
          <div className="report-table-wrap">
            <table className="report-table">
              <thead>
                <tr>
                  <th>{texts.biennium}</th>
                  <th className="num">{h.countries}</th>
                  <th className="num">{h.facilities}</th>
                  <th className="num">{h.healthWorkersCoached}</th>
                  <th className="num">{h.newborns}</th>
                  <th className="num">{texts.trendsChartTitle}</th>
                </tr>
              </thead>
              <tbody>
                {trends.data.bienniums.map((b) => (
                  <tr key={b.biennium}>
                    <td>
                      {b.biennium}
                      <div className="muted small">
                        {fill(texts.excluded, { count: b.excludedUnvalidated })}
                      </div>
                    </td>
                    <td className="num">{n(b.headline.countries)}</td>
                    <td className="num">{n(b.headline.facilities)}</td>
                    <td className="num">{n(b.headline.healthWorkersCoached)}</td>
                    <td className="num">{n(b.headline.newborns)}</td>
                    <td className="num">
                      {formatValue(
                        b.totals.find((x) => x.key === 'eenc_implementing')?.value ?? null,
                        'percent',
                        lang,
                        '—',
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
