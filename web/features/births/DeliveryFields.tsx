import { useTranslation } from 'react-i18next';
import { DELIVERY_MODES, type DeliveryMode } from '../../../shared/births/birth.schema';
import { BIRTH_FIELDS } from '../../../shared/births/birth-fields';
import { ChoiceField } from '../../ui/ChoiceField';
import { SelectField, TextField } from '../../ui/Field';
import type { BirthDraft } from './birth-draft';
import { type FormCtx, fromTriValue, triValue } from './form-context';
import { StepField } from './StepField';
import { plainFields, TableFields } from './TableFields';

type Delivery = BirthDraft['delivery'];
const PLAIN = plainFields(BIRTH_FIELDS, 'delivery');

export function DeliveryFields({
  delivery,
  set,
  setBabyCount,
  ctx,
}: {
  delivery: Delivery;
  set(d: Partial<Delivery>): void;
  setBabyCount(n: number): void;
  ctx: FormCtx;
}) {
  const { t } = useTranslation('births');
  return (
    <section className="section" aria-labelledby="delivery-title">
      <h2 id="delivery-title" tabIndex={-1}>
        {t('section.delivery')}
      </h2>
      <div className="grid">
        <div className="born-at">
          <TextField
            label={t('bornAt')}
            type="datetime-local"
            value={delivery.bornAtLocal}
            onChange={(e) => set({ bornAtLocal: e.target.value })}
            onBlur={() => ctx.touch('delivery.bornAt')}
            error={ctx.err('delivery.bornAt')}
            required
          />
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => {
              set({ bornAtLocal: ctx.nowLocal() });
              ctx.touch('delivery.bornAt');
            }}
          >
            {t('bornAtNow')}
          </button>
        </div>
        <TextField
          label={t('gestationalAge')}
          inputMode="numeric"
          value={delivery.gestationalAgeWeeks}
          onChange={(e) => set({ gestationalAgeWeeks: e.target.value })}
          onBlur={() => ctx.touch('delivery.gestationalAgeWeeks')}
          error={ctx.err('delivery.gestationalAgeWeeks')}
        />
        <SelectField
          label={t('babyCount')}
          value={String(delivery.babyCount)}
          onChange={(e) => setBabyCount(Number(e.target.value))}
          options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: String(n) }))}
          error={ctx.err('delivery.babyCount')}
        />
      </div>
      <ChoiceField<DeliveryMode>
        legend={t('mode')}
        name="mode"
        value={delivery.mode}
        options={DELIVERY_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
        onChange={(mode) => {
          set({ mode });
          ctx.touch('delivery.mode');
        }}
        error={ctx.err('delivery.mode')}
        required
      />
      <div className="grid">
        <TableFields
          fields={PLAIN}
          draft={delivery}
          set={set}
          ctx={ctx}
          after={{
            uterotonicGiven:
              delivery.uterotonicGiven === 'yes' ? (
                <StepField
                  label={t('uterotonicMinutes')}
                  unit="minutes"
                  value={delivery.uterotonicMinutes}
                  onChange={(v) => set({ uterotonicMinutes: v })}
                  onBlur={() => ctx.touch('delivery.uterotonicMinutes')}
                  error={ctx.err('delivery.uterotonicMinutes')}
                  elapsed={ctx.elapsed('minutes')}
                />
              ) : null,
          }}
        />
      </div>
      <fieldset className="fieldset">
        <legend>{t('infectionRiskFactors')}</legend>
        <div className="grid">
          <ChoiceField
            legend={t('membranesRupturedOver18h')}
            name="membranes"
            value={triValue(delivery.membranesRupturedOver18h)}
            options={ctx.triOptions}
            onChange={(v) => set({ membranesRupturedOver18h: fromTriValue(v) })}
          />
          <ChoiceField
            legend={t('maternalFeverInLabour')}
            name="maternal-fever"
            value={triValue(delivery.maternalFeverInLabour)}
            options={ctx.triOptions}
            onChange={(v) => set({ maternalFeverInLabour: fromTriValue(v) })}
          />
        </div>
      </fieldset>
    </section>
  );
}
