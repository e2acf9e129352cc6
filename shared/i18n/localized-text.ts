import { z } from 'zod';
import { LANGUAGE_CODE_PATTERN } from './languages';

/**
 * Text written into definitions (indicators, checklists, column descriptions): English always, any
 * other language when someone has written it. Readers fall back to English (`localize`).
 */
export type LocalizedText = { readonly en: string; readonly [language: string]: string };

/** The text in a language, else in English. */
export function localize(text: LocalizedText, language: string): string {
  return text[language] ?? text.en;
}

/** English required; every other key must be a language code with a text of the same shape. */
export function localizedTextSchema<T extends z.ZodType<string>>(text: T) {
  return z
    .object({ en: text })
    .catchall(text)
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!LANGUAGE_CODE_PATTERN.test(key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'errors.languageCode' });
        }
      }
    });
}
