import { hasOwnMessage, translate } from '../i18n/messages';
import type { Locale } from '../users/user.schema';
import type { PncSettings } from './pnc-settings';

/**
 * Texts of reminders, in the recipient's language: a country's own templates for that language
 * (settings.reminderTemplates, e.g. Khmer or Lao), else the built-in text of a language whose catalogue
 * writes it (Vietnamese, English), else the country's default language, else English. Reminders carry
 * no names or health details: a phone may be shared or read by others.
 *
 * `template` is 'custom' or the language whose catalogue writes the text.
 */
export type ReminderLanguage = { language: string; template: 'custom' | Locale };

/** Built in when the language's own catalogue writes both reminders (a partial one would mix in English). */
const isBuiltIn = (lang: string) =>
  hasOwnMessage(lang, 'pnc.reminderMother') && hasOwnMessage(lang, 'pnc.reminderWorker');

/** Which language a reminder is written in, and from which template. */
export function reminderLanguage(
  settings: Pick<PncSettings, 'reminderTemplates' | 'defaultLanguage'>,
  wanted: string | null,
): ReminderLanguage {
  for (const lang of [wanted, settings.defaultLanguage, 'en']) {
    if (!lang) continue;
    if (settings.reminderTemplates[lang]) return { language: lang, template: 'custom' };
    if (isBuiltIn(lang)) return { language: lang, template: lang };
  }
  return { language: 'en', template: 'en' };
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** `2026-03-12` → `12/03/2026` (day first, as written in the region). */
export function formatReminderDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export function motherReminderText(
  settings: Pick<PncSettings, 'reminderTemplates' | 'defaultLanguage'>,
  wanted: string | null,
  p: { contactNumber: number | null; contactDay: number; dueDate: string; station: string },
): { language: string; body: string } {
  const lang = reminderLanguage(settings, wanted);
  const locale: Locale = lang.template === 'custom' ? 'en' : lang.template;
  const contact =
    p.contactNumber !== null
      ? translate(locale, 'pnc.contactLabel', { number: p.contactNumber })
      : translate(locale, 'pnc.extraContactLabel', { day: p.contactDay });
  const params = { contact, date: formatReminderDate(p.dueDate), station: p.station };
  const body =
    lang.template === 'custom'
      ? fill(settings.reminderTemplates[lang.language]!.mother, params)
      : translate(lang.template, 'pnc.reminderMother', params);
  return { language: lang.language, body };
}

export function workerReminderText(
  settings: Pick<PncSettings, 'reminderTemplates' | 'defaultLanguage'>,
  wanted: string | null,
  p: { count: number; risky: number; dueDate: string },
): { language: string; body: string } {
  const lang = reminderLanguage(settings, wanted);
  const date = formatReminderDate(p.dueDate);
  if (lang.template === 'custom') {
    return {
      language: lang.language,
      body: fill(settings.reminderTemplates[lang.language]!.worker, { count: p.count, date, risk: p.risky }),
    };
  }
  const risk = p.risky > 0 ? translate(lang.template, 'pnc.reminderWorkerRisk', { count: p.risky }) : '';
  return {
    language: lang.language,
    body: translate(lang.template, 'pnc.reminderWorker', { count: p.count, date, risk }),
  };
}
