import { useTranslation } from 'react-i18next';
import { DISCHARGE_STATUSES, type DischargeStatus, PROCEDURES } from '../../../shared/births/birth.schema';
import { ChoiceField } from '../../ui/ChoiceField';
import { TextField } from '../../ui/Field';
import type { NewbornDraft } from './birth-draft';
import { type FormCtx, fromTriValue, triValue } from './form-context';

type Props = {
  index: number;
  baby: NewbornDraft;
  set(b: Partial<NewbornDraft>): void;
  ctx: FormCtx;
  kmcEligible: boolean | null;
  showDischarge: boolean;
};

/**
 * A live baby's routine care after the first breastfeed (weighing, eye care, vitamin K, hepatitis B,
 * bath), KMC when eligible and, when editing, the discharge. Under the baby's EENC steps on a desktop;
 * a step of its own on a phone.
 */
export function NewbornCareFields({ index, baby, set, ctx, kmcEligible, showDischarge }: Props) {
  const { t } = useTranslation('births');
  const p = (field: string) => `newborns.${index}.${field}`;
  return (
    <>
      <table className="proc-table">
        <tbody>
          {PROCEDURES.map((proc) => {
            const v = baby.procedures[proc];
            const unit = proc === 'bath' ? 'hours' : 'minutes';
            const timeId = `proc-${index}-${proc}`;
            const error = ctx.err(p(`procedures.${proc}.minutes`)) ?? ctx.err(p(`procedures.${proc}`));
            const setProc = (next: Partial<typeof v>) =>
              set({ procedures: { ...baby.procedures, [proc]: { ...v, ...next } } });
            return (
              <tr key={proc}>
                <th scope="row">{t(`proc.${proc}`)}</th>
                <td>
                  <ChoiceField
                    legend={<span className="visually-hidden">{t(`proc.${proc}`)}</span>}
                    name={`${timeId}-done`}
                    value={triValue(v.done)}
                    options={ctx.triOptions}
                    onChange={(d) => setProc({ done: fromTriValue(d) })}
                  />
                </td>
                <td>
                  <label htmlFor={timeId} className="visually-hidden">
                    {`${t(`proc.${proc}`)}: ${t(unit === 'hours' ? 'procHours' : 'procMinutes')}`}
                  </label>
                  <input
                    id={timeId}
                    type="text"
                    inputMode="decimal"
                    value={v.time}
                    disabled={v.done !== 'yes'}
                    onChange={(e) => setProc({ time: e.target.value })}
                    onBlur={() => ctx.touch(p(`procedures.${proc}.minutes`))}
                    aria-invalid={error ? true : undefined}
                  />{' '}
                  <span className="muted">{t(unit === 'hours' ? 'procHours' : 'procMinutes')}</span>
                  <button
                    type="button"
                    className="btn btn--secondary btn--small"
                    aria-label={t('nowFor', { field: t(`proc.${proc}`) })}
                    disabled={!ctx.elapsed(unit)}
                    onClick={() => {
                      const e = ctx.elapsed(unit)?.();
                      if (e !== null && e !== undefined)
                        setProc({ done: 'yes', time: String(Math.round(e * 10) / 10) });
                    }}
                  >
                    {t('now')}
                  </button>
                  {error ? (
                    <p className="field__error" role="alert">
                      {error}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {kmcEligible ? (
        <>
          <p className="badge badge--warn">{t('kmcEligible')}</p>
          <ChoiceField
            legend={t('kmcInitiated')}
            name={`kmcInitiated-${index}`}
            value={triValue(baby.kmcInitiated)}
            options={ctx.triOptions}
            onChange={(v) => set({ kmcInitiated: fromTriValue(v) })}
            error={ctx.err(p('kmcInitiated'))}
          />
        </>
      ) : null}
      {showDischarge ? (
        <fieldset className="fieldset">
          <legend>{t('section.discharge')}</legend>
          <div className="grid">
            <TextField
              label={t('dischargeDate')}
              type="date"
              value={baby.discharge.date}
              onChange={(e) => set({ discharge: { ...baby.discharge, date: e.target.value } })}
              onBlur={() => ctx.touch(p('discharge.date'))}
              error={ctx.err(p('discharge.date')) ?? ctx.err(p('discharge'))}
            />
            <TextField
              label={t('dischargeTime')}
              hint={t('dischargeTimeHint')}
              type="time"
              value={baby.discharge.time}
              onChange={(e) => set({ discharge: { ...baby.discharge, time: e.target.value } })}
              onBlur={() => ctx.touch(p('discharge.time'))}
              error={ctx.err(p('discharge.time'))}
            />
            <ChoiceField<DischargeStatus>
              legend={t('dischargeStatus')}
              name={`dstatus-${index}`}
              value={baby.discharge.status}
              options={DISCHARGE_STATUSES.map((s) => ({ value: s, label: t(`discharge.${s}`) }))}
              onChange={(status) => set({ discharge: { ...baby.discharge, status } })}
              error={ctx.err(p('discharge.status'))}
            />
            <ChoiceField
              legend={t('exclusiveBf')}
              name={`ebf-${index}`}
              value={triValue(baby.discharge.exclusiveBreastfeeding)}
              options={ctx.triOptions}
              onChange={(v) =>
                set({ discharge: { ...baby.discharge, exclusiveBreastfeeding: fromTriValue(v) } })
              }
            />
          </div>
        </fieldset>
      ) : null}
    </>
  );
}
