import { authI18n } from '../features/auth/i18n';
import { commonI18n } from '../app/i18n';

type Messages = Readonly<Record<string, string>>;
/** A feature's UI text per language code: English complete, any other language possibly partial. */
export type FeatureCatalogues = { readonly en: Messages } & Readonly<Partial<Record<string, Messages>>>;

/**
 * The catalogues the login page needs. The others (web/lib/catalogues.ts, every feature) load with the
 * app behind the login, so the cold login page on a slow network does not download every feature's text
 * in every language (issue 20's 3-second target).
 */
export const loginNamespaces: Readonly<Record<string, FeatureCatalogues>> = {
  common: commonI18n,
  auth: authI18n,
};

/** The UI text of one language, by namespace; a namespace without it is empty and reads in English. */
export function uiCatalogue(
  code: string,
  features: Readonly<Record<string, FeatureCatalogues>>,
): Record<string, Messages> {
  return Object.fromEntries(Object.entries(features).map(([ns, c]) => [ns, c[code] ?? {}]));
}
