import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../shared/users/user.schema';
import { ADMIN_ID } from '../../seed/bootstrap';
import { orgUnitIdOf, userIdOf } from '../../seed/demo';
import { countRows, expectError, userVersion } from '../../test/api-helpers';
import { TEST_PASSWORD, useLogins, useTestApp } from '../../test/test-app';

const usernamesOf = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: User[] }).items.map((u) => u.username).sort();
};

const CANNOT_CHANGE_SELF = 'You cannot change your own role, scopes or active state.';
const OUT_OF_SCOPE_VI = 'Đơn vị này nằm ngoài khu vực được phân công cho bạn.';

const t = useTestApp({ config: { loginMaxFailures: 3, loginIpMaxPerMinute: 1000 } });
const [admin, adminVn] = useLogins(t, 'admin', 'admin.vn');

const newUser = (overrides: Record<string, unknown> = {}) => ({
  username: 'midwife.hc',
  displayName: 'NHS. Trần Thị Bích',
  role: 'clinician',
  profession: 'midwife',
  locale: 'vi',
  scopeIds: [orgUnitIdOf('VN-DN-HC-H')],
  password: 'temporary-pass-1',
  ...overrides,
});

describe('GET /api/users', () => {
  it('lists every account to a system administrator scoped at the region root', async () => {
    expect(usernamesOf(await admin.get('/api/users'))).toEqual([
      'admin',
      'admin.vn',
      'coach.dn',
      'lead.dn',
      'midwife.dn',
      'national.la',
      'national.vn',
      'nurse.hc',
      'partner.who',
      'pnc.hc1',
      'province.dn',
    ]);
  });

  it('shows a country administrator only users whose every scope lies in that country', async () => {
    // Not national.la (Lao PDR), nor partner.who and admin (whole region).
    expect(usernamesOf(await adminVn.get('/api/users'))).toEqual([
      'admin.vn',
      'coach.dn',
      'lead.dn',
      'midwife.dn',
      'national.vn',
      'nurse.hc',
      'pnc.hc1',
      'province.dn',
    ]);
  });

  it('filters by role and by org-unit subtree', async () => {
    expect(usernamesOf(await admin.get('/api/users?role=clinician'))).toEqual(['midwife.dn', 'nurse.hc']);
    expect(usernamesOf(await admin.get(`/api/users?orgUnit=${orgUnitIdOf('VN-DN-HC')}`))).toEqual([
      'nurse.hc',
      'pnc.hc1',
    ]);
  });

  it("answers 403 out_of_scope for one user outside the administrator's area, and 404 for an unknown id", async () => {
    for (const username of ['national.la', 'partner.who', 'admin']) {
      const res = await adminVn.get(`/api/users/${userIdOf(username)}`);
      expect(expectError(res, 403, 'out_of_scope').message).toBe(OUT_OF_SCOPE_VI);
    }
    expect((await adminVn.get(`/api/users/${userIdOf('province.dn')}`)).json().username).toBe('province.dn');
    expectError(await admin.get(`/api/users/${randomUUID()}`), 404, 'not_found');
  });
});

describe('POST /api/users', () => {
  let created: User;

  it('creates a user who must change the password at first login, storing only an argon2id hash', async () => {
    const res = await admin.post('/api/users', newUser());
    expect(res.statusCode).toBe(201);
    created = res.json();
    expect(created).toMatchObject({
      username: 'midwife.hc',
      displayName: 'NHS. Trần Thị Bích',
      role: 'clinician',
      profession: 'midwife',
      locale: 'vi',
      active: true,
      mustChangePassword: true,
      lockedUntil: null,
      version: 1,
    });
    expect(created.scopes.map((s) => [s.code, s.kind])).toEqual([['VN-DN-HC-H', 'facility']]);
    expect(JSON.stringify(created)).not.toContain('temporary-pass-1');
    const [row] = await t.db.query<{ password_hash: string; created_by: string }>(
      'select password_hash, created_by from users where id = $1',
      [created.id],
    );
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(row!.created_by).toBe(ADMIN_ID);
  });

  it('lets the created user log in, flagged to change the password', async () => {
    const client = await t.login('midwife.hc', 'temporary-pass-1');
    const me = (await client.get('/api/auth/me')).json();
    expect(me.mustChangePassword).toBe(true);
    expect(me.user).toMatchObject({ username: 'midwife.hc', role: 'clinician' });
    expect(me.user.scopes.map((s: { code: string }) => s.code)).toEqual(['VN-DN-HC-H']);
  });

  it('returns 400 with issue path "username" for a username already taken, whatever its case', async () => {
    const before = await countRows(t.db, 'users');
    const res = await admin.post('/api/users', newUser({ username: 'MIDWIFE.DN' }));
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'username', message: 'Username midwife.dn is taken.' },
    ]);
    expect(await countRows(t.db, 'users')).toBe(before);
  });

  it('returns 400 with issue path "scopeIds.<n>" for each scope outside the administrator\'s area', async () => {
    const before = await countRows(t.db, 'users');
    const outside = 'Bạn chỉ có thể gán các đơn vị trong khu vực của mình.';
    const la = await adminVn.post(
      '/api/users',
      newUser({ username: 'la.worker', scopeIds: [orgUnitIdOf('LA-VT')] }),
    );
    expect(expectError(la, 400, 'validation_failed').issues).toEqual([
      { path: 'scopeIds.0', message: outside },
    ]);

    const missing = randomUUID();
    const mixed = await adminVn.post(
      '/api/users',
      newUser({ username: 'mixed.worker', scopeIds: [orgUnitIdOf('VN-DN'), orgUnitIdOf('LA'), missing] }),
    );
    expect(expectError(mixed, 400, 'validation_failed').issues).toEqual([
      { path: 'scopeIds.1', message: outside },
      { path: 'scopeIds.2', message: `Đơn vị ${missing} không tồn tại.` },
    ]);
    expect(await countRows(t.db, 'users')).toBe(before);
  });

  it('returns 400 with issue path "profession" when a non-clinician is given a profession', async () => {
    const res = await admin.post(
      '/api/users',
      newUser({ username: 'coach.hc', role: 'coach', profession: 'nurse' }),
    );
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'profession', message: 'Only clinicians have a profession.' },
    ]);
    expect(await countRows(t.db, 'users', "username = 'coach.hc'")).toBe(0);
  });
});

describe('PATCH /api/users/:id', () => {
  let userId: string;
  beforeAll(async () => {
    const res = await admin.post('/api/users', newUser({ username: 'lead.candidate' }));
    userId = res.json().id;
  });

  it('changes role and scopes with the current version, clearing a profession the new role cannot have', async () => {
    const res = await admin.patch(`/api/users/${userId}`, {
      version: 1,
      role: 'hospital_lead',
      scopeIds: [orgUnitIdOf('VN-DN-H01')],
    });
    expect(res.statusCode).toBe(200);
    const user = res.json() as User;
    expect(user).toMatchObject({ role: 'hospital_lead', profession: null, version: 2 });
    expect(user.scopes.map((s) => s.code)).toEqual(['VN-DN-H01']);
    const scopes = await t.db.query<{ org_unit_id: string }>(
      'select org_unit_id from user_scopes where user_id = $1',
      [userId],
    );
    expect(scopes).toEqual([{ org_unit_id: orgUnitIdOf('VN-DN-H01') }]);
  });

  it('answers 409 version_conflict for a stale version and changes nothing', async () => {
    const res = await admin.patch(`/api/users/${userId}`, {
      version: 1,
      role: 'coach',
      displayName: 'Stale',
    });
    expect(expectError(res, 409, 'version_conflict').message).toBe(
      'Someone else changed this record since you opened it (your version 1, current 2). Reload it and apply your changes again.',
    );
    const [row] = await t.db.query('select role, display_name, version from users where id = $1', [userId]);
    expect(row).toEqual({ role: 'hospital_lead', display_name: 'NHS. Trần Thị Bích', version: 2 });
  });

  it('ends the sessions of a deactivated user at once, and refuses their next login', async () => {
    const own = await admin.post('/api/users', newUser({ username: 'leaving.nurse', profession: 'nurse' }));
    const leaving = own.json() as User;
    const client = await t.login('leaving.nurse', 'temporary-pass-1');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);

    const res = await admin.patch(`/api/users/${leaving.id}`, { version: 1, active: false });
    expect(res.json()).toMatchObject({ active: false, version: 2 });

    expectError(await client.get('/api/auth/me'), 401, 'unauthenticated');
    expect(await countRows(t.db, 'sessions', 'user_id = $1', [leaving.id])).toBe(0);
    const login = await t.anonymous().post('/api/auth/login', {
      username: 'leaving.nurse',
      password: 'temporary-pass-1',
    });
    expectError(login, 401, 'invalid_credentials');
    expect(usernamesOf(await admin.get('/api/users'))).not.toContain('leaving.nurse');
    expect(usernamesOf(await admin.get('/api/users?includeInactive=true'))).toContain('leaving.nurse');
  });

  it('ends the sessions of a user whose role changes, so the new role applies at once', async () => {
    const coach = await t.login('coach.dn');
    const version = await userVersion(t.db, userIdOf('coach.dn'));
    const res = await admin.patch(`/api/users/${userIdOf('coach.dn')}`, {
      version,
      role: 'provincial_manager',
    });
    expect(res.statusCode).toBe(200);
    expectError(await coach.get('/api/auth/me'), 401, 'unauthenticated');
    const again = await t.login('coach.dn');
    expect((await again.get('/api/auth/me')).json().user.role).toBe('provincial_manager');
  });

  it('refuses to let an administrator deactivate themselves or change their own role or scopes', async () => {
    const version = await userVersion(t.db, ADMIN_ID);
    const attempts: Array<[Record<string, unknown>, string]> = [
      [{ active: false }, 'active'],
      [{ role: 'coach' }, 'role'],
      [{ scopeIds: [orgUnitIdOf('VN')] }, 'scopeIds'],
    ];
    for (const [change, path] of attempts) {
      const res = await admin.patch(`/api/users/${ADMIN_ID}`, { version, ...change });
      expect(expectError(res, 400, 'validation_failed').issues).toEqual([
        { path, message: CANNOT_CHANGE_SELF },
      ]);
    }
    const [row] = await t.db.query('select role, active, version from users where id = $1', [ADMIN_ID]);
    expect(row).toEqual({ role: 'system_admin', active: true, version });
    // Their own display name they may change.
    const rename = await admin.patch(`/api/users/${ADMIN_ID}`, { version, displayName: 'Ministry IT' });
    expect(rename.json()).toMatchObject({ displayName: 'Ministry IT', version: version + 1 });
  });

  it('answers 403 out_of_scope when a country administrator edits a user from elsewhere', async () => {
    const laId = userIdOf('national.la');
    const version = await userVersion(t.db, laId);
    expectError(
      await adminVn.patch(`/api/users/${laId}`, { version, displayName: 'x' }),
      403,
      'out_of_scope',
    );
    expectError(
      await adminVn.post(`/api/users/${laId}/password`, { version, password: 'another-pass-1' }),
      403,
      'out_of_scope',
    );
    expect(await userVersion(t.db, laId)).toBe(version);
  });
});

describe('POST /api/users/:id/password', () => {
  it('sets a temporary password, unlocks a locked account and ends its sessions', async () => {
    const pncId = userIdOf('pnc.hc1');
    const session = await t.login('pnc.hc1');
    const anon = t.anonymous();
    for (let i = 1; i <= 2; i++) {
      const res = await anon.post('/api/auth/login', { username: 'pnc.hc1', password: `wrong-pass-${i}` });
      expectError(res, 401, 'invalid_credentials');
    }
    expectError(
      await anon.post('/api/auth/login', { username: 'pnc.hc1', password: 'wrong-pass-3' }),
      423,
      'account_locked',
    );
    expectError(
      await anon.post('/api/auth/login', { username: 'pnc.hc1', password: TEST_PASSWORD }),
      423,
      'account_locked',
    );

    const version = await userVersion(t.db, pncId);
    const res = await admin.post(`/api/users/${pncId}/password`, { version, password: 'reset-by-admin-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ lockedUntil: null, mustChangePassword: true, version: version + 1 });

    expectError(await session.get('/api/auth/me'), 401, 'unauthenticated');
    expectError(
      await anon.post('/api/auth/login', { username: 'pnc.hc1', password: TEST_PASSWORD }),
      401,
      'invalid_credentials',
    );
    const fresh = await t.login('pnc.hc1', 'reset-by-admin-1');
    expect((await fresh.get('/api/auth/me')).json().mustChangePassword).toBe(true);
  });

  it('answers 409 version_conflict for a stale version and keeps the old password', async () => {
    const res = await admin.post(`/api/users/${userIdOf('nurse.hc')}/password`, {
      version: 999,
      password: 'never-applied-1',
    });
    expectError(res, 409, 'version_conflict');
    expect((await t.login('nurse.hc')).csrfToken).toBeTruthy();
  });
});
