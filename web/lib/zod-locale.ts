import type { z } from 'zod';

type ZodLocale = ReturnType<typeof z.locales.en>;

/**
 * zod's built-in messages per language, each loaded only when that language is chosen: all of zod's
 * locales together weigh about 70 KB compressed, more than the rest of the login page's own code.
 * (The server keeps the synchronous shared/i18n/zod-locale.ts.)
 */
const LOADERS = import.meta.glob<{ default: () => ZodLocale }>([
  '../../node_modules/zod/v4/locales/*.js',
  '!**/index.js',
]);
const byName = new Map(
  Object.entries(LOADERS).map(([file, load]) => [file.replace(/^.*\/(.+)\.js$/, '$1'), load]),
);

/** zod's file for a language: the exact tag, else the language alone, else its first regional variant, else English. */
export function zodLocaleNameOf(code: string, names: readonly string[] = [...byName.keys()]): string {
  const [base = '', region = ''] = code.split('-');
  return (
    names.find((n) => n.toLowerCase() === `${base}-${region}`.toLowerCase()) ??
    names.find((n) => n === base) ??
    names.find((n) => n.startsWith(`${base}-`)) ??
    'en'
  );
}

export async function loadZodLocale(code: string): Promise<ZodLocale> {
  const load = byName.get(zodLocaleNameOf(code)) ?? byName.get('en')!;
  return (await load()).default();
}
