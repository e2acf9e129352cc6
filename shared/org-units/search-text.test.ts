import { describe, expect, it } from 'vitest';
import { toSearchText } from './search-text';

describe('toSearchText', () => {
  it.each([
    ['Trạm Y tế phường Hải Châu I', 'tram y te phuong hai chau i'],
    ['Hai Chau', 'hai chau'],
    ['HẢI  CHÂU', 'hai chau'],
    ['Thành phố Đà Nẵng', 'thanh pho da nang'],
    ['đĐ', 'dd'],
    // The same letters typed decomposed (as some keyboards and macOS files give them).
    ['Ha\u0309i Cha\u0302u', 'hai chau'],
    // Old and new placement of the tone mark give the same text.
    ['Hoà', 'hoa'],
    ['Hòa', 'hoa'],
    ['  Улаанбаатар ', 'улаанбаатар'],
    // Vowel signs of Lao script are combining marks too, but not accents: kept.
    ['ນະຄອນຫຼວງວຽງຈັນ', 'ນະຄອນຫຼວງວຽງຈັນ'.normalize('NFD')],
  ])('%s → %s', (input, expected) => {
    expect(toSearchText(input)).toBe(expected);
  });
});
