import { useTranslation } from 'react-i18next';
import { CHECKLIST_DOMAIN_SCORES } from '../../../shared/coaching/checklist-indicators';
import { localize } from '../../../shared/i18n/localized-text';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { formatNumber } from '../../lib/format';
import { formatValue } from './indicator-format';

/** The ids of the per-domain checklist scores: shown in these tables, not as cards. */
export const DOMAIN_SCORE_IDS: ReadonlySet<string> = new Set(
  CHECKLIST_DOMAIN_SCORES.flatMap((c) => c.domains.map((d) => d.indicator)),
);

/**
 * The mean checklist score per domain (docs/coaching.md, "Checklist indicators"): one small table per
 * shipped checklist with any points in the period (breathing baby, baby not breathing, KMC), a row per
 * domain with its score and points, three columns that fit 390 px. A country's copy counts as the
 * checklist it copies. Partners see the perturbed points, marked as everywhere.
 */
export function ChecklistDomains({ data }: { data: Pick<ValuesResponse, 'indicators'> }) {
  const { t, i18n } = useTranslation('indicators');
  const locale = i18n.language;
  const value = (id: string) => data.indicators.find((v) => v.id === id);
  const shown = CHECKLIST_DOMAIN_SCORES.filter((c) => c.domains.some((d) => value(d.indicator)?.denominator));
  if (!shown.length) return null;
  return (
    <div data-testid="checklist-domains">
      <h3>{t('domainScoresTitle')}</h3>
      {shown.map(({ checklist, domains }) => (
        <table key={checklist.id} className="table domain-scores" data-testid={`domains-${checklist.id}`}>
          <caption>{localize(checklist.name, locale)}</caption>
          <thead>
            <tr>
              {(['domain', 'score', 'points'] as const).map((k) => (
                <th key={k} scope="col" className={k === 'domain' ? undefined : 'num'}>
                  {t(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {domains.map(({ domain, indicator }) => {
              const v = value(indicator);
              const marked = v?.perturbed.length ? t('perturbedMark') : '';
              return (
                <tr key={indicator}>
                  <th scope="row">{localize(domain.label, locale)}</th>
                  <td className="num">
                    {v && v.value !== null ? formatValue(v, { unit: 'percent' }, locale) : '—'}
                  </td>
                  <td className="num">
                    {v?.denominator
                      ? `${marked}${formatNumber(v.numerator ?? 0, locale)} / ${formatNumber(v.denominator, locale)}`
                      : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </div>
  );
}
