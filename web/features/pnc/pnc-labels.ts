import type { TFunction } from 'i18next';

/** Days from a birth date to the local date an instant falls on (the label of an extra visit). */
export function dayOfFollowUp(birthDate: string, instant: string): number {
  const d = new Date(instant);
  const local = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((local - Date.parse(`${birthDate}T00:00:00Z`)) / 86_400_000);
}

/** "Contact 2" or "Extra visit, day 5". */
export function contactLabel(
  t: TFunction,
  c: { contactNumber?: number | null; number?: number | null; dueFrom: string },
  birthDate: string,
): string {
  const n = c.contactNumber ?? c.number ?? null;
  return n !== null
    ? t('contact', { number: n })
    : t('extraContact', { day: dayOfFollowUp(birthDate, c.dueFrom) });
}

/** Label of a danger sign or finding code; unknown codes are shown as they are. */
export function signLabel(t: TFunction, code: string): string {
  return t(`sign.${code}`, { defaultValue: code });
}
