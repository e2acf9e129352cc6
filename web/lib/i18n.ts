import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { negotiateLanguage } from '../../shared/i18n/languages';
import { allMessages, BASE_LANGUAGE, findLanguage, listLanguages } from '../../shared/i18n/messages';
import type { Locale } from '../../shared/users/user.schema';
import { type FeatureCatalogues, loginNamespaces, uiCatalogue } from './catalogue-types';
import { loadZodLocale } from './zod-locale';

const STORAGE_KEY = 'openeenc.locale';

/** The saved choice, else the first of the browser's languages that is present, else English. */
export function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved && findLanguage(saved)) return saved;
  return negotiateLanguage(navigator.languages.join(','));
}

/**
 * One resource bundle per language present (shared/i18n): UI text from the per-feature catalogues
 * (namespace per feature), and the messages shared with the server (validation, errors) so that form
 * and API say the same thing. A key a language lacks reads in English (`fallbackLng`).
 */
export function i18nResources(features: Readonly<Record<string, FeatureCatalogues>>): Resource {
  return Object.fromEntries(
    listLanguages().map(({ code }) => [
      code,
      { ...uiCatalogue(code, features), shared: { ...allMessages(code) } },
    ]),
  );
}

/** The i18next options, shared by the app and its tests. */
export const I18N_OPTIONS = {
  fallbackLng: BASE_LANGUAGE,
  defaultNS: 'common',
  interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
  keySeparator: false,
  nsSeparator: ':',
  returnNull: false,
} as const;

export function setupI18n(): typeof i18next {
  const lng = initialLocale();
  void i18next
    .use(initReactI18next)
    .init({ ...I18N_OPTIONS, resources: i18nResources(loginNamespaces), lng });
  void applyLocale(lng);
  return i18next;
}

/** Adds every feature's UI text (web/lib/catalogues.ts): called before the app behind the login renders. */
export async function loadAllCatalogues(): Promise<void> {
  const { namespaces } = await import('./catalogues');
  for (const [code, bundles] of Object.entries(i18nResources(namespaces)))
    for (const [ns, messages] of Object.entries(bundles))
      i18next.addResourceBundle(code, ns, messages, true, true);
}

/** Switches the interface, zod's built-in messages and the document language together. */
export async function applyLocale(locale: Locale): Promise<void> {
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
  z.config(await loadZodLocale(locale));
  document.documentElement.lang = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
}

/** Translates a shared message key (or returns text that is not a key unchanged). */
export function tShared(text: string, params?: Record<string, unknown>): string {
  return i18next.exists(`shared:${text}`) ? i18next.t(`shared:${text}`, params ?? {}) : text;
}
