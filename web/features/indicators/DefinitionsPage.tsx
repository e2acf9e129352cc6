import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localize } from '../../../shared/i18n/localized-text';
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
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('indicator')}</th>
              <th scope="col">{t('numerator')}</th>
              <th scope="col">{t('denominator')}</th>
              <th scope="col">{t('unit')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('disaggregations')}</th>
              <th scope="col">{t('section')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {localize(d.name, locale)} <span className="mono muted">{d.id}</span>
                  <p className="muted">{localize(d.definition, locale)}</p>
                  <p className="muted">
                    {t('source')}: {t(`source.${d.source}` as 'source.newborn')}
                  </p>
                </th>
                <td>
                  {localize(d.numerator.label, locale)}
                  <div className="mono muted">{d.numerator.condition}</div>
                </td>
                <td>
                  {d.denominator ? (
                    <>
                      {localize(d.denominator.label, locale)}
                      <div className="mono muted">{d.denominator.condition}</div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{t(`unit.${d.unit}`)}</td>
                <td>
                  {d.target
                    ? t(d.target.direction === 'atLeast' ? 'targetAtLeast' : 'targetAtMost', {
                        value: d.target.value,
                      })
                    : '—'}
                </td>
                <td>{d.disaggregations.map((x) => t(`dim.${x}`)).join(', ') || '—'}</td>
                <td>{d.section}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
