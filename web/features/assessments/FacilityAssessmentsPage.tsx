import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { AssessmentSummary, ChecklistVersion } from '../../../shared/assessments/assessment.schema';
import { newId } from '../../../shared/ids';
import { formatDate, formatNumber } from '../../lib/format';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { ActionsTable } from './ActionPlan';
import { requiredMet } from './required-met';
import { assessmentKeys, createAssessment, getChecklist, listAssessments } from './assessments.api';
import { Ladder } from './Ladder';
import { useLocalized } from './use-localized';

const isoDay = (d: Date) => d.toLocaleDateString('en-CA');

/** A hospital: its ladder, its assessments, the trend of its results, and its open actions. */
export function FacilityAssessmentsPage() {
  const { facilityId = '' } = useParams();
  const { t } = useTranslation('assessments');
  const { locale } = useLocalized();
  const can = useCan();
  const query = useQuery({
    queryKey: assessmentKeys.list({ facility: facilityId }),
    queryFn: () => listAssessments({ facility: facilityId }),
  });
  if (query.isPending) return <Loading />;
  if (query.error || !query.data.facility) return <ErrorMessage error={query.error} />;
  const { facility, ladder, items, openActions } = query.data;
  const canWrite = can('assessment.write', facility.path);
  return (
    <div className="assess">
      <PageHeader title={facility.name} intro={t('title')} />
      {ladder ? (
        <div className="card">
          <Ladder ladder={ladder} />
        </div>
      ) : null}
      {canWrite ? <StartAssessment facilityId={facility.id} /> : null}
      <section aria-labelledby="list-title">
        <h2 id="list-title">{t('assessments')}</h2>
        {items.length === 0 ? <p className="muted">{t('noAssessments')}</p> : null}
        {items.length ? (
          <DataTable
            rows={items}
            rowKey={(a) => a.id}
            columns={[
              {
                header: t('period'),
                cell: (a) => (
                  <Link to={`/assessments/${a.id}`}>
                    {formatDate(a.periodStart, locale)} – {formatDate(a.periodEnd, locale)}
                  </Link>
                ),
              },
              { header: t('status'), cell: (a) => t(`status.${a.status}`) },
              { header: t('assessedOn'), cell: (a) => formatDate(a.assessedOn, locale) },
              { header: t('requiredMet'), cell: requiredMet },
              {
                header: t('actionsTitle'),
                cell: (a) => (
                  <>
                    {a.openActions}
                    {a.overdueActions ? (
                      <span className="badge badge--danger">
                        {t('overdue')}: {a.overdueActions}
                      </span>
                    ) : null}
                  </>
                ),
              },
              { header: t('checklistVersion'), cell: (a) => a.checklistLabel, cellClassName: 'muted' },
            ]}
          />
        ) : null}
      </section>
      <Trends items={items} />
      <section aria-labelledby="open-actions-title">
        <h2 id="open-actions-title">{t('openActionsTitle')}</h2>
        {openActions.length === 0 ? (
          <p className="muted">{t('noActions')}</p>
        ) : (
          <ActionsTable actions={openActions} linkToAssessment />
        )}
      </section>
    </div>
  );
}

function StartAssessment({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation('assessments');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const today = new Date();
  const { values, bind } = useFormValues({
    periodStart: isoDay(new Date(today.getFullYear(), today.getMonth() - 3, 1)),
    periodEnd: isoDay(today),
  });
  const mutation = useMutation({
    mutationFn: () => createAssessment({ id: newId(), facilityId, ...values }),
    onSuccess: async (a) => {
      await queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
      void navigate(`/assessments/${a.id}`);
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(mutation.error);
  return (
    <form
      className="card form start-form"
      onSubmit={submitWith(mutation)}
      noValidate
      aria-labelledby="start-title"
    >
      <h2 id="start-title">{t('startTitle')}</h2>
      <div className="inline">
        {(['periodStart', 'periodEnd'] as const).map((key) => (
          <TextField key={key} label={t(key)} type="date" {...bind(key)} error={errors[key]} required />
        ))}
      </div>
      <FormFooter formError={formError} pending={mutation.isPending} submitLabel={t('start')} />
    </form>
  );
}

/** Standards and area scores across the hospital's completed assessments, oldest first. */
function Trends({ items }: { items: AssessmentSummary[] }) {
  const { t } = useTranslation('assessments');
  const { l, locale } = useLocalized();
  const completed = items.filter((a) => a.status === 'completed').reverse();
  const versionIds = [...new Set(completed.map((a) => a.checklistVersionId))];
  const checklists = useQueries({
    queries: versionIds.map((id) => ({
      queryKey: assessmentKeys.checklist(id),
      queryFn: () => getChecklist(id),
    })),
  });
  if (completed.length < 2)
    return (
      <section aria-labelledby="trends-title">
        <h2 id="trends-title">{t('trendsTitle')}</h2>
        <p className="muted">{t('trendsEmpty')}</p>
      </section>
    );
  const defs = checklists.map((c) => c.data).filter((c): c is ChecklistVersion => Boolean(c));
  const titleOf = (kind: 'standards' | 'areas', id: string) => {
    for (const c of defs) {
      const found = c.definition[kind].find((x) => x.id === id);
      if (found) return l(found.title);
    }
    return id;
  };
  const latest = completed.at(-1)!;
  /** One block of the table: a header row of period ends, then a row per standard (or area). */
  const block = (
    kind: 'standards' | 'areas',
    heading: string,
    cellOf: (a: AssessmentSummary, id: string) => ReactNode,
  ) => (
    <>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          {completed.map((a) => (
            <th scope="col" key={a.id}>
              {formatDate(a.periodEnd, locale)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {latest.results[kind].map((s) => (
          <tr key={s.id}>
            <th scope="row">{titleOf(kind, s.id)}</th>
            {completed.map((a) => (
              <td key={a.id}>{cellOf(a, s.id)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </>
  );
  const cell = (pct: number | null | undefined, met?: boolean) =>
    pct === null || pct === undefined ? (
      '–'
    ) : (
      <span className={met === undefined ? undefined : met ? 'trend--met' : 'trend--not-met'}>
        <span className="trend__bar" style={{ width: `${Math.min(pct, 100) * 0.5}px` }} aria-hidden="true" />
        {formatNumber(pct, locale, 0)}%
      </span>
    );
  return (
    <section aria-labelledby="trends-title">
      <h2 id="trends-title">{t('trendsTitle')}</h2>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll box must take focus to scroll by keyboard */}
      <div className="table-wrap" tabIndex={0}>
        <table className="table trends">
          {block('standards', t('standard'), (a, id) => {
            const r = a.results.standards.find((x) => x.id === id);
            return cell(r?.percent, r ? r.status === 'met' : undefined);
          })}
          {block('areas', t('area'), (a, id) => cell(a.results.areas.find((x) => x.id === id)?.percent))}
        </table>
      </div>
    </section>
  );
}
