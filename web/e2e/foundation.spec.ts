import { describe, expect, it } from 'vitest';
import { orgUnitIdOf } from '../../server/seed/demo';
import { browserAvailable, chooseEnglish, newPage, openAs, openInEnglish, useE2E } from './harness';

describe.runIf(browserAvailable())('foundation in a real browser', () => {
  const e2e = useE2E();

  it('logs in by keyboard only and shows the home page in Vietnamese', async () => {
    const { context, page } = await newPage(e2e);
    await page.goto('/');
    await page.locator('input[name="username"]').waitFor();
    await page.keyboard.press('Tab'); // language switch: Tiếng Việt
    await page.keyboard.press('Tab'); // English
    await page.keyboard.press('Tab'); // username
    await page.keyboard.type('midwife.dn');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct-horse-battery');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Xin chào, NHS. Phạm Thị Mai' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await context.close();
  });

  it('switches language to English and remembers it for the user after logging in again', async () => {
    const { context, page } = await openAs(e2e, 'province.dn');
    await chooseEnglish(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Org units' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await context.close();
    // A new browser (no local storage) in Vietnamese: the saved choice of the user wins after login.
    const second = await openAs(e2e, 'province.dn', { locale: 'vi-VN' });
    await second.page.getByRole('navigation').getByRole('link', { name: 'Org units' }).waitFor();
    await second.page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await second.page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).waitFor();
    await second.context.close();
  });

  it('lets an administrator create an org unit under a district from the tree', async () => {
    const { context, page } = await openInEnglish(e2e, 'admin');
    await page.goto(`/org-units/${orgUnitIdOf('VN-DN-LC')}`);
    await page.getByRole('heading', { name: 'Quận Liên Chiểu' }).waitFor();
    await page.getByRole('button', { name: 'Add unit under it' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type').selectOption('commune');
    await dialog.getByLabel('Name').fill('Trạm Y tế phường Hòa Hiệp Nam');
    await dialog.getByLabel('Code').fill('VN-DN-LC-C03');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Trạm Y tế phường Hòa Hiệp Nam' }).waitFor();
    const [row] = await e2e.testDb.db.query<{ name: string; path: string }>(
      "select name, path from org_units where code = 'VN-DN-LC-C03'",
    );
    expect(row?.name).toBe('Trạm Y tế phường Hòa Hiệp Nam');
    expect(row?.path.startsWith(`/`)).toBe(true);
    expect(row?.path).toContain(orgUnitIdOf('VN-DN-LC'));
    await context.close();
  });

  it('shows the field error next to the input when the code is taken', async () => {
    const { context, page } = await openInEnglish(e2e, 'admin');
    await page.goto(`/org-units/${orgUnitIdOf('VN-DN-HC')}`);
    await page.getByRole('button', { name: 'Add unit under it' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Duplicate');
    await dialog.getByLabel('Code').fill('vn-dn-hc-c01');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const code = dialog.getByLabel('Code');
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText('Code vn-dn-hc-c01 is already used by another org unit.').waitFor();
    await context.close();
  });

  it('gives a provincial manager a clear refusal for a facility outside their province', async () => {
    const { context, page } = await openInEnglish(e2e, 'province.dn');
    await page.goto(`/org-units/${orgUnitIdOf('LA-SV-H01')}`);
    await page.getByText('This org unit is outside your assigned area.').waitFor();
    // And in their own province, the facility opens.
    await page.goto(`/org-units/${orgUnitIdOf('VN-DN-H01')}`);
    await page.getByRole('heading', { name: 'Bệnh viện Phụ sản - Nhi Đà Nẵng' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await context.close();
  });

  it('works on a phone-sized screen with the menu button, which also holds the language and logout', async () => {
    const { context, page } = await openAs(e2e, 'midwife.dn', { locale: 'en-GB', mobile: true });
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).isVisible()).toBe(true);
    // A midwife's menu has no org-unit tree: she picks units inside her forms.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).count()).toBe(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Sổ sinh' }).click();
    await page.getByRole('heading', { name: 'Sổ sinh', level: 1 }).waitFor();
    await context.close();
  });
});
