import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../app';
import { type Config, loadConfig } from '../config';
import type { Db } from '../db/db';
import type { AppDeps } from '../deps';
import type { Clock } from '../lib/clock';
import { bootstrapAdmin } from '../seed/bootstrap';
import { seedDemo } from '../seed/demo';
import { seedDemoBirths } from '../seed/demo-births';
import { createTestDb } from './test-db';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A clock tests can move: lockouts and expiries are tested at their boundaries, not by sleeping. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-03-10T08:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

export type TestApp = {
  app: FastifyInstance;
  db: Db;
  deps: AppDeps;
  clock: TestClock;
  /** Logs in through the API and returns a client that sends the cookie and CSRF token. */
  login(username: string, password?: string): Promise<TestClient>;
  anonymous(): TestClient;
  close(): Promise<void>;
};

export class TestClient {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string | null,
    readonly csrfToken: string | null,
  ) {}

  request(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && opts.csrf !== false) headers['x-csrf-token'] = this.csrfToken;
    const { csrf: _csrf, ...rest } = opts;
    return this.app.inject({ ...rest, headers });
  }
  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload?: unknown, headers?: Record<string, string>) {
    return this.request({
      method: 'POST',
      url,
      payload: payload as InjectOptions['payload'],
      ...(headers ? { headers } : {}),
    });
  }
  put(url: string, payload?: unknown) {
    return this.request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] });
  }
  patch(url: string, payload?: unknown) {
    return this.request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] });
  }
  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }
}

/** Demo data a test adds on top of the demo org units and users (`seedPncDemo`, `demoBirths(600)`, …). */
export type DemoSeeder = (db: Db, now: Date) => Promise<void>;

/** `total` demo births over the 24 months before the test clock, at every demo facility (`seedDemoBirths`). */
export const demoBirths =
  (total: number): DemoSeeder =>
  (db, now) =>
    seedDemoBirths(db, now, total);

export type TestAppOptions = {
  seed?: 'demo' | 'none';
  config?: Partial<Config>;
  /** Seeded in their order at the test clock's now, once the app has started. */
  demoData?: readonly DemoSeeder[];
};

/** The app on a fresh database with the admin (and by default the demo) seeded, all passwords TEST_PASSWORD. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const clock = new TestClock();
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'silent' }), ...opts.config };
  const deps: AppDeps = { config, db: testDb.db, clock };
  await bootstrapAdmin(testDb.db, TEST_PASSWORD, clock.now());
  if ((opts.seed ?? 'demo') === 'demo') await seedDemo(testDb.db, TEST_PASSWORD, clock.now());
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  for (const seed of opts.demoData ?? []) await seed(testDb.db, clock.now());
  return {
    app,
    db: testDb.db,
    deps,
    clock,
    anonymous: () => new TestClient(app, null, null),
    async login(username, password = TEST_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'openeenc_session');
      return new TestClient(
        app,
        `openeenc_session=${cookie!.value}`,
        res.json<{ csrfToken: string }>().csrfToken,
      );
    },
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}

/**
 * In a test file or describe block: the app of {@link createTestApp} for its tests, started before them and
 * closed after. The object is filled in when the tests start; use it inside hooks and tests only.
 */
export function useTestApp(opts: TestAppOptions = {}): TestApp {
  const t = {} as TestApp;
  beforeAll(async () => {
    Object.assign(t, await createTestApp(opts));
  });
  afterAll(() => t.close?.());
  return t;
}

/** A client logged in as `username` before the tests, once {@link useTestApp}'s app has started. */
export function useLogin(t: TestApp, username: string): TestClient {
  const client = Object.create(TestClient.prototype) as TestClient;
  beforeAll(async () => {
    Object.assign(client, await t.login(username));
  });
  return client;
}

/** {@link useLogin} for each of `usernames`, in their order: `const [lead, coach] = useLogins(t, 'lead.dn', 'coach.dn')`. */
export function useLogins<const U extends readonly string[]>(
  t: TestApp,
  ...usernames: U
): { [K in keyof U]: TestClient } {
  return usernames.map((u) => useLogin(t, u)) as { [K in keyof U]: TestClient };
}
