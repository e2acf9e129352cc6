import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rolePermissions, type Role } from '../../shared/auth/roles';
import { DEMO_USERS } from '../../server/seed/demo';
import {
  axeViolations,
  browserAvailable,
  chooseEnglish,
  hoursAgoLocal,
  loginAs,
  newPage,
  openInEnglish,
  pageWidth,
  pickRadio,
  recordHospitalBirth,
  useE2E,
} from './harness';

const PHONE_WIDTH = 390;

const MOTHER = { name: 'Đỗ Thị Hồng Nhung', phone: '0914 246 813' };

const PHONE = { width: PHONE_WIDTH, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

/** The first demo account of each role (the demo has one per role, two clinicians). */
const ONE_USER_PER_ROLE = DEMO_USERS.filter((u, i) => DEMO_USERS.findIndex((x) => x.role === u.role) === i);

/**
 * The pages of web/app/routes.ts (read as text: importing it would type-check every page here) with the
 * permission each needs, as [path, permission]. The test below fails if a route is added in a shape
 * this does not read.
 */
function pageRoutes(): Array<[string, string]> {
  const text = readFileSync(path.resolve('web/app/routes.ts'), 'utf8');
  const found = [...text.matchAll(/path: '([^']+)',\s*permission: '([^']+)'/g)].map(
    (m) => [m[1]!, m[2]!] as [string, string],
  );
  expect(found.length).toBe(text.match(/\bpath: '/g)!.length);
  return found;
}

/** The API a page with a record id reads first: the page opens for a reader only when this answers. */
const PROBE: Record<string, (id: string) => string> = {
  '/births/:id': (id) => `/api/births/${id}`,
  '/births/:id/edit': (id) => `/api/births/${id}`,
  '/pnc/births/:birthId': (id) => `/api/pnc/births/${id}`,
  '/kmc/babies/:newbornId': (id) => `/api/kmc/babies/${id}`,
  '/screening/clients/:id': (id) => `/api/screening/clients/${id}`,
};

/**
 * Every page a role can open: the home page and each route its permissions allow, with the records of
 * this test in the paths that need one (a record outside the reader's units is left out: it does not open).
 */
async function routesOf(
  role: Role,
  ids: Record<string, string | null>,
  answers: (api: string) => Promise<boolean>,
): Promise<string[]> {
  const can = (p: string) => (rolePermissions[role] as readonly string[]).includes(p);
  const out = ['/'];
  for (const [route, permission] of pageRoutes()) {
    if (!can(permission)) continue;
    const plain = route.replace(/\/\*$/, '').replace(/\/:[a-zA-Z]+\?$/, '');
    const param = plain.match(/:[a-zA-Z]+/)?.[0];
    if (!param) {
      out.push(plain);
      continue;
    }
    const id = ids[route.startsWith('/screening/') ? ':clientId' : param];
    if (!id) continue;
    const probe = PROBE[route];
    expect(probe, `a probe for ${route}`).toBeDefined();
    if (await answers(probe!(id))) out.push(plain.replace(param, id));
  }
  return out;
}

describe.runIf(browserAvailable())('the app on a phone (390 × 844)', () => {
  // The demo has no births: a midwife of the provincial hospital records one through the API, 50 hours
  // ago, for a mother living in the commune of pnc.hc1 (so its worklist and detail pages have data).
  const e2e = useE2E(async () => {
    const res = await recordHospitalBirth(e2e, {
      mother: { recordNumber: 'E2E-FIELD-1', ...MOTHER },
      delivery: { bornAt: new Date(Date.now() - 50 * 3_600_000).toISOString() },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  const firstId = async (sql: string) => (await e2e.testDb.db.query<{ id: string }>(sql))[0]!.id;

  // At a desktop's width the birth form is one page with a section index; on a phone it is a sequence
  // of steps (birth-steps.spec.ts).
  it('keeps the draft of a new birth through a reload, asks for what is missing, then offers the next birth', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn', { viewport: DESKTOP });
    await page.goto('/births/new');
    const index = page.getByRole('navigation', { name: 'Sections of the birth record' });
    await index.getByText('0 of 4 sections complete').waitFor();
    await page.getByRole('textbox', { name: /^Facility record number/ }).fill('DN-PHONE-1');
    await pickRadio(page, 'Sex', 'Girl');
    await index.getByText('1 of 4 sections complete').waitFor();

    // A record number and a sex alone do not save: time, mode and outcome are asked for in words.
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText('Enter the date and time of birth.').waitFor();
    await page.getByText('Choose how the baby was born (mode of birth).').waitFor();
    await page.getByText('Choose the outcome: born alive or stillbirth.').waitFor();
    expect(await index.locator('.section-index__item--error').allTextContents()).toEqual([
      '! Delivery: needs correcting',
      '! Baby 1: needs correcting',
    ]);

    // The phone reloads (a closed tab, a crash): what was entered comes back.
    await page.reload();
    await page.getByText('Your unsaved draft of this birth was restored from this device.').waitFor();
    expect(await page.getByRole('textbox', { name: /^Facility record number/ }).inputValue()).toBe(
      'DN-PHONE-1',
    );
    expect(
      await page.getByRole('group', { name: /^Sex/ }).getByRole('radio', { name: 'Girl' }).isChecked(),
    ).toBe(true);

    const bornAt = hoursAgoLocal(2);
    await page.getByLabel(/^Date and time of birth/).fill(bornAt);
    await pickRadio(page, 'Mode of birth', 'Spontaneous vaginal');
    await pickRadio(page, 'Outcome', 'Live birth');
    await index.getByRole('button', { name: /^Routine care, baby 1/ }).click();
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText('Birth saved.', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Record the next birth' }).click();
    await page.getByRole('heading', { name: 'New birth', level: 1 }).waitFor();
    // The saved birth's draft is gone: the next one starts empty.
    expect(await page.getByRole('textbox', { name: /^Facility record number/ }).inputValue()).toBe('');
    expect(await page.getByText('Your unsaved draft').count()).toBe(0);
    await context.close();
  });

  it('finds a mother on the worklist by part of her name or phone, one card per mother', async () => {
    const { context, page } = await openInEnglish(e2e, 'pnc.hc1', { mobile: true });
    await page.goto('/pnc');
    const mother = MOTHER;
    const search = page.getByRole('searchbox', { name: 'Find a mother' });
    // Typed in lower case, part of her name.
    await search.fill('hồng nhung');
    await search.press('Enter');
    await expect.poll(() => page.url()).toContain('q=');
    const cards = page.locator('.pnc-card');
    await cards.first().waitFor();
    const names = await page.locator('.pnc-card__head strong').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain(mother.name);
    await search.fill(mother.phone.replace(/\D/g, '').slice(-6));
    await search.press('Enter');
    await page.locator('.pnc-card__head strong', { hasText: mother.name }).waitFor();
    await context.close();
  });

  // Every demo role at a phone's width and at a laptop's (1366 × 768).
  for (const { username, role } of ONE_USER_PER_ROLE)
    for (const viewport of [PHONE, DESKTOP])
      it(
        `${username} (${role}) at ${viewport.width} px: no page scrolls sideways, axe finds no serious violation`,
        async () => {
          const birthId = await firstId("select id from births where mother_record_number = 'E2E-FIELD-1'");
          const ids: Record<string, string | null> = {
            ':id': birthId,
            ':birthId': birthId,
            ':newbornId': await firstId(
              "select n.id from newborns n join births b on b.id = n.birth_id where b.mother_record_number = 'E2E-FIELD-1'",
            ),
            ':clientId':
              (await e2e.testDb.db.query<{ id: string }>('select id from screening_clients limit 1'))[0]
                ?.id ?? null,
          };
          const { context, page } = await newPage(e2e, {
            locale: 'en-GB',
            ...(viewport === PHONE ? { mobile: true } : { viewport }),
          });
          await loginAs(page, username);
          await chooseEnglish(page);
          const routes = await routesOf(role, ids, async (api) => (await page.request.get(api)).ok());
          const wide: string[] = [];
          const violations: string[] = [];
          for (const route of routes) {
            await page.goto(route);
            await page.locator('main h1').first().waitFor();
            await page.waitForLoadState('networkidle');
            // The dashboard's charts are drawn (ECharts, loaded on demand, as SVG).
            if (route === '/dashboard') await page.locator('.chart svg').first().waitFor();
            const width = await pageWidth(page);
            if (width > viewport.width) wide.push(`${route} ${width}px`);
            violations.push(...(await axeViolations(page)).map((v) => `${route} ${v}`));
          }
          expect(routes.length, routes.join(' ')).toBeGreaterThan(1);
          expect(wide).toEqual([]);
          expect(violations).toEqual([]);
          await context.close();
        },
        /* up to twenty pages, each with axe: longer than one flow */ 240_000,
      );
});
