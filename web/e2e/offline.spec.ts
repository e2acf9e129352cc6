import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../shared/births/birth-builders';
import type { Birth } from '../../shared/births/birth.schema';
import { birthToInput } from '../../shared/births/birth-to-input';
import { isoToZonedLocal } from '../../shared/births/zoned-time';
import { newId } from '../../shared/ids';
import { orgUnitIdOf } from '../../server/seed/demo';
import { browserAvailable, chooseEnglish, loginAs, newPage, useE2E } from './harness';

const field = (page: Page, label: string) =>
  page.getByRole('textbox', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) });
const pick = (page: Page, group: string, option: string) => ({
  async check() {
    const radio = page
      .getByRole('group', { name: new RegExp(`^${group}`) })
      .getByRole('radio', { name: option, exact: true });
    for (let i = 0; i < 3 && !(await radio.isChecked()); i++) await radio.click();
    expect(await radio.isChecked()).toBe(true);
  },
});
const threeHoursAgo = () =>
  isoToZonedLocal(new Date(Date.now() - 3 * 3_600_000).toISOString(), 'Asia/Ho_Chi_Minh');
const waiting = (page: Page) => page.getByTestId('sync-waiting');

describe.runIf(browserAvailable())('offline capture and the conflict inbox in a real browser', () => {
  const e2e = useE2E();

  it('records a birth offline, keeps it across a reload, refuses logout, and stores it once when the network returns', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB' });
    await loginAs(page, 'midwife.dn');
    await chooseEnglish(page);
    // Pages load on demand: open the birth page once while online, as a first visit does (the service
    // worker's precache, issue 20, will make this unnecessary).
    await page.goto(`/births/${'0'.repeat(8)}-0000-4000-8000-000000000000`);
    await page.getByRole('alert').waitFor();
    await page.goto('/births/new');
    await field(page, 'Facility record number').waitFor();

    // The network goes down while the form is open.
    await context.setOffline(true);
    await field(page, 'Facility record number').fill('DN-OFF-001');
    await field(page, 'Age').fill('24');
    await page.getByLabel(/^Date and time of birth/).fill(threeHoursAgo());
    await pick(page, 'Mode of birth', 'Spontaneous vaginal').check();
    await pick(page, 'Sex', 'Boy').check();
    await pick(page, 'Outcome', 'Live birth').check();
    await field(page, 'Birth weight').fill('3050');
    await field(page, 'Drying started').fill('3');
    await pick(page, 'Breathing or crying', 'Yes').check();
    await field(page, 'Cord clamped').fill('2');
    await field(page, 'Skin-to-skin started').fill('1');
    await field(page, 'Skin-to-skin lasted').fill('95');
    await pick(page, 'Separated before', 'No').check();
    await field(page, 'First breastfeed started').fill('25');
    await page.getByText('No practice warnings.').waitFor();
    await page.getByRole('button', { name: 'Save birth' }).click();
    await expect.poll(() => waiting(page).getAttribute('data-count')).toBe('1');
    expect(await waiting(page).textContent()).toContain('1 change waiting to be sent');

    // Logging out now would lose it: refused, with the reason.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('alert').filter({ hasText: 'You cannot log out yet' }).waitFor();
    await page.locator('header.topbar').waitFor();

    // Back online but the sync requests fail: after a reload the change is still waiting on the device.
    await page.route('**/api/sync/**', (route) => route.abort());
    await context.setOffline(false);
    await page.reload();
    await expect.poll(() => waiting(page).getAttribute('data-count')).toBe('1');
    const stored = () =>
      e2e.testDb.db.query<{ n: number }>(
        "select count(*)::int as n from births where mother_record_number = 'DN-OFF-001'",
      );
    expect((await stored())[0]!.n).toBe(0);

    // The network really returns: the app sends it by itself, once.
    await page.unroute('**/api/sync/**');
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => waiting(page).getAttribute('data-count'), { timeout: 20_000 }).toBe('0');
    expect((await stored())[0]!.n).toBe(1);
    await page.reload();
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => waiting(page).getAttribute('data-count')).toBe('0');
    expect((await stored())[0]!.n).toBe(1);
    await context.close();
  });

  it('shows both values of a field two people changed, and keeping the server value resolves it, audited (390 px)', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB', mobile: true });
    await loginAs(page, 'lead.dn');
    await chooseEnglish(page);
    // The conflict, through the API as two devices would make it: the lead edits on the server, a
    // device that read version 1 sends another age.
    const api = page.request;
    const csrf = ((await (await api.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
    const headers = { 'x-csrf-token': csrf };
    const body = buildBirthRaw({
      facilityId: orgUnitIdOf('VN-DN-H01'),
      mother: { recordNumber: 'DN-CONFLICT-1' },
    });
    const created = (await (await api.post('/api/births', { data: body, headers })).json()) as Birth;
    await api.put(`/api/births/${created.id}`, {
      data: { ...birthToInput(created), mother: { ...birthToInput(created).mother, age: 33 }, version: 1 },
      headers,
    });
    const op = { opId: newId(), deviceId: newId(), seq: 0, recordType: 'birth', recordId: created.id };
    const push = await api.post('/api/sync/push', {
      data: { ops: [{ ...op, kind: 'update', baseVersion: 1, patch: { 'mother.age': 35 } }] },
      headers,
    });
    expect(((await push.json()) as { results: Array<{ conflicts: number }> }).results[0]!.conflicts).toBe(1);

    await page.goto('/sync/conflicts');
    const card = page.getByRole('listitem').filter({ hasText: 'On the server (kept)' });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/27[\s\S]*33[\s\S]*35/);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await card.getByRole('button', { name: 'Keep the server value' }).click();
    await page.getByText('No conflict to show.').waitFor();
    const audit = await e2e.testDb.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'sync_conflict' and after ->> 'resolution' = 'keep_server'",
    );
    expect(audit[0]!.n).toBe(1);
    await context.close();
  });
});
