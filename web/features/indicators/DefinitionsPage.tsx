import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localize } from '../../../shared/i18n/localized-text';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { getDefinitions, indicatorKeys } from './indicators.api';

/** The indicator library as defined in shared/indicators/definitions.ts, for administrators and reviewers. */
export default function DefinitionsPage() {
  const { t, i18n } = useTranslation('indicators');
  const locale = i18n.language;
  const q = useQuery({ queryKey: indicatorKeys.definitions, queryFn: getDefinitions, staleTime: Infinity });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorMessage error={q.error} />;
  return (
    <div className="page">
      <h1>{t('definitionsTitle')}</h1>
      <p className="muted">{t('definitionsIntro', { step: q.data.implementingStep })}</p>
      <DataTable
        rows={q.data.items}
        rowKey={(d) => d.id}
        columns={[
          {
            header: t('indicator'),
            isRowHeader: true,
            cell: (d) => (
              <>
                {localize(d.name, locale)} <span className="mono muted">{d.id}</span>
                <p className="muted">{localize(d.definition, locale)}</p>
                <p className="muted">
                  {t('source')}: {t(`source.${d.source}` as 'source.newborn')}
                </p>
              </>
            ),
          },
          {
            header: t('numerator'),
            cell: (d) => (
              <>
                {localize(d.numerator.label, locale)}
                <div className="mono muted">{d.numerator.condition}</div>
              </>
            ),
          },
          {
            header: t('denominator'),
            cell: (d) =>
              d.denominator ? (
                <>
                  {localize(d.denominator.label, locale)}
                  <div className="mono muted">{d.denominator.condition}</div>
                </>
              ) : (
                '—'
              ),
          },
          { header: t('unit'), cell: (d) => t(`unit.${d.unit}`) },
          {
            header: t('target'),
            cell: (d) =>
              d.target
                ? t(d.target.direction === 'atLeast' ? 'targetAtLeast' : 'targetAtMost', {
                    value: d.target.value,
                  })
                : '—',
          },
          {
            header: t('disaggregations'),
            cell: (d) => d.disaggregations.map((x) => t(`dim.${x}`)).join(', ') || '—',
          },
          { header: t('section'), cell: (d) => d.section },
        ]}
      />
    </div>
  );
}
