import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localize } from '../../../shared/i18n/localized-text';
import { breakdownRows, formatValue } from '../../../shared/reports/report-breakdown';
import type { Report } from '../../../shared/reports/report.schema';
import type { ReportTexts } from '../../../shared/reports/report-texts';

/**
 * The report's computed values for each province: items down, provinces across (the PDF and Excel print
 * the same rows). Each province's name opens its dashboard for the biennium; a cell's title gives the
 * numerator and denominator.
 */
export function ProvinceTable({ report, texts }: { report: Report; texts: ReportTexts }) {
  const { i18n } = useTranslation('reports');
  const lang = i18n.language;
  if (!report.provinces.length) return null;
  const rows = breakdownRows(report.values, report.provinces);
  return (
    <section>
      <h2>{texts.provinces}</h2>
      <div className="report-table-wrap">
        <table className="report-table report-table--provinces">
          <thead>
            <tr>
              <th>{texts.columns.item}</th>
              {report.provinces.map((p) => (
                <th key={p.orgUnitId} className="num">
                  <Link
                    to={`/dashboard?${new URLSearchParams({ orgUnit: p.orgUnitId, ...report.period }).toString()}`}
                  >
                    {p.name}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item, cells }) => (
              <tr key={item.key}>
                <th scope="row">{localize(item.name, lang)}</th>
                {cells.map((c, i) => (
                  <td
                    key={report.provinces[i]!.orgUnitId}
                    className="num"
                    title={
                      c?.value == null || c.denominator === null
                        ? undefined
                        : `${c.numerator ?? ''} / ${c.denominator}`
                    }
                  >
                    {formatValue(c?.value ?? null, item.unit, lang, texts.noData)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
