import { describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../shared/births/birth-builders';
import type { Birth } from '../../shared/births/birth.schema';
import { birthToInput } from '../../shared/births/birth-to-input';
import { newId } from '../../shared/ids';
import { orgUnitIdOf } from '../../server/seed/demo';
import {
  browserAvailable,
  saveNormalBirth,
  openInEnglish,
  pageWidth,
  syncWaiting as waiting,
  textboxByLabel,
  untilInstalled,
  useE2E,
} from './harness';

describe.runIf(browserAvailable())('offline capture and the conflict inbox in a real browser', () => {
  const e2e = useE2E();

  it('records a birth offline, keeps it across a reload, refuses logout, and stores it once when the network returns', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn');
    // Pages load on demand: open the birth page once while online, as a first visit does (the service
    // worker's precache, issue 20, will make this unnecessary).
    await page.goto(`/births/${'0'.repeat(8)}-0000-4000-8000-000000000000`);
    await page.getByRole('alert').waitFor();
    await page.goto('/births/new');
    await textboxByLabel(page, 'Facility record number').waitFor();

    // The network goes down while the form is open.
    await context.setOffline(true);
    await saveNormalBirth(page, {
      recordNumber: 'DN-OFF-001',
      age: '24',
      sex: 'Boy',
      grams: '3050',
      ssc: '95',
    });
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

  it('opens without network on the session kept on the device, says so, and goes back online by itself; after logout, logging in needs the network', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn', { mobile: true });
    await page.goto('/births/new');
    await textboxByLabel(page, 'Facility record number').waitFor();
    await untilInstalled(page);

    // The app is opened again with no network: the last session lets the midwife work.
    await context.setOffline(true);
    await page.reload();
    const notice = page.getByTestId('offline-session');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('No network: you are working with your last session, until');
    await textboxByLabel(page, 'Facility record number').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    // The network returns: the server confirms the session and the notice goes.
    await context.setOffline(false);
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await notice.waitFor({ state: 'detached' });

    // After a logout nothing is kept: offline, the login page says the network is needed.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await textboxByLabel(page, 'Username').waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Logging in needs the network' }).waitFor();
    await context.close();
  });

  it('shows both values of a field two people changed, and keeping the server value resolves it, audited (390 px)', async () => {
    const { context, page } = await openInEnglish(e2e, 'lead.dn', { mobile: true });
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
    const width = await pageWidth(page);
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
