import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { formatDate } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { FacilityChooser, useOwnFacility } from '../org-units/FacilityChooser';
import { AssessmentPage } from './AssessmentPage';
import { assessmentKeys, listAssessments } from './assessments.api';
import { FacilityAssessmentsPage } from './FacilityAssessmentsPage';
import { ReportPage } from './ReportPage';
import { requiredMet } from './required-met';
import { useLocalized } from './use-localized';
import './assessments.css';

/** Everything under /assessments: the overview, a hospital's page, one assessment, its printable report. */
export default function AssessmentsRoutes() {
  return (
    <Routes>
      <Route index element={<AssessmentsHome />} />
      <Route path="facility/:facilityId" element={<FacilityAssessmentsPage />} />
      <Route path=":id" element={<AssessmentPage />} />
      <Route path=":id/report" element={<ReportPage />} />
    </Routes>
  );
}

/** A hospital lead goes straight to their hospital; managers and coaches choose one or browse their area. */
function AssessmentsHome() {
  const { t } = useTranslation('assessments');
  const { locale } = useLocalized();
  const own = useOwnFacility();
  const list = useQuery({
    queryKey: assessmentKeys.list({}),
    queryFn: () => listAssessments({}),
    enabled: !own,
  });
  if (own) return <Navigate to={`facility/${own.id}`} replace />;
  return (
    <div className="assess">
      <PageHeader title={t('title')} intro={t('intro')} />
      <FacilityChooser label={t('chooseFacility')} />
      <h2>{t('recentInArea')}</h2>
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data?.items.length === 0 ? <p className="muted">{t('noAssessments')}</p> : null}
      {list.data?.items.length ? (
        <DataTable
          rows={list.data.items}
          rowKey={(a) => a.id}
          columns={[
            {
              header: t('facility'),
              cell: (a) => <Link to={`facility/${a.facilityId}`}>{a.facilityName}</Link>,
            },
            {
              header: t('period'),
              cell: (a) => (
                <Link to={a.id}>
                  {formatDate(a.periodStart, locale)} – {formatDate(a.periodEnd, locale)}
                </Link>
              ),
            },
            { header: t('status'), cell: (a) => t(`status.${a.status}`) },
            { header: t('requiredMet'), cell: requiredMet },
            {
              header: t('overdue'),
              cell: (a) =>
                a.overdueActions ? <span className="badge badge--danger">{a.overdueActions}</span> : '–',
            },
          ]}
        />
      ) : null}
    </div>
  );
}
