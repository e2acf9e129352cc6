import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { intlTagOf, LanguageSchema, matchLanguage, negotiateLanguage } from './languages';
import { localizedTextSchema, localize } from './localized-text';
import {
  allMessages,
  findLanguage,
  hasOwnMessage,
  listLanguages,
  registerLanguage,
  translate,
} from './messages';
import { zodLocaleOf } from './zod-locale';

/** A test-only third catalogue with one key: adding a language is adding a catalogue. */
const LAO = { code: 'lo', name: 'ພາສາລາວ', intlTag: 'lo-LA' };
registerLanguage(LAO, { 'errors.notFound': 'ບໍ່ພົບ.' });

describe('languages from the catalogues present', () => {
  it('lists every language with a catalogue, in the order added, each by its own name', () => {
    expect(listLanguages().map((l) => [l.code, l.name])).toEqual([
      ['vi', 'Tiếng Việt'],
      ['en', 'English'],
      ['lo', 'ພາສາລາວ'],
    ]);
  });

  it('translates a key the new catalogue has, and reads a key it lacks in English', () => {
    expect(translate('lo', 'errors.notFound')).toBe('ບໍ່ພົບ.');
    expect(translate('lo', 'orgUnits.codeTaken', { code: 'LA-VT' })).toBe(
      'Code LA-VT is already used by another org unit.',
    );
    expect(hasOwnMessage('lo', 'orgUnits.codeTaken')).toBe(false);
    expect(allMessages('lo')).toEqual({ 'errors.notFound': 'ບໍ່ພົບ.' });
  });

  it('reads a language whose catalogue is absent in English rather than failing', () => {
    expect(translate('km', 'errors.notFound')).toBe('Not found.');
    expect(findLanguage('km')).toBeUndefined();
  });

  it('does not take inherited object properties for message keys', () => {
    expect(translate('vi', 'toString')).toBe('toString');
  });

  it('accepts as a saved language only a language present', () => {
    expect(LanguageSchema.safeParse('lo').success).toBe(true);
    expect(LanguageSchema.safeParse('vi').success).toBe(true);
    const km = LanguageSchema.safeParse('km');
    expect(km.error?.issues.map((i) => i.message)).toEqual(['users.unknownLanguage']);
    expect(LanguageSchema.safeParse("vi'; drop table users; --").success).toBe(false);
  });

  it('formats with the language’s Intl tag, and with the code itself for any other language', () => {
    expect(intlTagOf('en')).toBe('en-GB');
    expect(intlTagOf('lo')).toBe('lo-LA');
    expect(intlTagOf('de')).toBe('de');
  });
});

describe('Accept-Language negotiation', () => {
  it.each([
    ['vi-VN,vi;q=0.9', 'vi'],
    ['en-US,en;q=0.9', 'en'],
    ['lo-LA', 'lo'],
    ['km-KH,fr;q=0.8,vi;q=0.5', 'vi'],
    ['en;q=0.3, vi;q=0.8', 'vi'],
    ['fil', 'en'],
    ['fi', 'en'],
    ['vi;q=0, en', 'en'],
    ['*', 'en'],
    ['', 'en'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it('matches a tag to a language by its base and ignores case', () => {
    expect(matchLanguage('VI-vn')).toBe('vi');
    expect(matchLanguage('zh-TW')).toBeUndefined();
  });
});

describe('zod’s own messages per language', () => {
  const messageIn = (code: string) =>
    z.string().safeParse(1, { error: zodLocaleOf(code).localeError }).error?.issues[0]?.message;
  it('uses zod’s locale when zod has one, by code or code without hyphen, else English', () => {
    expect(messageIn('en')).toBe('Invalid input: expected string, received number');
    expect(messageIn('vi')).toBe(
      z.string().safeParse(1, { error: z.locales.vi().localeError }).error?.issues[0]?.message,
    );
    expect(messageIn('vi')).not.toBe(messageIn('en'));
    expect(messageIn('zh-CN')).toBe(
      z.string().safeParse(1, { error: z.locales.zhCN().localeError }).error?.issues[0]?.message,
    );
    expect(messageIn('lo')).toBe(messageIn('en'));
  });
});

describe('localized text in definitions', () => {
  const schema = localizedTextSchema(z.string().min(1));
  it('needs English, takes any language code, and reads English where a language is missing', () => {
    expect(schema.safeParse({ en: 'Births', lo: 'ການເກີດ' }).success).toBe(true);
    expect(schema.safeParse({ vi: 'Ca sinh' }).error?.issues[0]?.path).toEqual(['en']);
    expect(schema.safeParse({ en: 'Births', Lao: 'x' }).error?.issues[0]?.message).toBe(
      'errors.languageCode',
    );
    expect(localize({ en: 'Births', vi: 'Ca sinh' }, 'vi')).toBe('Ca sinh');
    expect(localize({ en: 'Births', vi: 'Ca sinh' }, 'lo')).toBe('Births');
  });
});
