import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { kmcKeys } from './kmc.api';

/** Number typed in a form: null when blank, NaN kept so that the server names the field. */
export const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.replace(',', '.')));
export const yesNo = (s: string): boolean | null => (s === '' ? null : s === 'yes');
export const fromYesNo = (b: boolean | null) => (b === null ? '' : b ? 'yes' : 'no');

/** Local "YYYY-MM-DDTHH:mm" of an instant, for a datetime-local input. */
export function toLocalInput(d: Date): string {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** After a write: the answer becomes the page's data, and the lists are read again. */
export function useSaved(newbornId: string) {
  const qc = useQueryClient();
  return (data: KmcEpisode) => {
    qc.setQueryData(kmcKeys.baby(newbornId), data);
    void qc.invalidateQueries({ queryKey: ['kmc', 'list'] });
  };
}

/** The yes and no of a ChoiceField, in the reader's language. */
export function useYesNoOptions() {
  const { t } = useTranslation('kmc');
  return [
    { value: 'yes' as const, label: t('yes') },
    { value: 'no' as const, label: t('no') },
  ];
}
