import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Birth, DISCHARGE_STATUSES, type DischargeStatus } from '../../../shared/births/birth.schema';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { birthToInput } from '../../../shared/births/birth-to-input';
import type { Tri } from './birth-draft';
import { birthKeys, updateBirth } from './births.api';
import { fromTriValue, triValue } from './form-context';

type Row = { date: string; time: string; status: DischargeStatus | ''; ebf: Tri };

/**
 * Discharge of each live-born baby: date, time (facility time; early discharge is judged from it),
 * status, and whether only breast milk was given since birth.
 */
export function DischargeForm({ birth, onDone }: { birth: Birth; onDone(): void }) {
  const { t } = useTranslation('births');
  const queryClient = useQueryClient();
  const live = birth.newborns.filter((n) => n.outcome === 'live_birth');
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(
      live.map((n) => [
        n.id,
        {
          date: n.discharge?.date ?? new Date().toISOString().slice(0, 10),
          time: n.discharge?.time ?? '',
          status: n.discharge?.status ?? '',
          ebf:
            n.discharge?.exclusiveBreastfeeding == null
              ? ''
              : n.discharge.exclusiveBreastfeeding
                ? 'yes'
                : 'no',
        },
      ]),
    ),
  );
  const save = useMutation({
    mutationFn: () => {
      const input = birthToInput(birth);
      const newborns = input.newborns.map((n) => {
        const r = n.id ? rows[n.id] : undefined;
        if (!r || !r.status) return n;
        return {
          ...n,
          discharge: {
            date: r.date,
            time: r.time || null,
            status: r.status,
            exclusiveBreastfeeding: r.ebf === '' ? null : r.ebf === 'yes',
          },
        };
      });
      return updateBirth(birth.id, { ...input, newborns, version: birth.version });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: birthKeys.all });
      onDone();
    },
  });
  const errors = save.error instanceof ApiError ? issuesByPath(save.error.issues) : {};
  const triOptions = [
    { value: 'yes' as const, label: t('yes') },
    { value: 'no' as const, label: t('no') },
    { value: 'unknown' as const, label: t('unknown') },
  ];
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      {live.map((n) => {
        const index = birth.newborns.indexOf(n);
        const row = rows[n.id]!;
        const set = (patch: Partial<Row>) => setRows({ ...rows, [n.id]: { ...row, ...patch } });
        return (
          <fieldset key={n.id} className="fieldset">
            <legend>{t('section.baby', { n: n.birthOrder })}</legend>
            <TextField
              label={t('dischargeDate')}
              type="date"
              value={row.date}
              onChange={(e) => set({ date: e.target.value })}
              error={errors[`newborns.${index}.discharge.date`]}
              required
            />
            <TextField
              label={t('dischargeTime')}
              hint={t('dischargeTimeHint')}
              type="time"
              value={row.time}
              onChange={(e) => set({ time: e.target.value })}
              error={errors[`newborns.${index}.discharge.time`]}
            />
            <ChoiceField<DischargeStatus>
              legend={t('dischargeStatus')}
              name={`status-${n.id}`}
              value={row.status}
              options={DISCHARGE_STATUSES.map((s) => ({ value: s, label: t(`discharge.${s}`) }))}
              onChange={(status) => set({ status })}
              error={errors[`newborns.${index}.discharge.status`]}
              required
            />
            <ChoiceField
              legend={t('exclusiveBf')}
              name={`ebf-${n.id}`}
              value={triValue(row.ebf)}
              options={triOptions}
              onChange={(v) => set({ ebf: fromTriValue(v) })}
            />
          </fieldset>
        );
      })}
      {Object.keys(errors).length ? (
        <p className="alert alert--error">{t('fixErrors')}</p>
      ) : (
        <ErrorMessage error={save.error} />
      )}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {t('common:save')}
        </button>
      </div>
    </form>
  );
}
