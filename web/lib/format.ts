import { intlTagOf } from '../../shared/i18n/languages';
import type { Locale } from '../../shared/users/user.schema';

/**
 * Dates and numbers are always shown per the user's language (vi: 23/11/2026, 1.234,5; en: 23 Nov 2026,
 * 1,234.5), through Intl with the language's tag (shared/i18n), so any language code works.
 */
export function formatDate(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  const d =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00`)
      : new Date(value);
  return new Intl.DateTimeFormat(intlTagOf(locale), { dateStyle: 'medium' }).format(d);
}

/** A month ("2026-01") as people write it: "Thg 1 2026", "Jan 2026". */
export function formatMonth(month: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(intlTagOf(locale), {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function formatDateTime(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(intlTagOf(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

export function formatNumber(value: number | null | undefined, locale: Locale, fractionDigits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return new Intl.NumberFormat(intlTagOf(locale), {
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: fractionDigits,
  }).format(value);
}

export function formatPercent(value: number | null | undefined, locale: Locale, fractionDigits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return new Intl.NumberFormat(intlTagOf(locale), {
    style: 'percent',
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: fractionDigits,
  }).format(value);
}
