import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { orgUnitIdOf } from '../../server/seed/demo';
import { seedDemoBirths } from '../../server/seed/demo-births';
import { browserAvailable, chooseEnglish, loginAs, newPage, openInEnglish, useE2E } from './harness';

describe.runIf(browserAvailable())('indicator dashboard in a real browser', () => {
  const e2e = useE2E(() => seedDemoBirths(e2e.testDb.db, new Date()));

  it('shows the dashboard, changes org unit and period with the numbers, and downloads CSV', async () => {
    const { context, page } = await openInEnglish(e2e, 'province.dn');
    const lastYear = new Date().getFullYear() - 1;
    await page.goto(`/dashboard?orgUnit=${orgUnitIdOf('VN-DN')}&period=${lastYear}`);
    await page.getByRole('heading', { name: 'Indicators: Thành phố Đà Nẵng' }).waitFor();
    const liveBirths = () =>
      page
        .getByRole('row', { name: /^Live births/ })
        .locator('td')
        .nth(1)
        .innerText();
    const province = await liveBirths();
    expect(Number(province.replace(/\D/g, ''))).toBeGreaterThan(100);

    // another period: one quarter has fewer births than the year
    await page.getByLabel('Period', { exact: true }).selectOption('quarter');
    await page.getByLabel('Quarter').selectOption('Q2');
    await page.waitForURL(/period=\d{4}Q2/);
    await expect.poll(liveBirths).not.toBe(province);
    const quarter = Number((await liveBirths()).replace(/\D/g, ''));
    expect(quarter).toBeGreaterThan(0);
    expect(quarter).toBeLessThan(Number(province.replace(/\D/g, '')));

    // another org unit: a unit under the province has fewer births still
    await page.getByLabel('Go to a unit under it').selectOption({ label: 'Bệnh viện Phụ sản - Nhi Đà Nẵng' });
    await page.getByRole('heading', { name: 'Indicators: Bệnh viện Phụ sản - Nhi Đà Nẵng' }).waitFor();
    await expect.poll(async () => Number((await liveBirths()).replace(/\D/g, ''))).toBeLessThan(quarter + 1);

    // drill-down: the numerator lists its records
    await page.getByRole('button', { name: /^Live births, Numerator/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/\d+ records/).waitFor();
    expect(await dialog.getByRole('link', { name: 'Open' }).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^indicators-VN-DN-H01-\d{4}Q2\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('indicator_id,indicator_name,numerator,denominator,value');
    expect(csv).toContain('live_births');
    await context.close();
  });

  it('lists the births that did not meet skin-to-skin ≥ 90 min, by page, with the drill in the URL', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB' });
    await loginAs(page, 'province.dn');
    await chooseEnglish(page);
    const dashboard = `/dashboard?orgUnit=${orgUnitIdOf('VN-DN')}&period=${new Date().getFullYear() - 1}`;
    await page.goto(dashboard);
    const row = page.getByRole('row', { name: /^Skin-to-skin ≥ 90 min/ });
    const [numerator, denominator] = await Promise.all(
      [1, 2].map(async (i) => Number((await row.locator('td').nth(i).innerText()).replace(/\D/g, ''))),
    );
    const notMet = denominator! - numerator!;
    expect(notMet).toBeGreaterThan(50);
    await row.getByRole('button', { name: /did not meet it$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`${notMet.toLocaleString('en-GB')} records`).waitFor();
    expect(page.url()).toContain('drill=ssc_90');
    expect(page.url()).toContain('part=not_met');
    const pages = Math.ceil(notMet / 50);
    await dialog.getByText(`Page 1 of ${pages}`).waitFor();
    const firstPage = await dialog.locator('tbody td.mono').allTextContents();
    expect(firstPage).toHaveLength(50);
    await dialog.getByRole('button', { name: 'Next page' }).click();
    await dialog.getByText(`Page 2 of ${pages}`).waitFor();
    await page.waitForURL(/page=2/);
    // A provincial manager sees record numbers, never names.
    expect(await dialog.getByRole('columnheader', { name: 'Mother' }).count()).toBe(0);

    // The link is shared: another reader lands on the same page of the same list.
    const shared = page.url();
    const other = await newPage(e2e, { locale: 'en-GB' });
    await loginAs(other.page, 'province.dn');
    await chooseEnglish(other.page);
    await other.page.goto(shared);
    await other.page.getByRole('dialog').getByText(`Page 2 of ${pages}`).waitFor();
    await other.context.close();

    // Back goes to the first page, then closes the list.
    await page.goBack();
    await dialog.getByText(`Page 1 of ${pages}`).waitFor();
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('drill=');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await context.close();
  });

  it('shows a change of a percentage in percentage points and a rate per 1,000 in ‰', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB' });
    await loginAs(page, 'province.dn');
    await chooseEnglish(page);
    await page.goto(`/dashboard?orgUnit=${orgUnitIdOf('VN-DN')}&period=${new Date().getFullYear()}`);
    const cell = (name: RegExp, i: number) =>
      page.getByRole('row', { name }).first().locator('td').nth(i).innerText();
    // Columns: value, numerator, denominator, target, previous, change.
    expect(await cell(/^Skin-to-skin ≥ 90 min/, 5)).toMatch(/^([+−]\d+\.\d|0\.0) pp/);
    expect(await cell(/^Stillbirth rate/, 0)).toMatch(/^\d+\.\d ‰$/);
    expect(await cell(/^Stillbirth rate/, 5)).toMatch(/^([+−]\d+\.\d|0\.0) ‰/);
    await context.close();
  });

  it('shows the postnatal care indicators of a country at once (rolled up, issue 21)', async () => {
    const { context, page } = await openInEnglish(e2e, 'national.vn');
    await page.goto(`/dashboard?orgUnit=${orgUnitIdOf('VN')}&period=${new Date().getFullYear()}`);
    const section = page.getByRole('region', { name: 'Postnatal care' });
    const row = section.getByRole('row', { name: /^PNC on time for newborns/ });
    await row.waitFor();
    // The demo births of this year are the cohort: a denominator of babies, counted by the request.
    const denominator = Number((await row.locator('td').nth(2).innerText()).replace(/\D/g, ''));
    expect(denominator).toBeGreaterThan(0);
    expect(await section.getByRole('button', { name: 'Count postnatal care indicators' }).count()).toBe(0);
    await context.close();
  });

  it('shows a partner perturbed counts, marked and explained, with no drill-down', async () => {
    const { context, page } = await openInEnglish(e2e, 'partner.who');
    await page.goto(`/dashboard?orgUnit=${orgUnitIdOf('VN-DN')}&period=${new Date().getFullYear() - 1}`);
    await page.getByRole('heading', { name: 'Indicators: Thành phố Đà Nẵng' }).waitFor();
    await page.getByText(/adjusted to protect small counts \(the cell-key method\)/).waitFor();
    const live = page
      .getByRole('row', { name: /^Live births/ })
      .locator('td')
      .nth(1);
    expect(await live.innerText()).toMatch(/^≈[\d,.]+$/);
    expect(await live.locator('[data-perturbed]').getAttribute('title')).toContain(
      'off by a few, most by 2 or less',
    );
    expect(await page.getByRole('button', { name: /^Live births, Numerator/ }).count()).toBe(0);
    expect(await page.getByText('<5').count()).toBe(0);
    await context.close();
  });
});
