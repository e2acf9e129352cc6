import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { systemClock } from '../../server/lib/clock';
import { bootstrapAdmin } from '../../server/seed/bootstrap';
import { orgUnitIdOf, seedDemo } from '../../server/seed/demo';
import { TEST_PASSWORD } from '../../server/test/test-app';
import { createTestDb, type TestDb } from '../../server/test/test-db';
import { buildBirthRaw } from '../../shared/births/birth-builders';
import { isoToZonedLocal } from '../../shared/births/zoned-time';

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

type PageOptions = { locale?: string; mobile?: boolean; viewport?: { width: number; height: number } };

export async function newPage(
  e2e: E2E,
  opts: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({
    baseURL: e2e.baseUrl,
    locale: opts.locale ?? 'vi-VN',
    ...(opts.viewport ? { viewport: opts.viewport } : {}),
    ...(opts.mobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
  });
  // A precache request that fails makes the service worker's install fail: say which (untilInstalled).
  // Requests refused because a test took the network down are expected (the worker answers from its cache).
  context.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (r.serviceWorker() && error !== 'net::ERR_INTERNET_DISCONNECTED')
      console.warn(`Service worker request failed: ${r.url()} (${error})`);
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

/** A new page logged in as `username` (newPage's options), the way a person does. */
export async function openAs(
  e2e: E2E,
  username: string,
  opts: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPage(e2e, opts);
  await loginAs(opened.page, username);
  return opened;
}

/** A new page logged in as `username` with English chosen and saved (an en-GB browser). */
export async function openInEnglish(
  e2e: E2E,
  username: string,
  opts: Omit<PageOptions, 'locale'> = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openAs(e2e, username, { locale: 'en-GB', ...opts });
  await chooseEnglish(opened.page);
  return opened;
}

/**
 * Calls the API as `username` (logged in through the API, with its session cookie and CSRF token), for
 * seeding what a test needs; returns the raw response so the test states the status it expects.
 */
export async function apiAs(e2e: E2E, username: string) {
  const login = await e2e.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === 'openeenc_session')!;
  const headers = {
    cookie: `openeenc_session=${cookie.value}`,
    'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken,
  };
  return (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    e2e.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

/** axe-core's source, evaluated in the page (the app's CSP refuses an inline script tag). */
const AXE_SOURCE = readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Serious and critical accessibility violations of the page as axe-core finds them, as "rule: target". */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, run in the page: this file is type-checked without the DOM library.
  return page.evaluate<string[]>(`axe.run().then(({ violations }) => violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' '))))`);
}

/** How wide the page is drawn, in CSS pixels (more than the viewport: it scrolls sideways). */
export const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/** A text input found by the start of its label (labels of required fields end with "*"). */
export const textboxByLabel = (page: Page, label: string) =>
  page.getByRole('textbox', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) });

/**
 * Checks a radio in a group found by the start of its legend. Clicks until it is checked: leaving a text
 * field shows its error message, which can move the next row while the pointer is going down.
 */
export async function pickRadio(page: Page, group: string, option: string): Promise<void> {
  const radio = page
    .getByRole('group', { name: new RegExp(`^${group}`) })
    .getByRole('radio', { name: option, exact: true });
  for (let i = 0; i < 3 && !(await radio.isChecked()); i++) await radio.click();
  expect(await radio.isChecked()).toBe(true);
}

/** `hours` ago on the demo facilities' clock (Đà Nẵng), as a datetime-local input expects it. */
export const hoursAgoLocal = (hours: number) =>
  isoToZonedLocal(new Date(Date.now() - hours * 3_600_000).toISOString(), 'Asia/Ho_Chi_Minh');

/**
 * Records a birth through the API as midwife.dn of the provincial hospital (VN-DN-H01), for a mother
 * living in commune VN-DN-HC-C01 (pnc.hc1's), so the pair is handed over there. The demo has no births.
 */
export async function recordHospitalBirth(
  e2e: E2E,
  overrides: NonNullable<Parameters<typeof buildBirthRaw>[0]>,
) {
  const api = await apiAs(e2e, 'midwife.dn');
  return api(
    'POST',
    '/api/births',
    buildBirthRaw({
      facilityId: orgUnitIdOf('VN-DN-H01'),
      ...overrides,
      mother: { communeId: orgUnitIdOf('VN-DN-HC-C01'), ...overrides.mother },
    }),
  );
}

/** Fills the first rows of a new live birth: record number, age, born 3 hours ago, mode, sex, weight. */
export async function fillLiveBirth(
  page: Page,
  birth: { recordNumber: string; age: string; mode: string; sex: string; weightGrams: string },
): Promise<void> {
  await textboxByLabel(page, 'Facility record number').fill(birth.recordNumber);
  await textboxByLabel(page, 'Age').fill(birth.age);
  await page.getByLabel(/^Date and time of birth/).fill(hoursAgoLocal(3));
  await pickRadio(page, 'Mode of birth', birth.mode);
  await pickRadio(page, 'Sex', birth.sex);
  await pickRadio(page, 'Outcome', 'Live birth');
  await textboxByLabel(page, 'Birth weight').fill(birth.weightGrams);
}

/**
 * Fills a normal live birth (spontaneous vaginal, routine care on time), checks that the form shows no
 * practice warning, and saves it.
 */
export async function saveNormalBirth(
  page: Page,
  birth: { recordNumber: string; age: string; sex: string; grams: string; ssc: string },
): Promise<void> {
  const { recordNumber, age, sex } = birth;
  await fillLiveBirth(page, {
    recordNumber,
    age,
    sex,
    mode: 'Spontaneous vaginal',
    weightGrams: birth.grams,
  });
  await textboxByLabel(page, 'Drying started').fill('3');
  await pickRadio(page, 'Breathing or crying', 'Yes');
  await textboxByLabel(page, 'Cord clamped').fill('2');
  await textboxByLabel(page, 'Skin-to-skin started').fill('1');
  await textboxByLabel(page, 'Skin-to-skin lasted').fill(birth.ssc);
  await pickRadio(page, 'Separated before', 'No');
  await textboxByLabel(page, 'First breastfeed started').fill('25');
  await page.getByText('No practice warnings.').waitFor();
  await page.getByRole('button', { name: 'Save birth' }).click();
}

/** The header's badge of changes waiting to be sent (offline capture); `data-count` holds the number. */
export const syncWaiting = (page: Page) => page.getByTestId('sync-waiting');

/**
 * Waits until the service worker has precached the app and controls the page (what an installed app has),
 * on the browser's own events (`controllerchange`) instead of polling against a fixed 30 s (alone it
 * takes under a second after the page opens, even at a load of 15, but once in CI it took more than
 * 30 s, for a reason not found): the test's timeout bounds it. An update that fails (the worker
 * becomes redundant) fails at once, naming it, and {@link newPage} prints each precache request that
 * failed, so a failure says why.
 */
export async function untilInstalled(page: Page): Promise<void> {
  const outcome = await page.evaluate<string>(`new Promise((resolve) => {
    const sw = navigator.serviceWorker;
    const controlled = () => { if (sw.controller) resolve('controlled'); };
    sw.addEventListener('controllerchange', controlled);
    controlled();
    const watch = (w) => w && w.addEventListener('statechange', () => {
      if (w.state === 'redundant' && !sw.controller) resolve('the service worker became redundant (its install failed)');
    });
    const watchRegistration = () => sw.getRegistration().then((r) => {
      if (!r) return void setTimeout(watchRegistration, 100);
      watch(r.installing);
      watch(r.waiting);
      r.addEventListener('updatefound', () => watch(r.installing));
    });
    watchRegistration();
  })`);
  expect(outcome).toBe('controlled');
}
