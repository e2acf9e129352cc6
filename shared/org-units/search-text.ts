/** Accents of Latin letters only: in Lao or Khmer script the combining signs are vowels, and stay. */
const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;

/**
 * The one form in which org-unit names are stored for search (`org_units.search_text`) and in which a
 * search is compared to them: without diacritics, lower case, single spaces. Unicode decomposes the
 * Vietnamese tone and vowel marks (NFD) but not đ/Đ, a letter of its own, which is mapped to d.
 * `Hải Châu`, `hai chau` and `HAI  CHÂU` all become `hai chau`. Computed in TypeScript rather than SQL so
 * that it is the same on every engine and database locale.
 */
export function toSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_DIACRITICS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
