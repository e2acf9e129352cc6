import { useTranslation } from 'react-i18next';
import {
  BIRTH_OUTCOMES,
  type BirthOutcome,
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
import { NewbornCareFields } from './NewbornCareFields';
import { StepField } from './StepField';
import { plainFields, TableFields } from './TableFields';

type Props = {
  index: number;
  /** Routine care under the EENC steps (a desktop); on a phone it is a step of its own. */
  withCare: boolean;
  baby: NewbornDraft;
  set(b: Partial<NewbornDraft>): void;
  ctx: FormCtx;
  kmcEligible: boolean | null;
  showDischarge: boolean;
};

const PLAIN = plainFields(NEWBORN_FIELDS, 'baby');

export function NewbornFields({ index, withCare, baby, set, ctx, kmcEligible, showDischarge }: Props) {
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
  const tri = (field: 'breathingAtBirth' | 'separatedBeforeBreastfeed', label: string) => (
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
      <h2 id={`baby-${index}-title`} tabIndex={-1}>
        {t('section.baby', { n: baby.birthOrder })}
      </h2>
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
          {withCare ? (
            <>
              <h3 id={`care-${index}-title`} className="birth-form__anchor" tabIndex={-1}>
                {t('section.procedures')}
              </h3>
              <NewbornCareFields
                index={index}
                baby={baby}
                set={set}
                ctx={ctx}
                kmcEligible={kmcEligible}
                showDischarge={showDischarge}
              />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
