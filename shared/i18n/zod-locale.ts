import { z } from 'zod';

type ZodLocale = ReturnType<typeof z.locales.en>;
const cache = new Map<string, ZodLocale>();

/**
 * zod's built-in messages ("Too big: …") in a language when zod ships them, else in English. zod names
 * its locales without the hyphen (zhCN, ptBR), and some only by region (zh → zhCN).
 */
export function zodLocaleOf(code: string): ZodLocale {
  const cached = cache.get(code);
  if (cached) return cached;
  const [base = '', region = ''] = code.split('-');
  const names = Object.keys(z.locales) as (keyof typeof z.locales)[];
  const name =
    names.find((n) => n === `${base}${region}`) ??
    names.find((n) => n === base) ??
    names.find((n) => n.startsWith(base) && n.length === base.length + 2) ??
    'en';
  const locale = z.locales[name]();
  cache.set(code, locale);
  return locale;
}
