import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { systemClock } from '../../server/lib/clock';
import { bootstrapAdmin } from '../../server/seed/bootstrap';
import { seedDemo } from '../../server/seed/demo';
import { TEST_PASSWORD } from '../../server/test/test-app';
import { createTestDb, type TestDb } from '../../server/test/test-db';

export { TEST_PASSWORD };
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.resolve('web/dist');

/**
 * Browser tests need Debian's Chromium and a built web app. Without Chromium they are skipped with a
 * loud message, unless OPENEENC_REQUIRE_BROWSER is set (CI sets it), in which case they fail.
 */
export function browserAvailable(): boolean {
  const ok = existsSync(CHROMIUM) && existsSync(path.join(WEB_DIST, 'index.html'));
  if (!ok && process.env.OPENEENC_REQUIRE_BROWSER) {
    throw new Error(`Browser tests need ${CHROMIUM} and a built web app (npm run build)`);
  }
  if (!ok)
    console.warn(
      `\n*** Browser tests SKIPPED: ${CHROMIUM} or web/dist missing (apt-get install chromium; npm run build) ***\n`,
    );
  return ok;
}

export type E2E = {
  baseUrl: string;
  browser: Browser;
  app: FastifyInstance;
  testDb: TestDb;
  close(): Promise<void>;
};

/** The real server on a free port over a fresh seeded database, and a headless Chromium. */
export async function startE2E(): Promise<E2E> {
  const testDb = await createTestDb();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), webDistDir: WEB_DIST, loginIpMaxPerMinute: 1000 };
  await bootstrapAdmin(testDb.db, TEST_PASSWORD, systemClock.now());
  await seedDemo(testDb.db, TEST_PASSWORD, systemClock.now());
  const app = await buildApp({ config, db: testDb.db, clock: systemClock }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // Flags from the machine notes: no background networking on this closed network, no sandbox as root.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    app,
    testDb,
    async close() {
      await browser.close();
      await app.close();
      await testDb.drop();
    },
  };
}

/**
 * Inside a describe block: starts the server and the browser before its tests (then runs `setup`, e.g.
 * seeding) and stops them after. The returned object is filled in once they run.
 */
export function useE2E(setup?: () => Promise<unknown>): E2E {
  const e2e = {} as E2E;
  beforeAll(async () => {
    Object.assign(e2e, await startE2E());
    await setup?.();
  });
  afterAll(() => e2e.close?.());
  return e2e;
}

export async function newPage(
  e2e: E2E,
  opts: { locale?: string; mobile?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({
    baseURL: e2e.baseUrl,
    locale: opts.locale ?? 'vi-VN',
    ...(opts.viewport ? { viewport: opts.viewport } : {}),
    ...(opts.mobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Switches a logged-in page to English and waits until the choice is saved: the user's saved language
 * wins at the next page load, so a `goto` right after the click could still open in Vietnamese.
 */
export async function chooseEnglish(page: Page): Promise<void> {
  await chooseLanguage(page, 'English');
}

/** Chooses the interface language by its button's name ('Tiếng Việt'), waiting until it is saved. */
export async function chooseLanguage(page: Page, name: string): Promise<void> {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/me/locale'));
  const button = page.getByRole('button', { name });
  // On a phone the language choice is inside the menu.
  if (!(await button.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await button.click();
  await saved;
}

/** Logs in through the login form, the way a person does. */
export async function loginAs(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.locator('header.topbar').waitFor();
}
