import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CourseSummary } from '../../../shared/coaching/coaching.schema';
import { formatDate } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';

/** Courses, newest first, each linking to its page. */
export function CoursesTable({ courses, showVenue }: { courses: CourseSummary[]; showVenue?: boolean }) {
  const { t, i18n } = useTranslation('coaching');
  const locale = i18n.language;
  if (courses.length === 0) return <p className="muted">{t('noCourses')}</p>;
  return (
    <DataTable
      rows={courses}
      rowKey={(c) => c.id}
      columns={[
        {
          header: t('dates'),
          isRowHeader: true,
          cell: (c) => (
            <Link to={`/coaching/courses/${c.id}`}>
              {formatDate(c.startsOn, locale)} – {formatDate(c.endsOn, locale)}
            </Link>
          ),
        },
        { header: t('module'), cell: (c) => t(`module.${c.module}`) },
        ...(showVenue ? [{ header: t('venue'), cell: (c: CourseSummary) => c.venueName }] : []),
        { header: t('participants'), className: 'num', cell: (c) => c.participants },
        { header: t('completedCount'), className: 'num', cell: (c) => c.completed },
      ]}
    />
  );
}
