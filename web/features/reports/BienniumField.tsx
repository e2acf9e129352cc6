import { useTranslation } from 'react-i18next';
import { SelectField } from '../../ui/Field';
import { bienniumChoices } from './biennium';

/** The biennium choice of the reports list and the regional view. */
export function BienniumField({ value, onChange }: { value: string; onChange(biennium: string): void }) {
  const { t } = useTranslation('reports');
  return (
    <SelectField
      label={t('biennium')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={bienniumChoices().map((b) => ({ value: b, label: b }))}
    />
  );
}
