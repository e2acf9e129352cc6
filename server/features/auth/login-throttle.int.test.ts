import { describe, expect, it } from 'vitest';
import { userIdOf } from '../../seed/demo';
import { expectError, userVersion } from '../../test/api-helpers';
import { TEST_PASSWORD, useTestApp } from '../../test/test-app';

/** Wrong passwords slow the address that types them; only many addresses together lock an account. */
describe('login throttling by account and address', () => {
  const t = useTestApp({
    config: {
      loginMaxFailures: 10,
      loginFreeFailures: 3,
      loginLockoutMinutes: 15,
      loginIpMaxPerMinute: 1000,
    },
  });

  const login = (username: string, password: string, address: string) =>
    t.anonymous().request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: address,
      headers: { 'accept-language': 'en' },
    });
  const lockedUntil = async (username: string) =>
    (
      await t.db.query<{ locked_until: Date | null }>('select locked_until from users where username = $1', [
        username,
      ])
    )[0]!.locked_until;

  it("makes a stranger who guesses a midwife's password wait, and lets the midwife in from her own device", async () => {
    const stranger = '203.0.113.66';
    for (let i = 0; i < 3; i++)
      expectError(await login('midwife.dn', 'guess-number-x', stranger), 401, 'invalid_credentials');
    const fourth = await login('midwife.dn', 'guess-number-4', stranger);
    expect(expectError(fourth, 429, 'rate_limited').message).toBe(
      'Too many wrong passwords for this account from this device. Try again in 30 s.',
    );
    expect(fourth.headers['retry-after']).toBe('30');
    // While it waits, not even the right password gets through from that address.
    expectError(await login('midwife.dn', TEST_PASSWORD, stranger), 429, 'rate_limited');
    expect((await login('midwife.dn', TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    expect(await lockedUntil('midwife.dn')).toBeNull();

    // The next wrong password after the wait doubles it.
    t.clock.advance(31_000);
    const fifth = await login('midwife.dn', 'guess-number-5', stranger);
    expect(fifth.headers['retry-after']).toBe('60');
    // Another account from the same address is not slowed down.
    expect((await login('nurse.hc', TEST_PASSWORD, stranger)).statusCode).toBe(200);
  });

  it("forgets an address's wrong passwords once it gives the right one", async () => {
    const typo = '198.51.100.20';
    for (let i = 0; i < 3; i++)
      expectError(await login('coach.dn', 'typo-password', typo), 401, 'invalid_credentials');
    expect((await login('coach.dn', TEST_PASSWORD, typo)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++)
      expectError(await login('coach.dn', 'typo-password', typo), 401, 'invalid_credentials');
  });

  it('locks the account when wrong passwords come from many addresses, until an admin unlocks it', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await login('lead.dn', 'botnet-guess-x', `192.0.2.${i + 1}`);
      expect(res.statusCode).toBe(i < 9 ? 401 : 423);
    }
    expectError(await login('lead.dn', TEST_PASSWORD, '198.51.100.30'), 423, 'account_locked');

    const admin = await t.login('admin');
    const id = userIdOf('lead.dn');
    const version = await userVersion(t.db, id);
    expectError(
      await admin.post(`/api/users/${id}/unlock`, { version: version + 5 }),
      409,
      'version_conflict',
    );
    const unlocked = await admin.post(`/api/users/${id}/unlock`, { version });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toMatchObject({ lockedUntil: null, version: version + 1 });
    const [audit] = await t.db.query<{ details: unknown }>(
      `select details from audit_log where entity_id = $1 and action = 'update' order by id desc limit 1`,
      [id],
    );
    expect(audit!.details).toEqual({ field: 'lockout', unlocked: true });
    // The password is unchanged: the user logs in with it, even from an address that had tried.
    expect((await login('lead.dn', TEST_PASSWORD, '192.0.2.9')).statusCode).toBe(200);
  });

  it('lets only a user manager unlock', async () => {
    const midwife = await t.login('midwife.dn');
    const id = userIdOf('lead.dn');
    expectError(
      await midwife.post(`/api/users/${id}/unlock`, { version: await userVersion(t.db, id) }),
      403,
      'forbidden',
    );
  });
});
