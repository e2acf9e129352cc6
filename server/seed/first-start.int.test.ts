import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { seedPncDemo } from '../features/pnc/pnc-seed';
import { resetAdminPassword } from '../features/users/admin-password';
import { countRows } from '../test/api-helpers';
import { TestClock } from '../test/test-app';
import { createTestDb, type TestDb } from '../test/test-db';
import { DEMO_USERS, isDatabaseEmpty } from './demo';
import { DEMO_SEEDERS } from './demo-seeders';
import { firstStart } from './first-start';

/** The password in a line printed by the first start ("… password  <pw>  (…"). */
const passwordIn = (lines: string[], marker: string) => {
  const line = lines.find((l) => l.includes(marker));
  expect(line, lines.join('\n')).toBeDefined();
  return /password {1,2}(\S+) /.exec(line!)![1]!;
};

let t: TestDb;
let app: FastifyInstance;
const clock = new TestClock();
const login = async (username: string, password: string) =>
  (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })).statusCode;

beforeAll(async () => {
  t = await createTestDb();
  app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: t.db, clock }, { logger: false });
});
afterAll(async () => {
  await app.close();
  await t.drop();
});

/** A start with the demo asked for (the server's first start, and each start after it), and what it printed. */
function startWithDemo(seeders?: Parameters<typeof firstStart>[1]['seeders']) {
  const lines: string[] = [];
  const done = firstStart(t.db, {
    adminPassword: undefined,
    seedDemo: true,
    now: clock.now(),
    say: (l) => lines.push(l),
    ...(seeders ? { seeders } : {}),
  });
  return { lines, done };
}

/** The admin password printed by the first start. */
let adminPassword = '';

describe('first start', () => {
  it('prints the admin password before seeding, and a demo seed that fails midway leaves no demo at all', async () => {
    // The org units, users and postnatal demo are written, then the seed stops (as with Ctrl-C).
    const { lines, done } = startWithDemo([
      seedPncDemo,
      async () => {
        throw new Error('interrupted');
      },
    ]);
    await expect(done).rejects.toThrow('interrupted');
    adminPassword = passwordIn(lines, 'log in as "admin" with password');
    expect(lines.findIndex((l) => l.includes('"admin"'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('Seeding the demo')),
    );
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    expect(await countRows(t.db, 'users')).toBe(1);
    expect(await countRows(t.db, 'births')).toBe(0);
    expect(await countRows(t.db, 'pnc_visits')).toBe(0);
    expect(await login('admin', adminPassword)).toBe(200);
  });

  it('seeds the whole demo at the next start, under a new printed password, and keeps the admin password', async () => {
    const { lines, done } = startWithDemo(DEMO_SEEDERS);
    await done;
    expect(lines[0]).toContain('npm run admin:reset-password');
    const demoPassword = passwordIn(lines, 'Seeded the demo');
    expect(demoPassword).not.toBe(adminPassword);
    // The reports seeder adds the demo's independent reviewer (irg.expert).
    expect(await countRows(t.db, 'users')).toBe(1 + DEMO_USERS.length + 1);
    expect(await countRows(t.db, 'births')).toBeGreaterThan(3000);
    // Per demo country: the previous biennium published, the current one a draft.
    expect(await countRows(t.db, 'country_reports', "state = 'published' and snapshot is not null")).toBe(2);
    expect(await countRows(t.db, 'country_reports', "state = 'draft'")).toBe(2);
    expect(await countRows(t.db, 'pnc_visits')).toBeGreaterThan(0);
    expect(await countRows(t.db, 'assessments')).toBeGreaterThan(0);
    expect(await login('pnc.hc1', demoPassword)).toBe(200);
    expect(await login('admin', adminPassword)).toBe(200);
  });

  it('does not seed twice', async () => {
    const before = await countRows(t.db, 'births');
    const { lines, done } = startWithDemo();
    await done;
    expect(await countRows(t.db, 'births')).toBe(before);
    expect(lines.some((l) => l.includes('Seeded'))).toBe(false);
  });
});

describe('resetAdminPassword (npm run admin:reset-password)', () => {
  it('sets a random password that must be changed, refuses the old one, ends sessions and audits it', async () => {
    const old = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: adminPassword },
    });
    expect(old.statusCode).toBe(200);
    const reset = await resetAdminPassword(t.db, undefined, clock.now());
    expect(reset.generated).toBe(true);
    expect(await login('admin', adminPassword)).toBe(401);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: reset.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    // The session opened with the old password is over.
    const cookie = old.cookies.find((c) => c.name === 'openeenc_session')!;
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `openeenc_session=${cookie.value}` },
    });
    expect(me.statusCode).toBe(401);
    const [entry] = await t.db.query<{ actor_id: string | null; details: Record<string, unknown> }>(
      "select actor_id, details from audit_log where entity_type = 'user' and action = 'update' order by id desc limit 1",
    );
    expect(entry).toEqual({
      actor_id: null,
      details: { field: 'password', reset: true, via: 'command line', reactivated: false },
    });
  });

  it('takes OPENEENC_ADMIN_PASSWORD, unlocks and reactivates the account', async () => {
    await t.db.query(
      "update users set active = false, failed_logins = 9, locked_until = now() + interval '1 hour' where username = 'admin'",
    );
    const reset = await resetAdminPassword(t.db, 'chosen-by-the-operator', clock.now());
    expect(reset).toEqual({ password: 'chosen-by-the-operator', generated: false, reactivated: true });
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'chosen-by-the-operator' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(false);
  });

  it('refuses a password shorter than the policy', async () => {
    await expect(resetAdminPassword(t.db, 'short', clock.now())).rejects.toThrow(
      'OPENEENC_ADMIN_PASSWORD must be 10 to 200 characters long.',
    );
  });
});
