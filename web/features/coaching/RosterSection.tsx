import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthWorker } from '../../../shared/coaching/coaching.schema';
import { WARDS } from '../../../shared/coaching/coaching-values';
import { newId } from '../../../shared/ids';
import { formatDate } from '../../lib/format';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { coachingKeys, createWorker, getRoster } from './coaching.api';
import { EditWorkerDialog } from './EditWorkerDialog';
import { ImportRoster } from './ImportRoster';
import { WorkerDialog } from './WorkerDialog';
import { WorkerFields, emptyWorkerDetails, workerDetailsOf } from './WorkerFields';

/** What a lead can do to a worker on the roster, in the order of its buttons. */
const ROW_ACTIONS = ['edit', 'move', 'deactivate'] as const;

/** The roster of a facility: coverage, the workers (by name at the facility, by code above), and changes. */
export function RosterSection({ facilityId, canManage }: { facilityId: string; canManage: boolean }) {
  const { t, i18n } = useTranslation('coaching');
  const locale = i18n.language;
  const [all, setAll] = useState(false);
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<{ worker: HealthWorker; kind: (typeof ROW_ACTIONS)[number] } | null>(
    null,
  );
  const roster = useQuery({
    queryKey: coachingKeys.roster(facilityId, all, search),
    queryFn: () => getRoster(facilityId, all, search),
  });
  const data = roster.data;
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">{t('roster')}</h2>
      {data ? (
        <p className="card coverage" data-testid="coverage">
          <span>{t('coverage', { years: data.coverageYears })}</span>
          <strong>
            {t('coverageValue', { covered: data.deliveryRoomCovered, total: data.deliveryRoomStaff })}
          </strong>
        </p>
      ) : null}
      {data && !data.namesVisible ? <p className="muted">{t('namesHidden')}</p> : null}
      <div className="inline">
        <TextField
          label={t('search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <CheckboxField label={t('showAll')} checked={all} onChange={(e) => setAll(e.target.checked)} />
      </div>
      {roster.isPending ? <Loading /> : null}
      <ErrorMessage error={roster.error} />
      {data && data.items.length === 0 ? <p className="muted">{t('rosterEmpty')}</p> : null}
      {data && data.items.length ? (
        <DataTable
          rows={data.items}
          rowKey={(w) => w.id}
          rowProps={(w) => ({ 'data-worker': w.code, className: w.active ? undefined : 'muted' })}
          columns={[
            { header: t('name'), isRowHeader: true, cell: (w) => w.name ?? w.code },
            ...(data.namesVisible
              ? [{ header: t('code'), cellClassName: 'muted', cell: (w: HealthWorker) => w.code }]
              : []),
            { header: t('cadre'), cell: (w) => t(`cadre.${w.cadre}`) },
            {
              header: t('ward'),
              cell: (w) =>
                w.active && w.facilityId === facilityId
                  ? t(`ward.${w.ward}`)
                  : `${t('inactive')} · ${w.facilityName}`,
            },
            {
              header: t('facilitator'),
              cell: (w) => (w.facilitatorLevel ? t(`facilitator.${w.facilitatorLevel}`) : '–'),
            },
            {
              header: t('lastCoached'),
              cell: (w) => (
                <>
                  {formatDate(w.lastCoachedOn, locale) || '–'}{' '}
                  {w.covered ? <span className="badge">{t('covered')}</span> : null}
                </>
              ),
            },
            ...(canManage
              ? [
                  {
                    header: '',
                    cell: (w: HealthWorker) =>
                      w.active && w.facilityId === facilityId ? (
                        <span className="row-actions">
                          {ROW_ACTIONS.map((kind) => (
                            <button
                              key={kind}
                              type="button"
                              className={`btn btn--${kind === 'deactivate' ? 'ghost' : 'secondary'} btn--small`}
                              onClick={() => setDialog({ worker: w, kind })}
                            >
                              {t(kind)}
                            </button>
                          ))}
                        </span>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditWorkerDialog worker={dialog.worker} onClose={() => setDialog(null)} />
      ) : dialog ? (
        <WorkerDialog worker={dialog.worker} kind={dialog.kind} onClose={() => setDialog(null)} />
      ) : null}
      {canManage ? <AddWorker facilityId={facilityId} /> : null}
      {canManage ? <ImportRoster facilityId={facilityId} /> : null}
    </section>
  );
}

const initialWorker = () => ({
  ...emptyWorkerDetails(),
  ward: 'delivery_room',
  activeFrom: new Date().toLocaleDateString('en-CA'),
});

function AddWorker({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const { values, bind, setValues } = useFormValues(initialWorker());
  const mutation = useMutation({
    mutationFn: () =>
      createWorker({
        id: newId(),
        facilityId,
        ...workerDetailsOf(values),
        ward: values.ward as (typeof WARDS)[number],
        activeFrom: values.activeFrom,
      }),
    onSuccess: async () => {
      setValues(initialWorker());
      await queryClient.invalidateQueries({ queryKey: coachingKeys.all });
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(mutation.error);
  return (
    <form className="card form" onSubmit={submitWith(mutation)} noValidate aria-labelledby="add-worker-title">
      <h3 id="add-worker-title">{t('addWorker')}</h3>
      <WorkerFields values={values} bind={bind} errors={errors}>
        <SelectField
          label={t('ward')}
          {...bind('ward')}
          options={WARDS.map((w) => ({ value: w, label: t(`ward.${w}`) }))}
          error={errors.ward}
          required
        />
        <TextField
          label={t('activeFrom')}
          type="date"
          {...bind('activeFrom')}
          error={errors.activeFrom}
          required
        />
      </WorkerFields>
      <FormFooter formError={formError} pending={mutation.isPending} submitLabel={t('add')} />
      {mutation.isSuccess ? (
        <p className="muted" role="status">
          {t('added')}
        </p>
      ) : null}
    </form>
  );
}
