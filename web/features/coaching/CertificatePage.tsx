import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { coachingKeys, getCourse } from './coaching.api';

/** A participant's completion certificate, to print: what was completed, the code and the URL that checks it. */
export function CertificatePage() {
  const { id = '', workerId = '' } = useParams();
  const { t, i18n } = useTranslation('coaching');
  const locale = i18n.language;
  const query = useQuery({ queryKey: coachingKeys.course(id), queryFn: () => getCourse(id) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const course = query.data;
  const p = course.participantList.find((x) => x.worker.id === workerId);
  if (!p?.certificateCode) return <p className="muted">{t('noCertificate')}</p>;
  const url = `${window.location.origin}/api/coaching/certificates/${p.certificateCode}`;
  return (
    <div className="coaching certificate">
      <p className="no-print">
        <Link to={`/coaching/courses/${course.id}`}>{t('backToCourse')}</Link>{' '}
        <button type="button" className="btn btn--secondary btn--small" onClick={() => window.print()}>
          {t('print')}
        </button>
      </p>
      <article className="card certificate__body">
        <h1>{t('certificateTitle')}</h1>
        <p className="certificate__name">{p.worker.name ?? p.worker.code}</p>
        <p>{t(`cadre.${p.worker.cadre}`)}</p>
        <p>
          {t('certificateText', {
            module: t(`module.${course.module}`),
            venue: course.venueName,
            from: formatDate(course.startsOn, locale),
            to: formatDate(course.endsOn, locale),
            days: course.days,
          })}
        </p>
        <p>
          {t('certificateCode')}: <strong data-testid="certificate-code">{p.certificateCode}</strong>
        </p>
        <p className="small">
          {t('certificateCheck')}: {url}
        </p>
      </article>
    </div>
  );
}
