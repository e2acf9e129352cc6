import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isActionOpen } from '../../../shared/assessments/scoring';
import { formatDate } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { ActionsTable } from './ActionPlan';
import { assessmentKeys, getAssessment } from './assessments.api';
import { Ladder } from './Ladder';
import { AreaScores, Priorities, StandardsTable } from './ResultsPanel';
import { useLocalized } from './use-localized';

/** Open and overdue actions first; more would not fit on the page. */
const MAX_ACTIONS = 6;

/**
 * The one-page printable report (A4, print CSS in assessments.css): standards, area scores, priorities,
 * ladder and action plan, in the reader's language (vi or en).
 */
export function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('assessments');
  const { l, locale } = useLocalized();
  const query = useQuery({ queryKey: assessmentKeys.detail(id), queryFn: () => getAssessment(id) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const d = query.data;
  const sorted = [...d.actions].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      Number(isActionOpen(b.status)) - Number(isActionOpen(a.status)),
  );
  const actions = sorted.slice(0, MAX_ACTIONS);
  return (
    <>
      <div className="no-print report-toolbar">
        <Link to={`/assessments/${d.id}`}>{t('backToFacility', { name: d.facilityName })}</Link>
        <button type="button" className="btn btn--primary" onClick={() => window.print()}>
          {t('print')}
        </button>
        <span className="muted small">{t('printHint')}</span>
      </div>
      <article className="report" aria-labelledby="report-title">
        <header className="report__header">
          <h1 id="report-title">{t('reportTitle')}</h1>
          <dl className="report__meta">
            <div>
              <dt>{t('facility')}</dt>
              <dd>{d.facilityName}</dd>
            </div>
            <div>
              <dt>{t('period')}</dt>
              <dd>
                {formatDate(d.periodStart, locale)} – {formatDate(d.periodEnd, locale)}
              </dd>
            </div>
            <div>
              <dt>{t('status')}</dt>
              <dd>
                {t(`status.${d.status}`)}
                {d.assessedOn ? ` · ${formatDate(d.assessedOn, locale)}` : ''}
              </dd>
            </div>
            <div>
              <dt>{t('checklistVersion')}</dt>
              <dd>{d.checklistLabel}</dd>
            </div>
          </dl>
        </header>
        <Ladder ladder={d.ladder} compact />
        <section aria-labelledby="report-standards">
          <h2 id="report-standards">{t('standardsTitle')}</h2>
          <StandardsTable results={d.results} definition={d.definition} compact />
        </section>
        <div className="report__columns">
          <section aria-labelledby="report-areas">
            <h2 id="report-areas">{t('areasTitle')}</h2>
            <AreaScores results={d.results} definition={d.definition} />
          </section>
          <section aria-labelledby="report-priorities">
            <h2 id="report-priorities">{t('prioritiesTitle')}</h2>
            <Priorities results={d.results} definition={d.definition} maxGaps={3} />
          </section>
        </div>
        <section aria-labelledby="report-actions">
          <h2 id="report-actions">{t('actionsTitle')}</h2>
          {actions.length ? <ActionsTable actions={actions} /> : <p className="muted">{t('noActions')}</p>}
          {sorted.length > actions.length ? (
            <p className="muted small">{t('moreActions', { count: sorted.length - actions.length })}</p>
          ) : null}
        </section>
        <footer className="report__footer muted small">
          {l(d.definition.title)} · {t('generatedOn', { date: formatDate(new Date(), locale) })}
        </footer>
      </article>
    </>
  );
}
