import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerLanguage } from '../../shared/i18n/messages';
import { commonI18n } from '../app/i18n';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { SessionProvider } from '../features/auth/session';
import { namespaces } from './catalogues';
import { I18N_OPTIONS, i18nResources } from './i18n';

/**
 * A test-only Lao language: one server message (shared/i18n) and one UI text in one feature catalogue.
 * Nothing else is edited, as docs/i18n.md describes; Lao is not shipped until its catalogues are complete.
 */
registerLanguage({ code: 'lo', name: 'ພາສາລາວ', intlTag: 'lo-LA' }, { 'errors.notFound': 'ບໍ່ພົບ.' });
const features = { ...namespaces, common: { ...commonI18n, lo: { logout: 'ອອກຈາກລະບົບ' } } };

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ ...I18N_OPTIONS, resources: i18nResources(features), lng: 'lo' });
});

describe('the web interface in a language added as catalogues', () => {
  it('shows the keys the Lao catalogues have in Lao and the others in English', () => {
    expect(i18n.t('logout')).toBe('ອອກຈາກລະບົບ');
    expect(i18n.t('save')).toBe('Save');
    expect(i18n.t('shared:errors.notFound')).toBe('ບໍ່ພົບ.');
    expect(i18n.t('shared:errors.forbidden')).toBe('Your role does not allow this action.');
    expect(i18n.t('save', { lng: 'vi' })).toBe('Lưu');
  });

  it('lists every language present in the switcher, each in its own name and language', () => {
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <SessionProvider>
          <LanguageSwitch />
        </SessionProvider>
      </I18nextProvider>,
    );
    const buttons = [...html.matchAll(/<button[^>]*lang="([^"]+)"[^>]*aria-pressed="(\w+)"[^>]*>([^<]+)</g)];
    expect(buttons.map(([, lang, pressed, name]) => [lang, name, pressed])).toEqual([
      ['vi', 'Tiếng Việt', 'false'],
      ['en', 'English', 'false'],
      ['lo', 'ພາສາລາວ', 'true'],
    ]);
  });
});
