import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedCoachingDemo } from '../../server/features/coaching/coaching.seed';
import { orgUnitIdOf } from '../../server/seed/demo';
import { MEAN_CHANGE } from '../../shared/coaching/checklist-indicators';
import type { Roster } from '../../shared/coaching/coaching.schema';
import type { ValuesResponse } from '../../shared/indicators/indicator-api.schema';
import { apiAs, browserAvailable, openInEnglish, pageWidth, useE2E } from './harness';

const H01 = orgUnitIdOf('VN-DN-H01');
const SHOTS = process.env.E2E_SCREENSHOTS;

/** The coverage of delivery-room staff shown on the dashboard for the hospital, this year: "x / y". */
async function dashboardCoverage(page: Page): Promise<string> {
  await page.goto(`/dashboard?orgUnit=${H01}&period=${new Date().getFullYear()}`);
  const kpi = page.getByTestId('kpi-delivery_staff_coached');
  await kpi.getByText('/').waitFor();
  return kpi.locator('.kpi__meta').nth(1).innerText();
}

describe.runIf(browserAvailable())('coaching in a real browser', () => {
  const e2e = useE2E(() => seedCoachingDemo(e2e.testDb.db, new Date()));

  it('creates a course, adds participants from the roster, completes them, records a checklist, and the dashboard coverage changes', async () => {
    const manager = await openInEnglish(e2e, 'province.dn');
    const before = await dashboardCoverage(manager.page);
    if (SHOTS) await manager.page.screenshot({ path: `${SHOTS}/dashboard-before.png`, fullPage: true });

    const { context, page } = await openInEnglish(e2e, 'coach.dn', { mobile: true });
    await page.goto(`/coaching/facility/${H01}`);
    await page.getByRole('heading', { name: 'Health-worker roster' }).waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/roster-390.png`, fullPage: true });
    await page.getByRole('button', { name: 'Record a course' }).click();
    await page.getByLabel('Days').fill('1');
    // The hospital's certified facilitator (demo data) leads it.
    await page
      .getByRole('group', { name: /^Facilitators/ })
      .getByRole('checkbox')
      .first()
      .check();
    await page.getByRole('button', { name: 'Record a course' }).click();
    await page.getByRole('heading', { name: 'Add participants from a roster' }).waitFor();
    expect(await page.locator('h2:has-text("Facilitators") + ul li').count()).toBe(1);

    // The venue's roster, listed by code for a coach above the facility: select everyone, add at once.
    await page.locator('.pick-list li').first().waitFor();
    await page.getByLabel('Select all shown').check();
    const count = await page.locator('.pick-list input:checked').count();
    expect(count).toBeGreaterThan(2);
    await page.getByRole('button', { name: `Add ${count} selected` }).click();
    await expect.poll(() => page.locator('tr[data-participant]').count()).toBe(count);
    // Complete every participant.
    for (let i = 0; i < count; i++) {
      const box = page.locator('tr[data-participant]').nth(i).getByRole('checkbox', { name: 'Completed' });
      await box.check();
      // Saved before the next one is ticked (each save carries the row's version).
      await expect.poll(() => box.isEnabled()).toBe(true);
    }
    await page.getByRole('heading', { name: new RegExp(`completed ${count}\\)`) }).waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/course-390.png`, fullPage: true });

    // The certificate needs an after-coaching skills checklist at the passing score: the first
    // participant is observed on the mannequin, every item done.
    const first = page.locator('tr[data-participant]').first();
    expect(await first.getByRole('link', { name: 'Certificate' }).count()).toBe(0);
    const form = page.getByRole('form', { name: 'Record a skills checklist' });
    await form.getByLabel('Participant').selectOption({ index: 1 });
    const items = form.locator('fieldset select');
    for (let i = 0; i < (await items.count()); i++) await items.nth(i).selectOption('yes');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/checklist-390.png`, fullPage: true });
    await form.getByRole('button', { name: 'Save the checklist' }).click();
    await first.getByText('After coaching 100 % · passing (80 % or more)').waitFor();

    // A completed participant's printable certificate; its code checks at the public URL.
    await first.getByRole('link', { name: 'Certificate' }).click();
    const code = await page.getByTestId('certificate-code').innerText();
    const check = await page.request.get(`/api/coaching/certificates/${code}`);
    expect(check.status()).toBe(200);
    expect(((await check.json()) as { module: string }).module).toBe('eenc_routine');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/certificate-390.png`, fullPage: true });
    await page.getByRole('link', { name: 'Back to the course' }).click();
    await page.getByRole('heading', { name: 'Add participants from a roster' }).waitFor();

    // A correction of that checklist: the first item "No" makes it 46 of 48, 95.8 %.
    await first.getByRole('button', { name: /^Correct the checklist After coaching/ }).click();
    const fix = page.getByRole('form', { name: 'Correct a recorded checklist' });
    await fix.locator('fieldset select').first().selectOption('no');
    await fix.getByRole('button', { name: 'Save the correction' }).click();
    await first.getByText('After coaching 95.8 % · passing (80 % or more)').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    // The three bands by the country's settings (50 and 80): every item partly done is 50 %, the middle
    // band at its lower boundary; nothing done is the low band.
    for (const [answer, shown] of [
      ['partial', 'Before coaching 50 % · middle (below 80 %)'],
      ['no', 'Before coaching 0 % · low (below 50 %)'],
    ] as const) {
      await form.getByLabel('Participant').selectOption({ index: 1 });
      await form.getByLabel('When').selectOption('before');
      for (let i = 0; i < (await items.count()); i++) await items.nth(i).selectOption(answer);
      await form.getByRole('button', { name: 'Save the checklist' }).click();
      await first.getByText(shown).waitFor();
    }

    // Everyone is in the course now: "select all" has no one left to select.
    await page.getByLabel('Select all shown').check();
    expect(await page.locator('.pick-list input:checked').count()).toBe(0);
    await context.close();

    const after = await dashboardCoverage(manager.page);
    if (SHOTS) await manager.page.screenshot({ path: `${SHOTS}/dashboard-after.png`, fullPage: true });
    const [nb, db] = before.split('/').map((s) => Number(s.replace(/\D/g, '')));
    const [na, da] = after.split('/').map((s) => Number(s.replace(/\D/g, '')));
    expect(da).toBe(db);
    expect(na).toBeGreaterThan(nb!);
    await manager.context.close();
  });

  it('shows the checklist scores per domain and the mean change after coaching on a phone, as the API counts them', async () => {
    const year = new Date().getFullYear();
    const api = await apiAs(e2e, 'province.dn');
    const res = await api('GET', `/api/indicators/values?orgUnit=${H01}&period=${year}`);
    expect(res.statusCode, res.body).toBe(200);
    const values = (res.json() as ValuesResponse).indicators;
    const change = values.find((v) => v.id === MEAN_CHANGE)!;
    // The demo records a before and an after checklist for the participants who completed.
    expect(change.denominator).toBeGreaterThan(0);
    const { context, page } = await openInEnglish(e2e, 'province.dn', { mobile: true });
    await page.goto(`/dashboard?orgUnit=${H01}&period=${year}`);
    const card = page.getByTestId(`kpi-${MEAN_CHANGE}`);
    await card.getByText('before/after pairs').waitFor();
    const sign = change.value! > 0 ? '+' : change.value! < 0 ? '−' : '';
    expect(await card.locator('.kpi__value').innerText()).toBe(
      `${sign}${Math.abs(change.value!).toFixed(1)} pp`,
    );
    expect(await card.innerText()).toContain(`${change.denominator! / 1000} before/after pairs`);
    // One table per checklist in use, a row per domain, each score as the API gives it; no domain cards.
    const breathing = page.getByTestId('domains-eenc_breathing');
    expect(await breathing.locator('tbody tr').count()).toBe(5);
    const dry = values.find((v) => v.id === 'checklist_score_dry')!;
    await breathing
      .getByRole('row', { name: new RegExp(`^Immediate drying ${dry.value!.toFixed(1)} %`) })
      .waitFor();
    expect(await page.getByTestId('kpi-checklist_score_dry').count()).toBe(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/dashboard-domains-390.png`, fullPage: true });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it("adapts a checklist for the country on a phone: the copy's editor, nothing recorded yet", async () => {
    const { context, page } = await openInEnglish(e2e, 'national.vn', { mobile: true });
    await page.goto('/coaching/checklists');
    await page.getByRole('button', { name: 'Adapt for this country' }).first().click();
    const editor = page.getByRole('form', { name: /EENC: the breathing baby/ });
    await editor.getByText('Nothing was recorded on version 1 yet: saving changes it.').waitFor();
    await editor.getByRole('button', { name: 'Add an item' }).last().click();
    await editor.getByLabel('Item code').last().fill('hat_on');
    await editor.getByLabel('Item (English)').last().fill('Puts a hat on the baby');
    await editor.getByLabel('Item (Vietnamese)').last().fill('Đội mũ cho trẻ');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByRole('status').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('imports a roster from CSV, reporting the bad row, with the valid rows only', async () => {
    const { context, page } = await openInEnglish(e2e, 'lead.dn');
    await page.goto(`/coaching/facility/${H01}`);
    await page.getByText('Import a roster from CSV or Excel').click();
    const csv =
      'name,cadre,ward,active_from\nTest Importer,midwife,delivery_room,2024-01-01\nBad Row,surgeon,delivery_room,2024-01-01\n';
    await page.getByLabel('CSV file (UTF-8) or Excel file (.xlsx)').setInputFiles({
      name: 'roster.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByText('Import the valid rows').click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('2 rows: 1 added, 0 updated.').waitFor();
    await page.getByText(/Row 3, cadre: Use one of/).waitFor();
    await page.getByRole('rowheader', { name: 'Test Importer' }).waitFor();
    await context.close();
  });

  it('edits a worker from the roster on a phone, and says so when someone changed the worker meanwhile', async () => {
    const api = await apiAs(e2e, 'lead.dn');
    const roster = (await api('GET', `/api/coaching/roster?facility=${H01}`)).json() as Roster;
    const [worker, other] = roster.items.filter((w) => w.active && !w.facilitatorLevel);
    const { context, page } = await openInEnglish(e2e, 'lead.dn', { mobile: true });
    await page.goto(`/coaching/facility/${H01}`);
    const row = page.locator(`tr[data-worker="${worker!.code}"]`);
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${worker!.name}` });
    await dialog.getByLabel('Name').fill('Edited Midwife');
    await dialog.getByLabel('Cadre').selectOption('obstetrician');
    await dialog.getByLabel('Phone (optional)').fill('0905 123 456');
    await dialog.getByLabel('Facilitator').selectOption('provincial');
    await dialog.getByLabel('Certified on').fill('2025-03-01');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/edit-worker-390.png`, fullPage: true });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: 'Edited Midwife' }).waitFor();
    await row.getByText('Provincial facilitator').waitFor();
    const stored = (
      await api('GET', `/api/coaching/workers/${worker!.id}`)
    ).json() as Roster['items'][number];
    expect(stored).toMatchObject({
      name: 'Edited Midwife',
      cadre: 'obstetrician',
      phone: '0905 123 456',
      facilitatorLevel: 'provincial',
      facilitatorCertifiedOn: '2025-03-01',
      version: worker!.version + 1,
    });

    // Opened, then changed by someone else before saving: the version check refuses, nothing is written.
    await page.locator(`tr[data-worker="${other!.code}"]`).getByRole('button', { name: 'Edit' }).click();
    const stale = page.getByRole('dialog', { name: `Edit ${other!.name}` });
    await stale.getByLabel('Cadre').waitFor();
    expect(
      (await api('PATCH', `/api/coaching/workers/${other!.id}`, { version: other!.version, cadre: 'nurse' }))
        .statusCode,
    ).toBe(200);
    await stale.getByLabel('Cadre').selectOption('paediatrician');
    await stale.getByRole('button', { name: 'Save' }).click();
    await stale
      .getByRole('alert')
      .getByText(/Someone else changed this record since you opened it/)
      .waitFor();
    await stale.getByRole('button', { name: 'Reload' }).waitFor();
    const kept = (await api('GET', `/api/coaching/workers/${other!.id}`)).json() as Roster['items'][number];
    expect(kept.cadre).toBe('nurse');
    await context.close();
  });
});
