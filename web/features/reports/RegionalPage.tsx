import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localize } from '../../../shared/i18n/localized-text';
import { COMPUTED_ITEMS } from '../../../shared/reports/report-items';
import { fill, formatNumber, reportTextsOf } from '../../../shared/reports/report-texts';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { getDefinitions, indicatorKeys } from '../indicators/indicators.api';
import { getRegional, reportKeys } from './reports.api';
import { BienniumField } from './BienniumField';
import { RegionalTrends } from './RegionalTrends';
import { currentBiennium } from './biennium';

/** The regional view of a biennium: the headline line, then validated values by country and their sum. */
export function RegionalPage() {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const texts = reportTextsOf(lang);
  const [biennium, setBiennium] = useState(currentBiennium());
  const summary = useQuery({ queryKey: reportKeys.regional(biennium), queryFn: () => getRegional(biennium) });
  const definitions = useQuery({ queryKey: indicatorKeys.definitions, queryFn: getDefinitions });
  const defs = { data: definitions.data?.items };
  const s = summary.data;
  const name = (key: string) => {
    const d = defs.data?.find((x) => x.id === key);
    return d ? localize(d.name, lang) : key;
  };
  const n = (v: number | null, unit = 'count') => formatNumber(v, unit, lang, '—');
  return (
    <div className="reports">
      <PageHeader title={t('regionalTitle')} intro={t('regionalIntro')} />
      <div className="filters card">
        <BienniumField value={biennium} onChange={setBiennium} />
      </div>
      {summary.isPending ? <Loading /> : null}
      <ErrorMessage error={summary.error} />
      {s ? (
        <>
          <p className="report-headline">
            {fill(texts.headline, {
              countries: n(s.headline.countries),
              workers: n(s.headline.healthWorkersCoached),
              facilities: n(s.headline.facilities),
              newborns: n(s.headline.newborns),
            })}
          </p>
          <p className="muted">{fill(texts.excluded, { count: n(s.excludedUnvalidated) })}</p>
          <div className="report-actions">
            <a
              className="btn btn--ghost"
              href={`/api/reports/regional/report.pdf?biennium=${biennium}`}
              download
            >
              {t('downloadPdf')}
            </a>
            <a
              className="btn btn--ghost"
              href={`/api/reports/regional/report.xlsx?biennium=${biennium}`}
              download
            >
              {t('downloadExcel')}
            </a>
          </div>
          {/* Rendered by the server from the one chart definition (shared/reports/charts.ts). */}
          <img
            className="report-chart"
            src={`/api/reports/regional/chart.svg?biennium=${biennium}`}
            alt={texts.regionalChartTitle}
            width={515}
          />
          <div className="report-table-wrap">
            <table className="report-table">
              <thead>
                <tr>
                  <th>{texts.columns.item}</th>
                  {s.countries.map((c) => (
                    <th key={c.countryId} className="num">
                      {c.countryName}
                      <div className="muted small">
                        {texts.states[c.state]} · {t('excludedCount', { count: c.excluded })}
                      </div>
                    </th>
                  ))}
                  <th className="num">{t('validatedSum')}</th>
                </tr>
              </thead>
              <tbody>
                {COMPUTED_ITEMS.filter((i) => s.totals.some((x) => x.key === i.indicator)).map((i) => {
                  const total = s.totals.find((x) => x.key === i.indicator)!;
                  const unit = defs.data?.find((d) => d.id === i.indicator)?.unit ?? 'count';
                  return (
                    <tr key={i.indicator}>
                      <td>{name(i.indicator)}</td>
                      {s.countries.map((c) => {
                        const v = c.values.find((x) => x.key === i.indicator);
                        return (
                          <td key={c.countryId} className="num">
                            {v ? n(v.value, unit) : '—'}
                          </td>
                        );
                      })}
                      <td className="num">{n(total.value, unit)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <RegionalTrends texts={texts} />
    </div>
  );
}
