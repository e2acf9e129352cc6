import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { birthToInput } from '../../shared/births/birth-to-input';
import type { Birth } from '../../shared/births/birth.schema';
import type { PullResponse } from '../../shared/sync/sync.schema';
import { orgUnitIdOf } from '../../server/seed/demo';
import { wellVisit } from '../../server/features/pnc/pnc-test-helpers';
import {
  apiAs,
  browserAvailable,
  openInEnglish,
  recordHospitalBirth,
  syncWaiting,
  untilInstalled,
  useE2E,
} from './harness';

describe.runIf(browserAvailable())('a postnatal contact recorded offline in a real browser', () => {
  let birthId = '';
  const e2e = useE2E(async () => {
    // A birth of the provincial hospital 50 hours ago: its first contact is still open, the form's default.
    const birth = await recordHospitalBirth(e2e, {
      mother: { recordNumber: 'E2E-OFF-PNC-1' },
      delivery: { bornAt: new Date(Date.now() - 50 * 3_600_000).toISOString() },
    });
    expect(birth.statusCode, birth.body).toBe(201);
    birthId = birth.json<{ id: string }>().id;
  });

  it('records a contact offline, keeps it across a reload without network, and stores it once when the network returns', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn');
    await page.goto(`/pnc/births/${birthId}`);
    const form = page.getByRole('form', { name: 'Record contact' });
    await form.waitFor();
    await untilInstalled(page);

    // The network goes down: the contact is saved on the device, with the rules' answer.
    await context.setOffline(true);
    await form.getByLabel('Breathing rate (per minute)').first().fill('46');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Contact saved.' }).waitFor();
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('1');
    const stored = async () =>
      (
        await e2e.testDb.db.query<{ n: number }>(
          'select count(*)::int as n from pnc_visits where birth_id = $1',
          [birthId],
        )
      )[0]!.n;
    expect(await stored()).toBe(0);

    // The tab is reloaded without network: the follow-up opens from the device, the contact still waits.
    await page.reload();
    await page.getByRole('form', { name: 'Record contact' }).waitFor();
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('1');

    // The network returns: the app sends it by itself, once, and a second reload sends nothing more.
    await context.setOffline(false);
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => syncWaiting(page).getAttribute('data-count'), { timeout: 20_000 }).toBe('0');
    expect(await stored()).toBe(1);
    await page.reload();
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => syncWaiting(page).getAttribute('data-count')).toBe('0');
    expect(await stored()).toBe(1);
    const [visit] = await e2e.testDb.db.query<{ contact_code: string; breathing: number }>(
      `select v.contact_code, (c.observations ->> 'breathingRate')::int as breathing
         from pnc_visits v join pnc_contacts c on c.visit_id = v.id and c.kind = 'newborn' where v.birth_id = $1`,
      [birthId],
    );
    expect(visit).toEqual({ contact_code: 'c1', breathing: 46 });
    await context.close();
  });
});

describe.runIf(browserAvailable())("a commune postnatal worker's device after an incremental pull", () => {
  const e2e = useE2E();

  /**
   * Asks the app to sync now and waits for a page of its pull that `until` accepts. The app stores the page
   * after its response arrives, so what the device keeps is then polled, not read once.
   */
  async function syncUntil(page: Page, until: (p: PullResponse) => boolean) {
    const pulled = page.waitForResponse(
      async (r) => r.url().includes('/api/sync/pull') && until((await r.json()) as PullResponse),
      { timeout: 20_000 },
    );
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await pulled;
  }
  /** Whether the device holds `key` in an IndexedDB store (read as the page would without network). */
  const holds = (page: Page, store: 'meta' | 'records', key: string) =>
    page.evaluate<boolean>(`new Promise((resolve, reject) => {
      const open = indexedDB.open('openeenc-offline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('${store}').objectStore('${store}').get('${key}');
        get.onsuccess = () => resolve(get.result !== undefined);
        get.onerror = () => reject(get.error);
      };
    })`);
  /** The follow-up the device keeps for a birth. */
  const kept = (page: Page, birthId: string) => holds(page, 'meta', `read:pnc-follow-up:${birthId}`);
  /** A record the sync loop pulled and stored. */
  const pulled = (page: Page, id: string) => holds(page, 'records', id);

  it('opens without network the follow-up of a mother handed over since the first pull, and drops her when she moves away', async () => {
    const { context, page } = await openInEnglish(e2e, 'pnc.hc1');
    await untilInstalled(page);
    // The first pull is over (its last page), so what follows comes through the change log.
    await syncUntil(page, (p) => !p.hasMore);
    // The worklist read (and kept) before the mother is handed over.
    const read = page.waitForResponse((r) => r.url().includes('/api/pnc/worklist') && r.ok());
    await page.goto('/pnc');
    await read;

    const motherName = 'Trương Thị Ngọc Ánh';
    // Born 60 hours ago: her second contact (from 48 hours, at the commune) is due now.
    const birth = await recordHospitalBirth(e2e, {
      mother: { recordNumber: 'E2E-OFF-PNC-HANDOVER', name: motherName },
      delivery: { bornAt: new Date(Date.now() - 60 * 3_600_000).toISOString() },
    });
    expect(birth.statusCode, birth.body).toBe(201);
    const { id } = birth.json<{ id: string }>();
    await syncUntil(page, (p) => p.followUps.some((f) => f.birthId === id));
    await expect.poll(() => kept(page, id), { timeout: 10_000 }).toBe(true);

    // Without network the kept worklist shows her from her pulled follow-up (due today), then her page opens.
    await context.setOffline(true);
    await page.goto('/pnc');
    const dueToday = page.getByRole('region', { name: 'Due today' });
    await dueToday.getByRole('listitem').filter({ hasText: motherName }).first().waitFor();
    await page.goto(`/pnc/births/${id}`);
    await page.getByText(motherName).first().waitFor();
    await context.setOffline(false);

    // The mother moves to a commune without a postnatal worker: the device drops her follow-up.
    const api = await apiAs(e2e, 'midwife.dn');
    const doc = (await api('GET', `/api/births/${id}`)).json<Birth>();
    const input = birthToInput(doc);
    const moved = await api('PUT', `/api/births/${id}`, {
      ...input,
      mother: { ...input.mother, communeId: orgUnitIdOf('VN-DN-HC-C02') },
      version: doc.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await syncUntil(page, (p) => p.removed.includes(id));
    await expect.poll(() => kept(page, id), { timeout: 10_000 }).toBe(false);
    await context.close();
  });
  it('leaves off the kept worklist, without network, a contact another worker recorded and the device pulled since', async () => {
    const { context, page } = await openInEnglish(e2e, 'pnc.hc1');
    await untilInstalled(page);
    await syncUntil(page, (p) => !p.hasMore);
    const motherName = 'Đinh Thị Thu Hà';
    // Born 60 hours ago and handed over to the commune: her second contact is due now.
    const birth = await recordHospitalBirth(e2e, {
      mother: { recordNumber: 'E2E-OFF-PNC-ELSEWHERE', name: motherName },
      delivery: { bornAt: new Date(Date.now() - 60 * 3_600_000).toISOString() },
    });
    expect(birth.statusCode, birth.body).toBe(201);
    const doc = birth.json<Birth>();
    await syncUntil(page, (p) => p.followUps.some((f) => f.birthId === doc.id));

    // The worklist read (and kept) with her due today; then the worker leaves the page.
    await page.goto('/pnc');
    const dueToday = page.getByRole('region', { name: 'Due today' });
    const her = dueToday.getByRole('listitem').filter({ hasText: motherName });
    await her.first().waitFor();
    await page.goto(`/pnc/births/${doc.id}`);
    await page.getByText(motherName).first().waitFor();

    // The birth facility's midwife records her contact; the device pulls it.
    const api = await apiAs(e2e, 'midwife.dn');
    const visit = await api('POST', '/api/pnc/visits', wellVisit(doc, 'c2', new Date().toISOString()));
    expect(visit.statusCode, visit.body).toBe(201);
    const { visitId } = visit.json<{ visitId: string }>();
    await syncUntil(page, (p) => p.records.some((r) => r.id === visitId));
    await expect.poll(() => pulled(page, visitId), { timeout: 10_000 }).toBe(true);

    // Without network the kept worklist no longer lists her as due today; her third contact is still ahead.
    await context.setOffline(true);
    await page.goto('/pnc');
    const upcoming = page.getByRole('region', { name: 'Upcoming' });
    await upcoming.getByRole('listitem').filter({ hasText: motherName }).first().waitFor();
    expect(await her.count()).toBe(0);
    await context.setOffline(false);
    await context.close();
  });
});
