import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { allMessages } from '../../shared/i18n/messages';
import type { Locale } from '../../shared/users/user.schema';
import { catalogues } from './catalogues';

const STORAGE_KEY = 'openeenc.locale';

export function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'vi' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/**
 * UI text comes from per-feature catalogues (namespace per feature); messages shared with the server
 * (validation, errors) come from shared/i18n so that form and API say the same thing.
 */
export function setupI18n(): typeof i18next {
  const resources = {
    en: { ...catalogues.en, shared: { ...allMessages('en') } },
    vi: { ...catalogues.vi, shared: { ...allMessages('vi') } },
  };
  const lng = initialLocale();
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    defaultNS: 'common',
    interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
    keySeparator: false,
    nsSeparator: ':',
    returnNull: false,
  });
  applyLocale(lng);
  return i18next;
}

/** Switches the interface, zod's built-in messages and the document language together. */
export async function applyLocale(locale: Locale): Promise<void> {
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
  z.config(locale === 'vi' ? z.locales.vi() : z.locales.en());
  document.documentElement.lang = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
}

/** Translates a shared message key (or returns text that is not a key unchanged). */
export function tShared(text: string, params?: Record<string, unknown>): string {
  return i18next.exists(`shared:${text}`) ? i18next.t(`shared:${text}`, params ?? {}) : text;
}
