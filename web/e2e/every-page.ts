import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { rolePermissions, type Role } from '../../shared/auth/roles';
import { DEMO_USERS } from '../../server/seed/demo';
import {
  axeViolations,
  chooseEnglish,
  type E2E,
  loginAs,
  newPage,
  pageWidth,
  recordHospitalBirth,
  useE2E,
} from './harness';

/**
 * Every page of the app for every demo role, at one width: field-ready.spec.ts at a phone's,
 * field-ready-desktop.spec.ts at a laptop's. Two files so that the browser project's two workers share
 * the longest walk (about 160 s at each width on CI).
 */

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 768 };
export const MOTHER = { name: 'Đỗ Thị Hồng Nhung', phone: '0914 246 813' };
const RECORD_NUMBER = 'E2E-FIELD-1';

/**
 * The server and browser of a field-ready file. The demo has no births: a midwife of the provincial
 * hospital records one through the API, 50 hours ago, for MOTHER living in the commune of pnc.hc1 (so its
 * worklist and detail pages have data).
 */
export function useFieldReadyE2E(): E2E {
  const e2e = useE2E(async () => {
    const res = await recordHospitalBirth(e2e, {
      mother: { recordNumber: RECORD_NUMBER, ...MOTHER },
      delivery: { bornAt: new Date(Date.now() - 50 * 3_600_000).toISOString() },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  return e2e;
}

/** The first demo account of each role (the demo has one per role, two clinicians). */
const ONE_USER_PER_ROLE = DEMO_USERS.filter((u, i) => DEMO_USERS.findIndex((x) => x.role === u.role) === i);

/**
 * The pages of web/app/routes.ts (read as text: importing it would type-check every page here) with the
 * permission each needs, as [path, permission]. The walk fails if a route is added in a shape
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

/** One test per demo role: every page it can open at `viewport`, none scrolls sideways, axe finds nothing serious. */
export function everyPageAt(e2e: E2E, viewport: { width: number; height: number }): void {
  const firstId = async (sql: string) => (await e2e.testDb.db.query<{ id: string }>(sql))[0]!.id;
  for (const { username, role } of ONE_USER_PER_ROLE)
    it(
      `${username} (${role}) at ${viewport.width} px: no page scrolls sideways, axe finds no serious violation`,
      async () => {
        const birthId = await firstId(
          `select id from births where mother_record_number = '${RECORD_NUMBER}'`,
        );
        const ids: Record<string, string | null> = {
          ':id': birthId,
          ':birthId': birthId,
          ':newbornId': await firstId(
            `select n.id from newborns n join births b on b.id = n.birth_id where b.mother_record_number = '${RECORD_NUMBER}'`,
          ),
          ':clientId':
            (await e2e.testDb.db.query<{ id: string }>('select id from screening_clients limit 1'))[0]?.id ??
            null,
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
}
