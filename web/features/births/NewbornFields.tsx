import { useTranslation } from 'react-i18next';
import {
  BIRTH_OUTCOMES,
  type BirthOutcome,
  DISCHARGE_STATUSES,
  type DischargeStatus,
  PROCEDURES,
  RESUSCITATION_OUTCOMES,
  type ResuscitationOutcome,
  SEXES,
  type Sex,
} from '../../../shared/births/birth.schema';
import { NEWBORN_FIELDS } from '../../../shared/births/newborn-fields';
import { ChoiceField } from '../../ui/ChoiceField';
import { TextField } from '../../ui/Field';
import type { NewbornDraft } from './birth-draft';
import { type FormCtx, fromTriValue, triValue } from './form-context';
import { StepField } from './StepField';
import { plainFields, TableFields } from './TableFields';

type Props = {
  index: number;
  baby: NewbornDraft;
  set(b: Partial<NewbornDraft>): void;
  ctx: FormCtx;
  kmcEligible: boolean | null;
  showDischarge: boolean;
};

const PLAIN = plainFields(NEWBORN_FIELDS, 'baby');

export function NewbornFields({ index, baby, set, ctx, kmcEligible, showDischarge }: Props) {
  const { t } = useTranslation('births');
  const p = (field: string) => `newborns.${index}.${field}`;
  // Until the outcome is chosen the live-birth steps stay open: most babies are born alive.
  const live = baby.outcome !== 'fresh_stillbirth' && baby.outcome !== 'macerated_stillbirth';
  const step = (field: keyof NewbornDraft, label: string, unit: 'seconds' | 'minutes') => (
    <StepField
      label={label}
      unit={unit}
      value={baby[field] as string}
      onChange={(v) => set({ [field]: v })}
      onBlur={() => ctx.touch(p(field))}
      error={ctx.err(p(field))}
      elapsed={ctx.elapsed(unit)}
    />
  );
  const tri = (field: 'breathingAtBirth' | 'separatedBeforeBreastfeed' | 'kmcInitiated', label: string) => (
    <ChoiceField
      legend={label}
      name={`${field}-${index}`}
      value={triValue(baby[field])}
      options={ctx.triOptions}
      onChange={(v) => set({ [field]: fromTriValue(v) })}
      error={ctx.err(p(field))}
    />
  );
  return (
    <section className="section" aria-labelledby={`baby-${index}-title`}>
      <h2 id={`baby-${index}-title`}>{t('section.baby', { n: baby.birthOrder })}</h2>
      <div className="grid">
        <ChoiceField<Sex>
          legend={t('sex')}
          name={`sex-${index}`}
          value={baby.sex}
          options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
          onChange={(sex) => {
            set({ sex });
            ctx.touch(p('sex'));
          }}
          error={ctx.err(p('sex'))}
          required
        />
        <TextField
          label={t('weight')}
          inputMode="numeric"
          value={baby.birthWeightGrams}
          onChange={(e) => set({ birthWeightGrams: e.target.value })}
          onBlur={() => ctx.touch(p('birthWeightGrams'))}
          error={ctx.err(p('birthWeightGrams'))}
        />
      </div>
      <ChoiceField<BirthOutcome>
        legend={t('outcome')}
        name={`outcome-${index}`}
        value={baby.outcome}
        options={BIRTH_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        onChange={(outcome) => {
          set({ outcome });
          ctx.touch(p('outcome'));
        }}
        error={ctx.err(p('outcome'))}
        required
      />
      <div className="grid">
        <TableFields
          fields={PLAIN}
          draft={baby}
          set={set}
          ctx={ctx}
          errorPrefix={p('')}
          name={(key) => `${key}-${index}`}
        />
      </div>
      <h3>{t('section.steps')}</h3>
      <div className="grid">
        {step('dryingStartedSeconds', t('drying'), 'seconds')}
        {tri('breathingAtBirth', t('breathing'))}
        {step('cordClampedMinutes', t('cordClamped'), 'minutes')}
      </div>
      {baby.breathingAtBirth === 'no' ? (
        <fieldset className="fieldset">
          <legend>{t('section.resuscitation')}</legend>
          <div className="grid">
            {step('bagMaskStartedSeconds', t('bagMask'), 'seconds')}
            <ChoiceField<ResuscitationOutcome>
              legend={t('resusOutcome')}
              name={`resus-${index}`}
              value={baby.resuscitationOutcome}
              options={RESUSCITATION_OUTCOMES.map((o) => ({ value: o, label: t(`resus.${o}`) }))}
              onChange={(resuscitationOutcome) => set({ resuscitationOutcome })}
              error={ctx.err(p('resuscitationOutcome'))}
            />
          </div>
        </fieldset>
      ) : null}
      {live ? (
        <>
          <div className="grid">
            {step('sscStartedMinutes', t('sscStarted'), 'minutes')}
            {step('sscDurationMinutes', t('sscDuration'), 'minutes')}
            {tri('separatedBeforeBreastfeed', t('separated'))}
            {step('breastfeedStartedMinutes', t('bfStarted'), 'minutes')}
            {step('breastfeedCompletedMinutes', t('bfCompleted'), 'minutes')}
          </div>
          <h3 id={`care-${index}-title`} className="birth-form__anchor">
            {t('section.procedures')}
          </h3>
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
              {tri('kmcInitiated', t('kmcInitiated'))}
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
      ) : null}
    </section>
  );
}
