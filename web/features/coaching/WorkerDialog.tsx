import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthWorker } from '../../../shared/coaching/coaching.schema';
import { WARDS } from '../../../shared/coaching/coaching-values';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { coachingKeys, deactivateWorker, moveWorker } from './coaching.api';

/** Move a worker to another facility or ward, or take them off the roster, from a date. */
export function WorkerDialog({
  worker,
  kind,
  onClose,
}: {
  worker: HealthWorker;
  kind: 'move' | 'deactivate';
  onClose: () => void;
}) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const [facility, setFacility] = useState<Pick<OrgUnit, 'id' | 'name'> | null>({
    id: worker.facilityId,
    name: worker.facilityName,
  });
  const { values, bind } = useFormValues({ on: new Date().toLocaleDateString('en-CA'), ward: worker.ward });
  const mutation = useMutation({
    mutationFn: () =>
      kind === 'move'
        ? moveWorker(worker.id, {
            version: worker.version,
            facilityId: facility?.id ?? '',
            ward: values.ward,
            on: values.on,
          })
        : deactivateWorker(worker.id, { version: worker.version, on: values.on }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: coachingKeys.all });
      onClose();
    },
  });
  const { fieldErrors: errors } = formErrorsOf(mutation.error);
  const label = worker.name ?? worker.code;
  return (
    <WorkerFormDialog
      title={kind === 'move' ? t('moveTitle', { code: label }) : t('deactivateTitle', { code: label })}
      mutation={mutation}
      onClose={onClose}
    >
      {kind === 'move' ? (
        <>
          <OrgUnitPicker
            label={t('moveTo')}
            value={facility}
            kinds={['facility']}
            onChange={setFacility}
            error={errors.facilityId}
            required
          />
          <SelectField
            label={t('ward')}
            {...bind('ward')}
            options={WARDS.map((w) => ({ value: w, label: t(`ward.${w}`) }))}
            required
          />
        </>
      ) : null}
      <TextField
        label={kind === 'move' ? t('moveOn') : t('deactivateOn')}
        type="date"
        {...bind('on')}
        error={errors.on}
        hint={kind === 'deactivate' ? t('deactivateHint') : undefined}
        required
      />
    </WorkerFormDialog>
  );
}

/** A roster dialog's form: the fields, then the error no field shows, Save and Cancel. */
export function WorkerFormDialog({
  title,
  mutation,
  onClose,
  children,
}: {
  title: string;
  mutation: { mutate: () => void; error: unknown; isPending: boolean };
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('coaching');
  const { formError } = formErrorsOf(mutation.error);
  return (
    <Dialog open onClose={onClose} title={title}>
      <form className="form" onSubmit={submitWith(mutation)} noValidate>
        {children}
        <FormFooter
          formError={formError}
          pending={mutation.isPending}
          submitLabel={t('save')}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
