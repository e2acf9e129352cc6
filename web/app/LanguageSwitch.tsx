import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../shared/users/user.schema';
import { useSession } from '../features/auth/session';

/** Two buttons rather than a select: one tap on a phone, and each is labelled in its own language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { setLocale } = useSession();
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('language')}</legend>
      {LOCALES.map((locale: Locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className="btn btn--ghost btn--small"
          aria-pressed={i18n.language === locale}
          onClick={() => void setLocale(locale)}
        >
          {t(`language.${locale}`)}
        </button>
      ))}
    </fieldset>
  );
}
