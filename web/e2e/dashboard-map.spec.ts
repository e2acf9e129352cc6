import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedBoundariesDemo } from '../../server/features/boundaries/boundaries.seed';
import { ROOT_REGION_ID } from '../../server/seed/bootstrap';
import { orgUnitIdOf } from '../../server/seed/demo';
import { seedDemoBirths } from '../../server/seed/demo-births';
import { browserAvailable, newPage, pageWidth, TEST_PASSWORD, useE2E } from './harness';

const AXE_SOURCE = readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Serious and critical accessibility violations of the page as axe-core finds them, as "rule: target". */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate<string[]>(`axe.run().then(({ violations }) => violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' '))))`);
}

/**
 * A point on the screen inside the map's largest area (Việt Nam: it spans more latitude than Lao PDR) that
 * nothing covers, found with the SVG path's own hit test. A string run in the page: this file is
 * type-checked without the DOM library.
 */
const POINT_IN_LARGEST_AREA = `(() => {
  const paths = [...document.querySelectorAll('[data-testid="children-map"] svg path')]
    .filter((p) => p.getBBox().width > 0);
  const largest = paths.reduce((a, b) => (a.getBBox().height >= b.getBBox().height ? a : b));
  const box = largest.getBBox();
  const m = largest.getScreenCTM();
  for (let i = 1; i < 40; i++)
    for (let j = 1; j < 40; j++) {
      const pt = new DOMPoint(box.x + (box.width * i) / 40, box.y + (box.height * j) / 40);
      if (!largest.isPointInFill(pt)) continue;
      const s = pt.matrixTransform(m);
      if (document.elementFromPoint(s.x, s.y) === largest) return { x: s.x, y: s.y };
    }
  return null;
})()`;

describe.runIf(browserAvailable())('the dashboard map in a real browser', () => {
  const e2e = useE2E(async () => {
    await seedDemoBirths(e2e.testDb.db, new Date());
    await seedBoundariesDemo(e2e.testDb.db, new Date());
  });
  const lastYear = new Date().getFullYear() - 1;

  it.each([
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1366, height: 768 }],
  ] as const)(
    'shows the region’s two countries coloured by the indicator on the %s, drills into one by a click, axe-clean',
    async (_name, viewport) => {
      const { context, page } = await newPage(e2e, { locale: 'en-GB', viewport });
      await page.goto('/');
      await page.locator('input[name="username"]').fill('admin');
      await page.locator('input[name="password"]').fill(TEST_PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.locator('header.topbar').waitFor();
      await page.goto(`/dashboard?orgUnit=${ROOT_REGION_ID}&period=${lastYear}`);
      const map = page.getByRole('img', { name: /^Map of the units under this one, coloured by / });
      await map.waitFor();
      // Two countries drawn, each filled with a class colour (no "no data" grey: both have births).
      await expect.poll(() => map.locator('svg path').count()).toBeGreaterThanOrEqual(2);
      const legend = page.getByRole('list', { name: 'Map legend' });
      await expect.poll(() => legend.locator('li[data-class="none"]').innerText()).toContain('units: 0');
      const counted = (await legend.locator('li:not([data-class="none"])').allInnerTexts()).map((s) =>
        Number(/units: (\d+)/.exec(s)?.[1] ?? 0),
      );
      expect(counted.reduce((a, b) => a + b, 0)).toBe(2);
      const fills = await map
        .locator('svg path')
        .evaluateAll((ps) =>
          ps.map((p) => (p as unknown as { getAttribute(n: string): string | null }).getAttribute('fill')),
        );
      expect(fills.filter((f) => f && f !== '#d9dde3' && f !== 'none').length).toBeGreaterThanOrEqual(2);
      expect(await axeViolations(page)).toEqual([]);
      if (viewport.width === 390) expect(await pageWidth(page)).toBe(390);

      // The rest of the dashboard may still be arriving and move the map between finding the point and
      // clicking it (two browser files run at once in CI): wait for the requests to settle, and find the
      // point again if a click landed beside the country.
      await page.waitForLoadState('networkidle');
      for (let attempt = 1; !page.url().includes(`orgUnit=${orgUnitIdOf('VN')}`); attempt++) {
        expect(attempt, 'clicks on the largest country').toBeLessThanOrEqual(3);
        await map.scrollIntoViewIfNeeded();
        const point = await page.evaluate<{ x: number; y: number } | null>(POINT_IN_LARGEST_AREA);
        expect(point).toEqual({ x: expect.any(Number), y: expect.any(Number) });
        await page.mouse.click(point!.x, point!.y);
        await page
          .waitForURL(`**/dashboard?*orgUnit=${orgUnitIdOf('VN')}*`, { timeout: 5_000 })
          .catch(() => {});
      }
      await page.getByRole('heading', { name: 'Indicators: Việt Nam' }).waitFor();
      expect(page.url()).toContain(`orgUnit=${orgUnitIdOf('VN')}`);
      // The provinces have no boundary: a message, with the import link for an org-unit manager.
      const message = page.getByTestId('map-no-boundaries');
      await message.waitFor();
      expect(await message.getByRole('link', { name: 'Import boundaries' }).count()).toBe(1);
      // Back returns to the region and its map.
      await page.goBack();
      await map.waitFor();
      await context.close();
    },
  );

  it('imports test shapes for the provinces through the link of the "no boundaries" message, then maps them', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB', viewport: { width: 1366, height: 768 } });
    await page.goto('/');
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill(TEST_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('header.topbar').waitFor();
    const dashboard = `/dashboard?orgUnit=${orgUnitIdOf('VN')}&period=${lastYear}`;
    await page.goto(dashboard);
    await page.getByTestId('map-no-boundaries').getByRole('link', { name: 'Import boundaries' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import boundaries' });
    await dialog
      .locator('input[type="file"]')
      .setInputFiles(path.resolve('server/features/boundaries/fixtures/test-shapes-vn-provinces.geojson'));
    await dialog.getByLabel('Source of the shapes').fill('test shapes (not real boundaries)');
    await dialog.getByRole('button', { name: 'Check the file' }).click();
    await dialog.getByText('2 shapes: 2 new, 0 changed, 0 unchanged.').waitFor();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText(/Imported\.$/).waitFor();
    await page.goto(dashboard);
    const map = page.getByRole('img', { name: /^Map of the units under this one/ });
    await map.waitFor();
    // The two provinces drawn; the central hospital directly under the country has no shape.
    await expect.poll(() => map.locator('svg path').count()).toBeGreaterThanOrEqual(2);
    await page.getByText('Units without a boundary are not on the map: 1.', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
