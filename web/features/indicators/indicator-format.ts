import type { DefinitionsResponse } from '../../../shared/indicators/indicator-api.schema';
import type { IndicatorValue } from '../../../shared/indicators/values';
import type { Locale } from '../../../shared/users/user.schema';
import { formatNumber } from '../../lib/format';

type Unit = DefinitionsResponse['items'][number]['unit'];

/** A value in its unit, with the locale's decimal separator: "88.2 %", "12.4 ‰", "1,234". */
export function formatValue(v: Pick<IndicatorValue, 'value'>, def: { unit: Unit }, locale: Locale): string {
  if (v.value === null) return '';
  if (def.unit === 'percent') return `${formatNumber(v.value, locale, 1)} %`;
  if (def.unit === 'per1000') return `${formatNumber(v.value, locale, 1)} ‰`;
  return formatNumber(v.value, locale);
}

/** A bare number in the indicator's unit, for chart axes and labels. */
export function unitFormat(def: { unit: Unit }, locale: Locale): (n: number) => string {
  return (n) => formatValue({ value: n }, def, locale);
}

/**
 * A change against the previous period in the indicator's own unit, signed: a percentage moves in
 * percentage points ("+3.2 pp", "+3,2 điểm %"), a rate per 1,000 in ‰, a count in its number. `pp` is the
 * language's word for percentage points (the i18n catalogue's `pp`).
 */
export function formatChange(change: number, unit: Unit, locale: Locale, pp: string): string {
  const digits = unit === 'count' ? 0 : 1;
  const magnitude = formatNumber(Math.abs(change), locale, digits);
  const zero = Number(magnitude.replace(/\D/g, '')) === 0;
  const sign = zero ? '' : change > 0 ? '+' : '−';
  const suffix = unit === 'percent' ? ` ${pp}` : unit === 'per1000' ? ' ‰' : '';
  return `${sign}${magnitude}${suffix}`;
}

/**
 * Whether a change between two rates is within noise: a difference smaller than 1.96 standard errors of
 * the difference of two proportions (95 %), from each period's numerator and denominator. Within noise
 * the dashboard shows the change without calling it better or worse. Counts have no such test (true).
 */
export function isWithinNoise(
  current: Pick<IndicatorValue, 'numerator' | 'denominator'>,
  previous: Pick<IndicatorValue, 'numerator' | 'denominator'>,
  unit: Unit,
): boolean {
  if (unit === 'count') return true;
  const parts = [current, previous].map(({ numerator: n, denominator: d }) =>
    n === null || d === null || d === 0 ? null : { p: n / d, d },
  );
  const [a, b] = parts;
  if (!a || !b) return true;
  const se = Math.sqrt((a.p * (1 - a.p)) / a.d + (b.p * (1 - b.p)) / b.d);
  const diff = Math.abs(a.p - b.p);
  // Both periods at 0 % or 100 %: no spread to test against, so any difference is a real one.
  if (se === 0) return diff === 0;
  return diff < 1.96 * se;
}
