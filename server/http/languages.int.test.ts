import { describe, expect, it } from 'vitest';
import { listLanguages, registerLanguage } from '../../shared/i18n/messages';
import { pgErrorCode } from '../db/db';
import { orgUnitIdOf } from '../seed/demo';
import { expectError } from '../test/api-helpers';
import { useTestApp } from '../test/test-app';

/**
 * A test-only Lao catalogue with two keys: adding a language is adding a catalogue, nothing else. (Lao is
 * not shipped: a language goes to users only once its catalogues are complete.)
 */
registerLanguage(
  { code: 'lo', name: 'ພາສາລາວ', intlTag: 'lo-LA' },
  { 'errors.notFound': 'ບໍ່ພົບ.', 'errors.unauthenticated': 'ກະລຸນາເຂົ້າສູ່ລະບົບ.' },
);

const NOWHERE = '/api/org-units/00000000-0000-4000-8000-000000000000';
const INVALID = 'Some values are not valid. Please check the highlighted fields.';
const UNKNOWN_LANGUAGE = 'The interface is not available in this language.';

const t = useTestApp({ config: { loginIpMaxPerMinute: 1000 } });

describe('a language added as a catalogue', () => {
  it('is listed with its own name after the shipped languages', () => {
    expect(listLanguages().map((l) => `${l.code} ${l.name}`)).toEqual([
      'vi Tiếng Việt',
      'en English',
      'lo ພາສາລາວ',
    ]);
  });

  it('can be saved by a user, who then reads its keys in Lao and the keys it lacks in English', async () => {
    const lao = await t.login('national.la');
    expect((await lao.put('/api/auth/me/locale', { locale: 'lo' })).statusCode).toBe(204);
    const again = await t.login('national.la');
    expect((await again.get('/api/auth/me')).json().user.locale).toBe('lo');
    expect(expectError(await again.get(NOWHERE), 404, 'not_found').message).toBe('ບໍ່ພົບ.');
    const refused = expectError(
      await again.put('/api/auth/me/locale', { locale: 'km' }),
      400,
      'validation_failed',
    );
    expect(refused).toEqual({
      code: 'validation_failed',
      message: INVALID,
      issues: [{ path: 'locale', message: UNKNOWN_LANGUAGE }],
    });
    const [row] = await t.db.query<{ locale: string }>(
      `select locale from users where username = 'national.la'`,
    );
    expect(row?.locale).toBe('lo');
  });

  it('can be given to a new user by an administrator; a language without catalogues cannot', async () => {
    const admin = await t.login('admin');
    const user = (locale: string, username: string) => ({
      username,
      displayName: 'Test Lao user',
      role: 'national_manager',
      locale,
      scopeIds: [orgUnitIdOf('LA')],
      password: 'temporary-pass-1',
    });
    const created = await admin.post('/api/users', user('lo', 'manager.lo'));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().locale).toBe('lo');
    const km = expectError(
      await admin.post('/api/users', user('km', 'manager.km')),
      400,
      'validation_failed',
    );
    expect(km.issues).toEqual([{ path: 'locale', message: UNKNOWN_LANGUAGE }]);
  });

  it('answers a browser that asks for Lao in Lao, key by key', async () => {
    const anonymous = t.anonymous();
    const me = await anonymous.request({
      method: 'GET',
      url: '/api/auth/me',
      headers: { 'accept-language': 'lo-LA,lo;q=0.9,vi;q=0.5' },
    });
    expect(expectError(me, 401, 'unauthenticated').message).toBe('ກະລຸນາເຂົ້າສູ່ລະບົບ.');
    const login = await anonymous.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'whatever-long' },
      headers: { 'accept-language': 'lo-LA,lo;q=0.9,vi;q=0.5' },
    });
    expect(expectError(login, 401, 'invalid_credentials').message).toBe('Wrong username or password.');
  });
});

describe('downloads', () => {
  it('name their sheets in the reader’s language, English where the catalogue lacks the text', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const province = await t.login('province.dn');
    const sheets = async (lang: string) => {
      const query = `orgUnit=${orgUnitIdOf('VN-DN')}&period=2026&format=xlsx${lang ? `&lang=${lang}` : ''}`;
      const res = await province.get(`/api/indicators/export?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb.worksheets.slice(0, 2).map((w) => w.name);
    };
    expect(await sheets('')).toEqual(['Chỉ số', 'Định nghĩa']);
    expect(await sheets('lo')).toEqual(['Indicators', 'Definitions']);
    expectError(
      await province.get(`/api/indicators/export?orgUnit=${orgUnitIdOf('VN-DN')}&format=csv&lang=km`),
      400,
      'validation_failed',
    );
  });
});

describe('the database', () => {
  it('keeps the shape of a language code and no list of languages', async () => {
    // A language whose catalogue is gone (or not yet deployed) still reads, in English.
    await t.db.query(`update users set locale = 'km' where username = 'coach.dn'`);
    const coach = await t.login('coach.dn');
    expect((await coach.get('/api/auth/me')).json().user.locale).toBe('km');
    expect(expectError(await coach.get(NOWHERE), 404, 'not_found').message).toBe('Not found.');
    const bad = await t.db
      .query(`update users set locale = 'Lao; drop' where username = 'coach.dn'`)
      .catch((err: unknown) => err);
    expect(pgErrorCode(bad)).toBe('23514');
  });
});
