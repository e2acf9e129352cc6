import { z } from 'zod';
import { BASE_LANGUAGE, findLanguage, listLanguages } from './messages';

/**
 * Languages as data: a language code is any tag of this shape, and a language is available when its
 * catalogue is present (shared/i18n/messages.ts). Nothing else lists languages, so adding one is adding
 * catalogues (docs/i18n.md).
 */
export type LanguageCode = string;

/** ISO 639 letters, optionally a region: vi, en, km, lo, fil, zh-CN. The database checks the same shape. */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}(-[A-Z]{2})?$/;

/** A language the interface speaks, checked against the catalogues present when the value is parsed. */
export const LanguageSchema = z
  .string()
  .regex(LANGUAGE_CODE_PATTERN, { error: 'users.unknownLanguage' })
  .refine((code) => findLanguage(code) !== undefined, { error: 'users.unknownLanguage' });

/** The BCP 47 tag Intl formats a language's dates and numbers with; the code itself when none is given. */
export function intlTagOf(code: LanguageCode): string {
  return findLanguage(code)?.intlTag ?? code;
}

/** A language present for a tag: exactly, else by its base (vi-VN → vi, zh-TW → zh-CN when only that exists). */
export function matchLanguage(tag: string): LanguageCode | undefined {
  const languages = listLanguages().map((l) => l.code);
  const wanted = tag.trim().toLowerCase();
  const base = wanted.split('-')[0];
  return (
    languages.find((code) => code.toLowerCase() === wanted) ??
    languages.find((code) => code === base) ??
    languages.find((code) => code.split('-')[0] === base)
  );
}

/** The first language present in an Accept-Language header, by quality then order; else English. */
export function negotiateLanguage(header: string | undefined): LanguageCode {
  const ranges = (header ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), quality: q === undefined ? 1 : Number(q), order };
    })
    .filter((r) => r.tag && r.tag !== '*' && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const range of ranges) {
    const code = matchLanguage(range.tag);
    if (code) return code;
  }
  return BASE_LANGUAGE;
}
