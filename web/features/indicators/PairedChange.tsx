import { useTranslation } from 'react-i18next';
import { PAIRED_CHANGE } from '../../../shared/coaching/checklist-indicators';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { formatChange } from './indicator-format';

/**
 * The change after coaching, under the paired after-coaching checklist score: that score minus the
 * paired before-coaching score, in percentage points (the engine counts; a difference is not a count,
 * so the two scores are indicators and their difference is shown here, docs/coaching.md).
 */
export function PairedChange({ data }: { data: Pick<ValuesResponse, 'indicators'> }) {
  const { t, i18n } = useTranslation('indicators');
  const value = (id: string) => data.indicators.find((v) => v.id === id)?.value ?? null;
  const before = value(PAIRED_CHANGE.before);
  const after = value(PAIRED_CHANGE.after);
  if (before === null || after === null) return null;
  return (
    <div data-testid="paired-change">
      {t('pairedChange', { change: formatChange(after - before, 'percent', i18n.language, t('pp')) })}
    </div>
  );
}
