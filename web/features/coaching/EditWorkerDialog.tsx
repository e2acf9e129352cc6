import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HealthWorker } from '../../../shared/coaching/coaching.schema';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { coachingKeys, updateWorker } from './coaching.api';
import { WorkerFormDialog } from './WorkerDialog';
import { WorkerFields, workerDetailsOf } from './WorkerFields';

/**
 * Edit a worker's name, cadre, phone and facilitator status (`PATCH /api/coaching/workers/:id`) with the
 * version read: a worker changed meanwhile answers 409, shown with a reload button. Where the worker
 * works is changed by Move, not here.
 */
export function EditWorkerDialog({ worker, onClose }: { worker: HealthWorker; onClose: () => void }) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const identity = worker.name !== null;
  const { values, bind } = useFormValues({
    name: worker.name ?? '',
    cadre: worker.cadre,
    phone: worker.phone ?? '',
    facilitatorLevel: worker.facilitatorLevel ?? '',
    facilitatorCertifiedOn: worker.facilitatorCertifiedOn ?? '',
  });
  const mutation = useMutation({
    mutationFn: () => {
      const { name, phone, ...rest } = workerDetailsOf(values);
      return updateWorker(worker.id, {
        version: worker.version,
        ...rest,
        ...(identity ? { name, phone } : {}),
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: coachingKeys.all });
      onClose();
    },
  });
  const { fieldErrors: errors } = formErrorsOf(mutation.error);
  return (
    <WorkerFormDialog
      title={t('editTitle', { code: worker.name ?? worker.code })}
      mutation={mutation}
      onClose={onClose}
    >
      <WorkerFields values={values} bind={bind} errors={errors} identity={identity} />
    </WorkerFormDialog>
  );
}
