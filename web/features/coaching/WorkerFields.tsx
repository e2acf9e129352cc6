import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CADRES, FACILITATOR_LEVELS } from '../../../shared/coaching/coaching-values';
import { SelectField, TextField } from '../../ui/Field';

/** The worker's own details, as the add and edit forms hold them (text values). */
export type WorkerDetailValues = {
  name: string;
  cadre: string;
  phone: string;
  facilitatorLevel: string;
  facilitatorCertifiedOn: string;
};
type WorkerDetailKey = keyof WorkerDetailValues;

export const emptyWorkerDetails = (): WorkerDetailValues => ({
  name: '',
  cadre: 'midwife',
  phone: '',
  facilitatorLevel: '',
  facilitatorCertifiedOn: '',
});

/** The request fields of the details; the certification date goes only with a facilitator level. */
export function workerDetailsOf(values: WorkerDetailValues) {
  const facilitatorLevel = (values.facilitatorLevel || null) as (typeof FACILITATOR_LEVELS)[number] | null;
  return {
    name: values.name,
    cadre: values.cadre as (typeof CADRES)[number],
    phone: values.phone || null,
    facilitatorLevel,
    facilitatorCertifiedOn: facilitatorLevel ? values.facilitatorCertifiedOn || null : null,
  };
}

/**
 * The fields of a worker's details, shared by the add form and the edit dialog: name, cadre (with the
 * caller's fields beside it, the posting when adding), phone and facilitator level with its date.
 * `identity` false leaves out name and phone (a reader who does not see them cannot edit them).
 */
export function WorkerFields({
  values,
  bind,
  errors,
  identity = true,
  children,
}: {
  values: WorkerDetailValues;
  bind: (key: WorkerDetailKey) => { value: string; onChange: (e: { target: { value: string } }) => void };
  errors: Record<string, string>;
  identity?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation('coaching');
  return (
    <>
      {identity ? (
        <TextField label={t('name')} {...bind('name')} error={errors.name} required autoComplete="off" />
      ) : null}
      <div className="inline">
        <SelectField
          label={t('cadre')}
          {...bind('cadre')}
          options={CADRES.map((c) => ({ value: c, label: t(`cadre.${c}`) }))}
          error={errors.cadre}
          required
        />
        {children}
      </div>
      <div className="inline">
        {identity ? (
          <TextField label={t('phone')} type="tel" {...bind('phone')} error={errors.phone} />
        ) : null}
        <SelectField
          label={t('facilitator')}
          {...bind('facilitatorLevel')}
          placeholder={t('facilitator.none')}
          options={FACILITATOR_LEVELS.map((l) => ({ value: l, label: t(`facilitator.${l}`) }))}
          error={errors.facilitatorLevel}
        />
        {values.facilitatorLevel ? (
          <TextField
            label={t('certifiedOn')}
            type="date"
            {...bind('facilitatorCertifiedOn')}
            error={errors.facilitatorCertifiedOn}
            required
          />
        ) : null}
      </div>
    </>
  );
}
