import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../shared/assessments/checklist.schema';
import type { Locale } from '../../../shared/users/user.schema';

/** Picks the reader's language from checklist text (which carries every language), English as fallback. */
export function useLocalized(): { l: (text: LocalizedText | undefined) => string; locale: Locale } {
  const { i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? 'en' : 'vi') as Locale;
  const l = useCallback(
    (text: LocalizedText | undefined) => (text ? (text[locale] ?? text.en) : ''),
    [locale],
  );
  return { l, locale };
}
