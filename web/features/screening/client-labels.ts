import type { TFunction } from 'i18next';
import type { ScreeningClient } from '../../../shared/screening/screening.schema';
import { formatDate } from '../../lib/format';

/** The line under a woman's name: her step and its day (due, or pending since). */
export function stepLine(t: TFunction<'screening'>, c: ScreeningClient, locale: string): string {
  const step = t(`step.${c.step}`);
  if (!c.dueOn) return step;
  const date = formatDate(c.dueOn, locale);
  return `${step} · ${c.step === 'screen' ? t('dueOn', { date }) : t('since', { date })}`;
}
