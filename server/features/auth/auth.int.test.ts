import { describe, expect, it } from 'vitest';
import { orgUnitIdOf } from '../../seed/demo';
import { TEST_PASSWORD, useTestApp } from '../../test/test-app';

describe('auth', () => {
  const t = useTestApp({
    config: { loginMaxFailures: 3, loginLockoutMinutes: 15, loginIpMaxPerMinute: 1000 },
  });

  it('logs in with username and password, sets an httpOnly SameSite cookie and returns the CSRF token', async () => {
    const res = await t
      .anonymous()
      .post('/api/auth/login', { username: 'midwife.dn', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'openeenc_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user.username).toBe('midwife.dn');
    expect(body.user.role).toBe('clinician');
    expect(body.user.scopes.map((s: { code: string }) => s.code)).toEqual(['VN-DN-H01']);
    expect(body.permissions).toContain('record.write');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it("reads each request's session with every scope of its user, in path order, and no one else's", async () => {
    const [unit] = await t.db.query<{ id: string }>("select id from org_units where code = 'VN-DN-LC-H'");
    await t.db.query(
      "insert into user_scopes (user_id, org_unit_id) select id, $1 from users where username = 'midwife.dn'",
      [unit!.id],
    );
    try {
      const me = await (await t.login('midwife.dn')).get('/api/auth/me');
      expect(me.statusCode).toBe(200);
      expect(me.json().user.scopes.map((s: { code: string }) => s.code)).toEqual(
        (
          await t.db.query<{ code: string }>(
            `select o.code from user_scopes us join users u on u.id = us.user_id
               join org_units o on o.id = us.org_unit_id where u.username = 'midwife.dn' order by o.path`,
          )
        ).map((r) => r.code),
      );
      expect(me.json().user.scopes.map((s: { code: string }) => s.code)).toContain('VN-DN-LC-H');
      expect(me.json().user.scopes).toHaveLength(2);
      const coach = await (await t.login('coach.dn')).get('/api/auth/me');
      expect(coach.json().user.scopes.map((s: { code: string }) => s.code)).not.toContain('VN-DN-LC-H');
    } finally {
      await t.db.query(
        "delete from user_scopes where org_unit_id = $1 and user_id = (select id from users where username = 'midwife.dn')",
        [unit!.id],
      );
    }
  });

  it("reads a request's session in one statement: a facility's indicator values take three", async () => {
    const client = await t.login('midwife.dn');
    const sent: string[] = [];
    const query = t.db.query;
    t.db.query = ((sql: string, ...rest: unknown[]) => {
      sent.push(sql);
      return (query as (...a: unknown[]) => Promise<unknown[]>).call(t.db, sql, ...rest);
    }) as typeof query;
    try {
      const res = await client.get(
        `/api/indicators/values?orgUnit=${orgUnitIdOf('VN-DN-H01')}&period=2024&indicators=immediate_ssc`,
      );
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      t.db.query = query;
    }
    // The session with its scopes, the unit with its ancestors, every source's counts.
    expect(sent).toHaveLength(3);
    expect(sent[0]).toContain('from sessions s join users u');
  });

  it('treats the username case-insensitively', async () => {
    const res = await t
      .anonymous()
      .post('/api/auth/login', { username: 'MIDWIFE.DN', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 invalid_credentials alike for an unknown user and a wrong password', async () => {
    const unknown = await t
      .anonymous()
      .post('/api/auth/login', { username: 'nobody', password: 'whatever-long' });
    const wrong = await t
      .anonymous()
      .post('/api/auth/login', { username: 'coach.dn', password: 'wrong-password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      code: 'invalid_credentials',
      message: 'Wrong username or password.',
      issues: [],
    });
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('locks the account after repeated failures and unlocks it when the lockout ends', async () => {
    const anon = t.anonymous();
    const attempt = (password: string) => anon.post('/api/auth/login', { username: 'nurse.hc', password });
    expect((await attempt('bad-1-password')).statusCode).toBe(401);
    expect((await attempt('bad-2-password')).statusCode).toBe(401);
    const third = await attempt('bad-3-password');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('account_locked');
    // Even the right password is refused while locked.
    expect((await attempt(TEST_PASSWORD)).json().code).toBe('account_locked');
    t.clock.advance(14 * 60_000);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(423);
    t.clock.advance(61_000);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('answers in Vietnamese when the browser asks for it', async () => {
    const res = await t.anonymous().request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'whatever-long' },
      headers: { 'accept-language': 'vi-VN,vi;q=0.9' },
    });
    expect(res.json().message).toBe('Sai tên đăng nhập hoặc mật khẩu.');
  });

  it('refuses writes without the CSRF token, and accepts them with it', async () => {
    const client = await t.login('coach.dn');
    const without = await client.request({
      method: 'PUT',
      url: '/api/auth/me/locale',
      payload: { locale: 'en' },
      csrf: false,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const wrong = await client.request({
      method: 'PUT',
      url: '/api/auth/me/locale',
      payload: { locale: 'en' },
      csrf: false,
      headers: { 'x-csrf-token': 'forged-token-value' },
    });
    expect(wrong.json().code).toBe('csrf_failed');
    expect((await client.put('/api/auth/me/locale', { locale: 'en' })).statusCode).toBe(204);
  });

  it('remembers the chosen language per user across sessions', async () => {
    const first = await t.login('province.dn');
    expect((await first.get('/api/auth/me')).json().user.locale).toBe('vi');
    await first.put('/api/auth/me/locale', { locale: 'en' });
    const second = await t.login('province.dn');
    expect((await second.get('/api/auth/me')).json().user.locale).toBe('en');
    // And its error messages follow the saved language.
    const err = await second.get('/api/org-units/00000000-0000-4000-8000-000000000000');
    expect(err.json().message).toBe('Not found.');
    await second.put('/api/auth/me/locale', { locale: 'vi' });
    expect((await second.get('/api/org-units/00000000-0000-4000-8000-000000000000')).json().message).toBe(
      'Không tìm thấy.',
    );
  });

  it('ends the session on the server at logout: the old cookie no longer works', async () => {
    const client = await t.login('lead.dn');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    const after = await client.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    const [row] = await t.db.query<{ n: number }>(
      "select count(*) as n from sessions s join users u on u.id = s.user_id where u.username = 'lead.dn'",
    );
    expect(Number(row!.n)).toBe(0);
  });

  it('says when the session ends if unused, moved forward by use (what the web keeps to work offline)', async () => {
    const client = await t.login('national.la');
    const idleMs = t.deps.config.sessionIdleMinutes * 60_000;
    const expiry = async () => Date.parse((await client.get('/api/auth/me')).json().sessionExpiresAt);
    const loggedInAt = t.clock.now().getTime();
    expect(await expiry()).toBe(loggedInAt + idleMs);
    t.clock.advance(30 * 60_000);
    expect(await expiry()).toBe(loggedInAt + 30 * 60_000 + idleMs);
  });

  it('expires idle sessions', async () => {
    const client = await t.login('national.la');
    t.clock.advance((t.deps.config.sessionIdleMinutes + 1) * 60_000);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it("changes one's own password, checks the current one, and ends the other sessions", async () => {
    const a = await t.login('national.vn');
    const b = await t.login('national.vn');
    const bad = await a.post('/api/auth/me/password', {
      currentPassword: 'not-my-password',
      newPassword: 'a-brand-new-pass',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([
      { path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' },
    ]);
    const ok = await a.post('/api/auth/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-brand-new-pass',
    });
    expect(ok.statusCode).toBe(204);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    await expect(t.login('national.vn')).rejects.toThrow(/401/);
    expect(
      (await t.anonymous().post('/api/auth/login', { username: 'national.vn', password: 'a-brand-new-pass' }))
        .statusCode,
    ).toBe(200);
  });

  it('lets a user with an administrator-set password do nothing but change it (or log out)', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/users', {
      username: 'new.midwife',
      displayName: 'New midwife',
      role: 'clinician',
      scopeIds: [
        (await t.db.query<{ id: string }>("select id from org_units where code = 'VN-DN-H01'"))[0]!.id,
      ],
      password: 'temporary-pass-1',
    });
    expect(created.statusCode).toBe(201);
    const fresh = await t.login('new.midwife', 'temporary-pass-1');
    expect((await fresh.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    const blocked = await fresh.get('/api/org-units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_change_required');
    expect((await fresh.get('/api/births')).json().code).toBe('password_change_required');
    expect(
      (
        await fresh.post('/api/auth/me/password', {
          currentPassword: 'temporary-pass-1',
          newPassword: 'my-own-password-9',
        })
      ).statusCode,
    ).toBe(204);
    expect((await fresh.get('/api/org-units')).statusCode).toBe(200);
  });

  it('stores only a hash of the session token', async () => {
    const client = await t.login('partner.who');
    const token = client.cookie!.split('=')[1]!;
    const rows = await t.db.query('select 1 from sessions where token_hash = $1', [token]);
    expect(rows).toHaveLength(0);
  });

  it('audits logins and failed logins', async () => {
    await t.login('coach.dn');
    const rows = await t.db.query<{ action: string }>(
      "select action from audit_log where actor_username = 'coach.dn' and action in ('login', 'login_failed')",
    );
    expect(rows.map((r) => r.action)).toContain('login');
    const failed = await t.db.query(
      "select 1 from audit_log where action = 'login_failed' and entity_id is not null",
    );
    expect(failed.length).toBeGreaterThan(0);
  });
});

describe('login rate limiting per client address', () => {
  const t = useTestApp({ seed: 'none', config: { loginIpMaxPerMinute: 3 } });

  it('answers 429 after the limit within a minute and accepts again in the next window', async () => {
    const anon = t.anonymous();
    for (let i = 0; i < 3; i++) {
      expect(
        (await anon.post('/api/auth/login', { username: 'x-user', password: 'whatever-long' })).statusCode,
      ).toBe(401);
    }
    const limited = await anon.post('/api/auth/login', { username: 'admin', password: TEST_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    t.clock.advance(61_000);
    expect(
      (await anon.post('/api/auth/login', { username: 'admin', password: TEST_PASSWORD })).statusCode,
    ).toBe(200);
  });
});
