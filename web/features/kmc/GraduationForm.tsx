import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { formatNumber } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
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
  const { values: v, fieldsWith } = useFormValues({ graduatedOn: data.today, weightGrams: '' });
  const saved = useSaved(data.newbornId);
  const save = useMutation({
    mutationFn: () =>
      graduate(e.id, { version: e.version, graduatedOn: v.graduatedOn, weightGrams: num(v.weightGrams) }),
    onSuccess: saved,
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = fieldsWith(errors);
  return (
    <form className="form card" onSubmit={submitWith(save)} noValidate aria-label={t('graduationTitle')}>
      <h2>{t('graduationTitle')}</h2>
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
    </form>
  );
}
