import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../shared/births/birth-builders';
import { orgUnitIdOf } from '../../server/seed/demo';
import { addUserLike } from '../../server/test/api-helpers';
import {
  apiAs,
  browserAvailable,
  loginAs,
  openInEnglish,
  pageWidth,
  syncWaiting,
  textboxByLabel,
  untilInstalled,
  useE2E,
} from './harness';

const H01 = orgUnitIdOf('VN-DN-H01');
const C02 = orgUnitIdOf('VN-DN-HC-C02');

/** What the device keeps (IndexedDB, as the app reads it without network): births, outbox, kept pages. */
const onDevice = (page: Page) =>
  page.evaluate<{ births: string[]; outbox: Array<{ recordId: string; state: string }>; reads: string[] }>(`
    new Promise((resolve, reject) => {
      const open = indexedDB.open('openeenc-offline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['snapshots', 'outbox', 'meta']);
        const all = (store) => new Promise((ok, ko) => {
          const r = tx.objectStore(store).getAll();
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ko(r.error);
        });
        Promise.all([all('snapshots'), all('outbox'), all('meta')]).then(([s, o, m]) => resolve({
          births: s.map((x) => x.id).sort(),
          outbox: o.map((x) => ({ recordId: x.recordId, state: x.state })),
          reads: m.map((x) => x.key).filter((k) => k.startsWith('read:')).sort(),
        }), reject);
      };
    })`);

describe.runIf(browserAvailable())('a device whose user loses a commune (scope reset)', () => {
  const e2e = useE2E();

  it("drops the commune's records, keeps the unsent change visible, still opens the birth form offline, and lets the refused change be read and discarded", async () => {
    // A midwife of the hospital who also covers the commune station VN-DN-HC-C02.
    await addUserLike(e2e.testDb.db, { username: 'midwife.two', like: 'midwife.dn', scopeId: H01 });
    await e2e.testDb.db.query(
      "insert into user_scopes (user_id, org_unit_id) select id, $1 from users where username = 'midwife.two'",
      [C02],
    );
    const midwife = await apiAs(e2e, 'midwife.two');
    const record = async (facilityId: string, recordNumber: string) => {
      const res = await midwife(
        'POST',
        '/api/births',
        buildBirthRaw({
          facilityId,
          mother: { recordNumber },
          // Recent: the working set a first pull sends is the births still followed up.
          delivery: { bornAt: new Date(Date.now() - 24 * 3_600_000).toISOString() },
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const hospital = await record(H01, 'E2E-RESET-H01');
    const edited = await record(C02, 'E2E-RESET-C02-A');
    const other = await record(C02, 'E2E-RESET-C02-B');

    const { context, page } = await openInEnglish(e2e, 'midwife.two');
    await untilInstalled(page);
    // The birth form of a hospital birth, online once: its facility and EENC settings are kept.
    await page.goto(`/births/${hospital}/edit`);
    await textboxByLabel(page, 'Facility record number').waitFor();
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect
      .poll(async () => (await onDevice(page)).births, { timeout: 20_000 })
      .toEqual([hospital, edited, other].sort());

    // Offline, the midwife edits a birth of the commune: the change waits on the device.
    await page.goto(`/births/${edited}/edit`);
    await textboxByLabel(page, 'Facility record number').waitFor();
    await context.setOffline(true);
    await textboxByLabel(page, 'Age').fill('33');
    await page.getByRole('button', { name: 'Save birth' }).click();
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('1');

    // Meanwhile the administrator takes the commune from her (her sessions end: she logs in again).
    const admin = await apiAs(e2e, 'admin');
    const [user] = await e2e.testDb.db.query<{ id: string; version: number }>(
      "select id, version from users where username = 'midwife.two'",
    );
    const patched = await admin('PATCH', `/api/users/${user!.id}`, {
      version: user!.version,
      scopeIds: [H01],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await context.setOffline(false);
    await loginAs(page, 'midwife.two');
    await page.evaluate("window.dispatchEvent(new Event('online'))");

    // The sync: the edit is refused (no longer her commune) and stays, visible; the pull resets.
    await expect
      .poll(async () => (await onDevice(page)).outbox, { timeout: 20_000 })
      .toEqual([{ recordId: edited, state: 'rejected' }]);
    await page.getByText('1 change refused').first().waitFor();
    await expect
      .poll(async () => (await onDevice(page)).births, { timeout: 20_000 })
      .toEqual([hospital, edited].sort());
    const kept = await onDevice(page);
    expect(kept.births).not.toContain(other);
    expect(kept.reads).toEqual(expect.arrayContaining([`read:eenc-settings:${H01}`, `read:org-unit:${H01}`]));

    // Without network the birth form of her hospital still opens.
    await context.setOffline(true);
    await page.goto('/births/new');
    await textboxByLabel(page, 'Facility record number').waitFor();

    // Back online: logout is refused while the refused change is on the device, and says where it is.
    await context.setOffline(false);
    await page.goto('/');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('alert').filter({ hasText: 'You cannot log out yet: 1 change' }).waitFor();
    // The refused badge opens "Changes not accepted", with the server's message, also on a phone.
    await page.getByTestId('sync-refused').click();
    await page.getByRole('heading', { name: 'Changes not accepted', level: 1 }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    const card = page.getByTestId('refused-change');
    await expect.poll(() => card.count()).toBe(1);
    await card.getByRole('heading', { name: 'Birth record E2E-RESET-C02-A' }).waitFor();
    const message = await page.evaluate<string>(`
      new Promise((resolve, reject) => {
        const open = indexedDB.open('openeenc-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const r = open.result.transaction('outbox').objectStore('outbox').getAll();
          r.onsuccess = () => resolve(r.result[0].error.message);
          r.onerror = () => reject(r.error);
        };
      })`);
    expect(message.length).toBeGreaterThan(0);
    await card.getByText(message).waitFor();
    expect(await card.getByRole('link', { name: 'Open to correct' }).getAttribute('href')).toBe(
      `/births/${edited}/edit`,
    );
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    // Discard, by keyboard: the confirmation names what is lost.
    await card.getByRole('button', { name: 'Discard' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Discard this change?' });
    await dialog.getByText('“Birth record E2E-RESET-C02-A”').waitFor();
    await dialog.getByRole('button', { name: 'Discard the change' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('No refused change on this device.').waitFor();
    expect((await onDevice(page)).outbox).toEqual([]);
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('0');
    // Nothing waits: logout goes through.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('input[name="username"]').waitFor();
    await context.close();
  });
});
