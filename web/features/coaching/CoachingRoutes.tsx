import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { FacilityChooser, useOwnFacility } from '../org-units/FacilityChooser';
import { coachingKeys, listCourses } from './coaching.api';
import { CertificatePage } from './CertificatePage';
import { ChecklistsPage } from './ChecklistsPage';
import { CoursePage } from './CoursePage';
import { CoursesTable } from './CoursesTable';
import { FacilityPage } from './FacilityPage';
import { SettingsPage } from './SettingsPage';
import { useCan } from '../auth/session';
import { Link } from 'react-router';
import './coaching.css';

/** Everything under /coaching: the overview, a facility's roster and courses, one course. */
export default function CoachingRoutes() {
  return (
    <Routes>
      <Route index element={<CoachingHome />} />
      <Route path="facility/:facilityId" element={<FacilityPage />} />
      <Route path="courses/:id" element={<CoursePage />} />
      <Route path="courses/:id/certificate/:workerId" element={<CertificatePage />} />
      <Route path="settings" element={<SettingsPage />} />
      <Route path="checklists" element={<ChecklistsPage />} />
    </Routes>
  );
}

/** A hospital lead goes straight to their facility; managers and coaches choose one or browse courses. */
function CoachingHome() {
  const { t } = useTranslation('coaching');
  const own = useOwnFacility();
  const can = useCan();
  const list = useQuery({ queryKey: coachingKeys.courses(''), queryFn: () => listCourses(), enabled: !own });
  if (own) return <Navigate to={`facility/${own.id}`} replace />;
  return (
    <div className="coaching">
      <PageHeader title={t('title')} intro={t('intro')}>
        {can('config.manage') ? (
          <>
            <Link className="btn btn--ghost" to="settings">
              {t('settingsTitle')}
            </Link>
            <Link className="btn btn--ghost" to="checklists">
              {t('checklistsTitle')}
            </Link>
          </>
        ) : null}
      </PageHeader>
      <FacilityChooser label={t('chooseFacility')} />
      <h2>{t('coursesInArea')}</h2>
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data ? <CoursesTable courses={list.data.items} showVenue /> : null}
    </div>
  );
}
