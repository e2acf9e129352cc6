import { describe, expect, it } from 'vitest';
import { allMessages, BASE_LANGUAGE, listLanguages } from '../../shared/i18n/messages';
import { namespaces } from './catalogues';
import { I18N_OPTIONS } from './i18n';

/** Every text of every catalogue, web and shared, as [where, language, key, text]. */
function allTexts(): [string, string, string, string][] {
  const rows: [string, string, string, string][] = [];
  for (const [ns, catalogues] of Object.entries(namespaces))
    for (const [lang, messages] of Object.entries(catalogues))
      for (const [key, text] of Object.entries(messages ?? {})) rows.push([ns, lang, key, text]);
  for (const { code } of listLanguages())
    for (const [key, text] of Object.entries(allMessages(code))) rows.push(['shared', code, key, text]);
  return rows;
}

const { prefix, suffix } = I18N_OPTIONS.interpolation;
const placeholdersOf = (text: string) =>
  [...text.matchAll(/\{+\s*([\w.]+)[^{}]*\}+/g)].map((m) => m[0]).sort();

describe('catalogue placeholders use the interpolation syntax the app is configured with', () => {
  it(`writes every placeholder as ${prefix}name${suffix}, never with doubled braces`, () => {
    const wrong = allTexts()
      .filter(([, , , text]) => /\{\{|\}\}/.test(text))
      .map(([ns, lang, key]) => `${ns}:${key} (${lang})`);
    expect(wrong).toEqual([]);
  });

  it('gives each translation the same placeholders as its English text', () => {
    const rows = allTexts();
    const english = new Map(
      rows.filter(([, lang]) => lang === BASE_LANGUAGE).map(([ns, , key, text]) => [`${ns}:${key}`, text]),
    );
    const mismatched = rows
      .filter(([, lang]) => lang !== BASE_LANGUAGE)
      .filter(([ns, , key, text]) => {
        const en = english.get(`${ns}:${key}`);
        return en !== undefined && placeholdersOf(en).join() !== placeholdersOf(text).join();
      })
      .map(([ns, lang, key]) => `${ns}:${key} (${lang})`);
    expect(mismatched).toEqual([]);
  });
});
