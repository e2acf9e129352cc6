import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Band } from '../../../shared/coaching/checklist-scoring';
import type { Course, Participant } from '../../../shared/coaching/coaching.schema';
import { formatDate } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { AddParticipants } from './AddParticipants';
import { type ChecklistCorrection, ChecklistForm } from './ChecklistForm';
import { coachingKeys, getCourse, removeParticipant, updateParticipant } from './coaching.api';

/** A checklist's badge by its band (the country's bands, `bandOf` in shared/coaching/checklist-scoring.ts). */
const BAND_BADGE: Record<Band, string> = {
  low: 'badge badge--danger',
  middle: 'badge badge--warn',
  high: 'badge',
};

/** One course: dates, facilitators, participants with attendance and completion, adding from a roster. */
export function CoursePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('coaching');
  const locale = i18n.language;
  const can = useCan();
  const query = useQuery({ queryKey: coachingKeys.course(id), queryFn: () => getCourse(id) });
  const [correcting, setCorrecting] = useState<ChecklistCorrection>();
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const course = query.data;
  const canWrite = can('coaching.write', course.venuePath);
  return (
    <div className="coaching">
      <PageHeader
        title={`${t(`module.${course.module}`)} · ${formatDate(course.startsOn, locale)} – ${formatDate(course.endsOn, locale)}`}
        intro={`${t('venue')}: ${course.venueName} · ${t('days')}: ${course.days}`}
      />
      <p>
        <Link to={`/coaching/facility/${course.venueId}`}>{t('backToFacility')}</Link>
      </p>
      {course.notes ? <p className="muted">{course.notes}</p> : null}
      <h2>{t('facilitators')}</h2>
      {course.facilitators.length ? (
        <ul>
          {course.facilitators.map((f) => (
            <li key={f.id}>
              {f.name ?? f.code} · {t(`cadre.${f.cadre}`)} · {f.facilityName}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('noFacilitators')}</p>
      )}
      <section aria-labelledby="participants-title">
        <h2 id="participants-title">
          {t('participants')} ({course.participants}, {t('completedCount').toLowerCase()} {course.completed})
        </h2>
        {!course.namesVisible ? <p className="muted">{t('namesHidden')}</p> : null}
        {course.participantList.length === 0 ? <p className="muted">{t('noParticipants')}</p> : null}
        {course.participantList.length ? (
          <DataTable
            rows={course.participantList}
            rowKey={(p) => p.worker.id}
            rowProps={(p) => ({ 'data-participant': p.worker.code })}
            columns={[
              {
                header: t('name'),
                isRowHeader: true,
                cell: (p) => (
                  <>
                    {p.worker.name ?? p.worker.code}
                    {p.worker.facilityName !== course.venueName ? (
                      <span className="muted small"> · {p.worker.facilityName}</span>
                    ) : null}
                  </>
                ),
              },
              { header: t('cadre'), cell: (p) => t(`cadre.${p.worker.cadre}`) },
              {
                header: t('daysAttended'),
                cell: (p) => <ParticipantCells course={course} participant={p} canWrite={canWrite} />,
              },
              {
                header: t('checklists'),
                cell: (p) => (
                  <>
                    {p.checklists.map((c) => (
                      <span key={c.id} className="recorded-checklist">
                        <span className={c.band ? BAND_BADGE[c.band] : 'badge badge--muted'}>
                          {t(`moment.${c.moment}`)} {c.percent === null ? '–' : `${c.percent} %`}
                          {c.band
                            ? ` · ${t(`band.${c.band}`, { low: course.lowBandPercent, passing: course.passingPercent })}`
                            : null}
                        </span>
                        {canWrite ? (
                          <button
                            type="button"
                            className="btn btn--ghost btn--small"
                            aria-label={t('correctLabel', {
                              moment: t(`moment.${c.moment}`),
                              who: p.worker.name ?? p.worker.code,
                            })}
                            onClick={() => setCorrecting({ workerId: p.worker.id, record: c })}
                          >
                            {t('correct')}
                          </button>
                        ) : null}
                      </span>
                    ))}
                    {p.completed && !p.certificateCode ? (
                      <span className="muted small">
                        {' '}
                        {t('certificateNeedsPass', { passing: course.passingPercent })}
                      </span>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        ) : null}
      </section>
      {canWrite ? <AddParticipants course={course} /> : null}
      {canWrite && correcting ? (
        <ChecklistForm
          key={`${correcting.record.id}-${correcting.record.version}`}
          course={course}
          correcting={correcting}
          onDone={() => setCorrecting(undefined)}
        />
      ) : null}
      {canWrite && course.participantList.length && !correcting ? <ChecklistForm course={course} /> : null}
    </div>
  );
}

/** Days attended and completion of one participant, saved as soon as they change. */
function ParticipantCells({
  course,
  participant,
  canWrite,
}: {
  course: Course;
  participant: Participant;
  canWrite: boolean;
}) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const [days, setDays] = useState(String(participant.daysAttended));
  // Shown as ticked at once; a refused save puts back the stored value and shows why.
  const [completed, setCompleted] = useState(participant.completed);
  const save = useMutation({
    mutationFn: (v: { daysAttended: number; completed: boolean }) =>
      updateParticipant(course.id, participant.worker.id, { version: participant.version, ...v }),
    onSuccess: (c) => queryClient.setQueryData(coachingKeys.course(course.id), c),
    onError: () => setCompleted(participant.completed),
  });
  const remove = useMutation({
    mutationFn: () => removeParticipant(course.id, participant.worker.id, participant.version),
    onSuccess: (c) => queryClient.setQueryData(coachingKeys.course(course.id), c),
  });
  const label = participant.worker.name ?? participant.worker.code;
  const certificate = participant.certificateCode ? (
    <Link to={`/coaching/courses/${course.id}/certificate/${participant.worker.id}`}>{t('certificate')}</Link>
  ) : null;
  if (!canWrite)
    return (
      <>
        {participant.daysAttended} / {course.days}{' '}
        {participant.completed ? <span className="badge">{t('completed')}</span> : null} {certificate}
      </>
    );
  return (
    <span className="participant-cells">
      <input
        type="number"
        inputMode="numeric"
        min={0}
        max={course.days}
        value={days}
        aria-label={`${t('daysAttended')}: ${label}`}
        onChange={(e) => setDays(e.target.value)}
        onBlur={() =>
          Number(days) !== participant.daysAttended && save.mutate({ daysAttended: Number(days), completed })
        }
      />
      <label>
        <input
          type="checkbox"
          checked={completed}
          disabled={save.isPending}
          onChange={(e) => {
            setCompleted(e.target.checked);
            // Completing a course with no attendance recorded means attending all of it.
            const attended = e.target.checked && Number(days) === 0 ? course.days : Number(days);
            setDays(String(attended));
            save.mutate({ daysAttended: attended, completed: e.target.checked });
          }}
        />{' '}
        {t('completed')}
      </label>
      {certificate}
      <button type="button" className="btn btn--ghost btn--small" onClick={() => remove.mutate()}>
        {t('remove')}
      </button>
      <ErrorMessage error={save.error ?? remove.error} />
    </span>
  );
}
