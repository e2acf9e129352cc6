import { useTranslation } from 'react-i18next';
import { BIRTH_FIELDS } from '../../../shared/births/birth-fields';
import { ChoiceField } from '../../ui/ChoiceField';
import { TextField } from '../../ui/Field';
import type { BirthDraft } from './birth-draft';
import { CommunePicker } from './CommunePicker';
import { type FormCtx, fromTriValue, triValue } from './form-context';
import { plainFields, TableFields } from './TableFields';

type Mother = BirthDraft['mother'];
const PLAIN = plainFields(BIRTH_FIELDS, 'mother');

export function MotherFields({
  facilityId,
  mother,
  set,
  ctx,
  canEditPersonal,
}: {
  facilityId: string;
  mother: Mother;
  set(m: Partial<Mother>): void;
  ctx: FormCtx;
  canEditPersonal: boolean;
}) {
  const { t } = useTranslation('births');
  const text = (key: keyof Mother, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      label={label}
      value={mother[key]}
      onChange={(e) => set({ [key]: e.target.value })}
      onBlur={() => ctx.touch(`mother.${key}`)}
      error={ctx.err(`mother.${key}`)}
      {...extra}
    />
  );
  return (
    <section className="section" aria-labelledby="mother-title">
      <h2 id="mother-title" tabIndex={-1}>
        {t('section.mother')}
      </h2>
      <div className="grid">
        {text('recordNumber', t('recordNumber'), {
          required: true,
          autoFocus: true,
          maxLength: 50,
          name: 'recordNumber',
        })}
        <TableFields fields={PLAIN} draft={mother} set={set} ctx={ctx} />
      </div>
      <div className="grid">
        <CommunePicker
          facilityId={facilityId}
          value={mother.communeId ? { id: mother.communeId, name: mother.communeName } : null}
          onChange={(c) => set({ communeId: c?.id ?? '', communeName: c?.name ?? '' })}
          error={ctx.err('mother.communeId')}
        />
        <ChoiceField
          legend={t('ethnicMinority')}
          name="ethnic"
          value={triValue(mother.ethnicMinority)}
          options={ctx.triOptions}
          onChange={(v) => set({ ethnicMinority: fromTriValue(v) })}
        />
      </div>
      {canEditPersonal ? (
        <div className="grid">
          {text('name', t('motherName'), { maxLength: 120, autoComplete: 'off', hint: t('personalHint') })}
          {text('phone', t('motherPhone'), { type: 'tel', maxLength: 30, autoComplete: 'off' })}
        </div>
      ) : (
        <p className="muted">{t('personalHidden')}</p>
      )}
    </section>
  );
}
