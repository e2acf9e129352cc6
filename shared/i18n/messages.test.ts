import { describe, expect, it } from 'vitest';
import { allMessages, isMessageKey, listLanguages, translate } from './messages';

describe('translate', () => {
  it("fills placeholders in the reader's language", () => {
    expect(translate('en', 'orgUnits.codeTaken', { code: 'VN-DN' })).toBe(
      'Code VN-DN is already used by another org unit.',
    );
    expect(translate('vi', 'orgUnits.codeTaken', { code: 'VN-DN' })).toBe(
      'Mã VN-DN đã được dùng cho đơn vị khác.',
    );
  });
  it('returns text that is not a key unchanged (zod built-in messages)', () => {
    expect(isMessageKey('Too big: expected string to have <=230 characters')).toBe(false);
    expect(translate('vi', 'Too big')).toBe('Too big');
  });
  it('leaves unknown placeholders visible rather than inventing values', () => {
    expect(translate('en', 'import.missingColumns', {})).toBe('Missing columns: {columns}.');
  });
  it('ships only complete languages: each has a text for every English key, none empty', () => {
    const en = allMessages('en');
    expect(listLanguages().map((l) => l.code)).toEqual(['vi', 'en']);
    for (const { code } of listLanguages()) {
      const messages = allMessages(code);
      for (const key of Object.keys(en)) expect(messages[key], `${code} ${key}`).toBeTruthy();
    }
  });
});
