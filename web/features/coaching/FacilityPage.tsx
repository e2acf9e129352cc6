import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { COURSE_MODULES } from '../../../shared/coaching/coaching-values';
import { newId } from '../../../shared/ids';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { getOrgUnit, orgUnitKeys } from '../org-units/org-units.api';
import { coachingKeys, createCourse, getRoster, listCourses } from './coaching.api';
import { CoursesTable } from './CoursesTable';
import { RosterSection } from './RosterSection';

const today = () => new Date().toLocaleDateString('en-CA');

/** A facility: its roster with coverage, and the courses held there. */
export function FacilityPage() {
  const { facilityId = '' } = useParams();
  const { t } = useTranslation('coaching');
  const can = useCan();
  const unit = useQuery({ queryKey: orgUnitKeys.detail(facilityId), queryFn: () => getOrgUnit(facilityId) });
  const courses = useQuery({
    queryKey: coachingKeys.courses(facilityId),
    queryFn: () => listCourses(facilityId),
  });
  if (unit.isPending) return <Loading />;
  if (unit.error) return <ErrorMessage error={unit.error} />;
  const path = unit.data.path;
  return (
    <div className="coaching">
      <PageHeader title={unit.data.name} intro={t('title')} />
      <RosterSection facilityId={facilityId} canManage={can('roster.manage', path)} />
      <section aria-labelledby="courses-title">
        <h2 id="courses-title">{t('courses')}</h2>
        {courses.isPending ? <Loading /> : null}
        <ErrorMessage error={courses.error} />
        {courses.data ? <CoursesTable courses={courses.data.items} /> : null}
      </section>
      {can('coaching.write', path) ? <NewCourse venueId={facilityId} /> : null}
    </div>
  );
}

function NewCourse({ venueId }: { venueId: string }) {
  const { t } = useTranslation('coaching');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const roster = useQuery({
    queryKey: coachingKeys.roster(venueId, false, ''),
    queryFn: () => getRoster(venueId, false, ''),
    enabled: open,
  });
  const facilitators = roster.data?.items.filter((w) => w.facilitatorLevel) ?? [];
  const { values, bind } = useFormValues({
    module: 'eenc_routine',
    startsOn: today(),
    endsOn: today(),
    days: '3',
    notes: '',
  });
  const mutation = useMutation({
    mutationFn: () =>
      createCourse({
        id: newId(),
        venueId,
        module: values.module as (typeof COURSE_MODULES)[number],
        startsOn: values.startsOn,
        endsOn: values.endsOn,
        days: Number(values.days),
        notes: values.notes || null,
        facilitatorIds: [...chosen],
      }),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: coachingKeys.all });
      void navigate(`/coaching/courses/${c.id}`);
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(mutation.error);
  if (!open)
    return (
      <button type="button" className="btn btn--primary" onClick={() => setOpen(true)}>
        {t('newCourse')}
      </button>
    );
  return (
    <form className="card form" onSubmit={submitWith(mutation)} noValidate aria-labelledby="new-course-title">
      <h2 id="new-course-title">{t('newCourse')}</h2>
      <SelectField
        label={t('module')}
        {...bind('module')}
        options={COURSE_MODULES.map((m) => ({ value: m, label: t(`module.${m}`) }))}
        error={errors.module}
        required
      />
      <div className="inline">
        <TextField label={t('startsOn')} type="date" {...bind('startsOn')} error={errors.startsOn} required />
        <TextField label={t('endsOn')} type="date" {...bind('endsOn')} error={errors.endsOn} required />
        <TextField
          label={t('days')}
          type="number"
          inputMode="numeric"
          min={1}
          max={60}
          {...bind('days')}
          error={errors.days}
          required
        />
      </div>
      {facilitators.length ? (
        <fieldset className="choice">
          <legend>{t('chooseFacilitators')}</legend>
          {facilitators.map((w) => (
            <label key={w.id} className="pick">
              <input
                type="checkbox"
                checked={chosen.has(w.id)}
                onChange={(e) =>
                  setChosen((s) => {
                    const next = new Set(s);
                    if (e.target.checked) next.add(w.id);
                    else next.delete(w.id);
                    return next;
                  })
                }
              />{' '}
              {w.name ?? w.code} · {t(`facilitator.${w.facilitatorLevel!}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <TextAreaField label={t('notes')} {...bind('notes')} error={errors.notes} />
      <FormFooter formError={formError} pending={mutation.isPending} submitLabel={t('newCourse')} />
    </form>
  );
}
