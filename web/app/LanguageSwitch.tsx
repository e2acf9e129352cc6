import { useTranslation } from 'react-i18next';
import { listLanguages } from '../../shared/i18n/messages';
import { useSession } from '../features/auth/session';

/**
 * One button per language whose catalogues are present, rather than a select: one tap on a phone, and
 * each is labelled in its own language.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { setLocale } = useSession();
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('language')}</legend>
      {listLanguages().map(({ code, name }) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="btn btn--ghost btn--small"
          aria-pressed={i18n.language === code}
          onClick={() => void setLocale(code)}
        >
          {name}
        </button>
      ))}
    </fieldset>
  );
}
