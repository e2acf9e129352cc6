import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults for a laptop start', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('localhost');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.cookieSecure).toBe(false);
    expect(c.seed).toBe('none');
    expect(Object.isFrozen(c)).toBe(true);
  });
  it("reads the register's earliest date of birth, 2000-01-01 by default, never before 1900", () => {
    expect(loadConfig({}).registerEarliestBirthDate).toBe('2000-01-01');
    expect(loadConfig({ REGISTER_EARLIEST_BIRTH_DATE: '2015-07-01' }).registerEarliestBirthDate).toBe(
      '2015-07-01',
    );
    expect(() => loadConfig({ REGISTER_EARLIEST_BIRTH_DATE: '1899-12-31' })).toThrowError(
      /REGISTER_EARLIEST_BIRTH_DATE/,
    );
    expect(() => loadConfig({ REGISTER_EARLIEST_BIRTH_DATE: '2015-13-01' })).toThrowError(ConfigError);
  });
  it('turns on secure cookies when serving beyond localhost', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).cookieSecure).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });
  it('lists every invalid variable at once', () => {
    expect(() =>
      loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url', OPENEENC_ADMIN_PASSWORD: 'short' }),
    ).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url', OPENEENC_ADMIN_PASSWORD: 'short' });
    } catch (e) {
      const text = (e as Error).message;
      expect(text).toContain('PORT');
      expect(text).toContain('DATABASE_URL');
      expect(text).toContain('OPENEENC_ADMIN_PASSWORD');
    }
  });
  it('needs a URL and a token for the HTTP SMS sender, and defaults to the file sender', () => {
    expect(loadConfig({}).pncSmsSender).toBe('file');
    expect(() => loadConfig({ PNC_SMS_SENDER: 'http' })).toThrowError(/PNC_SMS_HTTP_URL/);
    const c = loadConfig({
      PNC_SMS_SENDER: 'http',
      PNC_SMS_HTTP_URL: 'https://sms.example.org/send',
      PNC_SMS_HTTP_TOKEN: 'secret-token',
    });
    expect(c.pncSmsHttpUrl).toBe('https://sms.example.org/send');
  });
});
