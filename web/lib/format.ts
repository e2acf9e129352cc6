import type { Locale } from '../../shared/users/user.schema';

const TAGS: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

/** Dates and numbers are always shown per the user's language (vi: 23/11/2026, 1.234,5; en: 23 Nov 2026, 1,234.5). */
export function formatDate(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  const d =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00`)
      : new Date(value);
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium' }).format(d);
}

export function formatDateTime(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

export function formatNumber(value: number | null | undefined, locale: Locale, fractionDigits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return new Intl.NumberFormat(TAGS[locale], {
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: fractionDigits,
  }).format(value);
}

export function formatPercent(value: number | null | undefined, locale: Locale, fractionDigits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return new Intl.NumberFormat(TAGS[locale], {
    style: 'percent',
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: fractionDigits,
  }).format(value);
}
