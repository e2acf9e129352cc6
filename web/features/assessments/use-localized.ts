import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type LocalizedText, localize } from '../../../shared/i18n/localized-text';
import type { Locale } from '../../../shared/users/user.schema';

/** Picks the reader's language from checklist text, English when the text lacks it. */
export function useLocalized(): { l: (text: LocalizedText | undefined) => string; locale: Locale } {
  const { i18n } = useTranslation();
  const locale: Locale = i18n.language;
  const l = useCallback((text: LocalizedText | undefined) => (text ? localize(text, locale) : ''), [locale]);
  return { l, locale };
}
