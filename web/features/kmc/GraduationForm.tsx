import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { formatNumber } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FormCard } from '../../ui/FormCard';
import { TextField } from '../../ui/Field';
import { graduate } from './kmc.api';
import { num, useSaved } from './kmc-form';

/**
 * Graduation from the KMC follow-up of a baby discharged in KMC, once the country's criterion is met
 * (the server checks it and names the numbers when it is not).
 */
export function GraduationForm({ data }: { data: KmcEpisode }) {
  const { t, i18n } = useTranslation('kmc');
  const e = data.episode!;
  const form = useFormValues({ graduatedOn: data.today, weightGrams: '' });
  const saved = useSaved(data.newbornId);
  const save = useMutation({
    mutationFn: () =>
      graduate(e.id, {
        version: e.version,
        graduatedOn: form.values.graduatedOn,
        weightGrams: num(form.values.weightGrams),
      }),
    onSuccess: saved,
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = form.fieldsWith(errors);
  return (
    <FormCard title={t('graduationTitle')} mutation={save}>
      <p className="muted">
        {t('graduationRule', {
          grams: formatNumber(data.graduationRule.grams, i18n.language),
          weeks: data.graduationRule.pmaWeeks,
        })}
      </p>
      <TextField label={t('graduationWeight')} inputMode="numeric" {...field('weightGrams')} />
      <TextField label={t('graduatedOn')} type="date" max={data.today} {...field('graduatedOn')} required />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {t('graduate')}
        </button>
      </div>
      <ErrorMessage error={formError} />
    </FormCard>
  );
}
