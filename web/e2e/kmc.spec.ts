import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../shared/births/birth-builders';
import { commonI18n } from '../app/i18n';
import { kmcI18n } from '../features/kmc/i18n';
import { pncI18n } from '../features/pnc/i18n';
import { orgUnitIdOf } from '../../server/seed/demo';
import { apiAs, browserAvailable, openAs, pageWidth, recordHospitalBirth, useE2E } from './harness';

const vi = kmcI18n.vi;

describe.runIf(browserAvailable())('kangaroo mother care in a real browser', () => {
  const motherName = 'Trần Thị Kangaroo';

  const e2e = useE2E(async () => {
    // A midwife of the provincial hospital records a 1,650 g baby born 3 hours ago.
    const birth = await recordHospitalBirth(e2e, {
      // The mother lives in a commune with a PNC worker: the pair is handed over to it.
      mother: { recordNumber: 'E2E-KMC-1', name: motherName },
      delivery: { bornAt: new Date(Date.now() - 3 * 3_600_000).toISOString(), gestationalAgeWeeks: 33 },
      newborns: [buildNewbornRaw({ birthWeightGrams: 1650 })],
    });
    expect(birth.statusCode, birth.body).toBe(201);
  });

  it('a nurse on a phone opens the KMC list, starts KMC, logs a day and discharges the baby in KMC; the follow-up appears on the commune worklist', async () => {
    const { context, page } = await openAs(e2e, 'midwife.dn', { mobile: true });
    await page.goto('/kmc');
    const card = page.getByRole('listitem').filter({ hasText: motherName });
    await card.waitFor();
    expect(await card.getByText(vi['status.not_started']).count()).toBe(1);
    await card.getByRole('link', { name: vi.open }).click();

    const start = page.getByRole('form', { name: vi.startTitle });
    await start.getByRole('group', { name: vi.started }).getByLabel(vi.yes).check();
    await start.getByRole('group', { name: vi.incubatorFirst }).getByLabel(vi.no).check();
    await start.getByLabel(vi.place).selectOption('kmc_ward');
    await start.getByRole('button', { name: vi.saveStart }).click();

    const log = page.getByRole('form', { name: vi.logTitle });
    await log.waitFor();
    await log.getByLabel(vi.sscHours).fill('6');
    await log.getByLabel(vi.weight).fill('1640');
    await log.getByLabel(vi.lowestTemperature).fill('36,4');
    await log.getByLabel(vi.feeding).selectOption('exclusive_breast_milk');
    await log.getByRole('button', { name: vi.saveLog }).click();
    await page.getByText(vi.belowMinHours).first().waitFor();
    expect(await page.getByRole('table').getByText('1.640').count()).toBe(1);

    const dis = page.getByRole('form', { name: vi.dischargeTitle });
    await dis.getByRole('group', { name: vi['check.feedsWell'] }).getByLabel(vi.yes).check();
    // The log's lowest temperature today is 36.4 °C: the form says the log answers "no" to a stable
    // temperature; answering yes asks why, and the server refuses it until a reason is given.
    const logSays = dis.locator('[data-log-check="temperatureStable"]');
    expect(await logSays.getAttribute('data-log-value')).toBe('false');
    expect(await logSays.textContent()).toContain(vi['logAnswer.no']);
    await dis.getByRole('group', { name: vi['check.temperatureStable'] }).getByLabel(vi.yes).check();
    const reason = dis.getByLabel(vi.overrideReason);
    await reason.waitFor();
    await dis.getByLabel(vi.outcome).selectOption('discharged_in_kmc');
    await dis.getByRole('button', { name: vi.discharge }).click();
    await dis.getByText(/^Nhật ký hằng ngày ghi là không/).waitFor();
    expect(await page.getByText(vi.inFollowUp).count()).toBe(0);
    await reason.fill('Đo lại 36,8 °C sau khi ủ ấm');
    await dis.getByRole('button', { name: vi.discharge }).click();
    // Discharged in KMC: followed until graduation, with the graduation form.
    await page.getByText(vi.inFollowUp).waitFor();
    // The reason is recorded and shown with what the log said.
    await page.getByText('Đo lại 36,8 °C sau khi ủ ấm', { exact: false }).waitFor();
    expect(await page.getByRole('form', { name: vi.graduationTitle }).count()).toBe(1);
    expect(await page.getByRole('form', { name: vi.logTitle }).count()).toBe(0);
    // No horizontal scrolling at 390 px.
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await context.close();

    // The commune's PNC worker sees the baby's KMC follow-up on the worklist.
    const worker = await openAs(e2e, 'pnc.hc1', { mobile: true });
    await worker.page.goto('/pnc');
    const upcoming = worker.page.getByRole('region', { name: pncI18n.vi['section.upcoming'] });
    await upcoming
      .getByRole('listitem')
      .filter({ hasText: motherName })
      .filter({ hasText: pncI18n.vi['marker.kmc_follow_up'] })
      .first()
      .waitFor();
    await worker.context.close();
  });

  it("a hospital lead on a phone declares that the facility offers KMC, from the KMC list's link", async () => {
    const { context, page } = await openAs(e2e, 'lead.dn', { mobile: true });
    await page.goto('/kmc');
    await page.getByRole('link', { name: vi.readinessLink }).click();
    const form = page.getByRole('form', { name: vi.readinessTitle });
    await form.getByRole('group', { name: vi.readinessOffers }).getByLabel(vi.yes).check();
    await form.getByLabel(vi.readinessSince).fill('2025-06-01');
    await form.getByLabel(vi['place.nicu']).check();
    await form.getByRole('group', { name: vi.readinessSpecialCare }).getByLabel(vi.yes).check();
    await form.getByRole('button', { name: commonI18n.vi.save }).click();
    // The page reads the saved declaration back: since 1 June 2025, the NICU among its wards.
    const summary = page.getByText(vi.readinessSummaryYes.split('{')[0]!);
    await summary.waitFor();
    expect(await summary.textContent()).toContain(vi['place.nicu']);
    expect(await summary.textContent()).toContain('2025');
    expect(await summary.textContent()).toContain(vi.specialCareProvided);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('a nurse on a phone sees "urgent referral" for a 1,300 g baby only once the facility says it cannot provide special newborn care', async () => {
    const tiny = await recordHospitalBirth(e2e, {
      mother: { recordNumber: 'E2E-KMC-2', name: 'Lê Thị Rất Nhỏ' },
      delivery: { bornAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), gestationalAgeWeeks: 30 },
      newborns: [buildNewbornRaw({ birthWeightGrams: 1300 })],
    });
    expect(tiny.statusCode, tiny.body).toBe(201);
    const lead = await apiAs(e2e, 'lead.dn');
    const url = `/api/kmc/facilities/${orgUnitIdOf('VN-DN-H01')}/readiness`;
    const current = (await lead('GET', url)).json<{ declaration: { version: number } | null }>();
    const saved = await lead('PUT', url, {
      version: current.declaration?.version ?? null,
      offersKmc: true,
      offeredSince: '2025-06-01',
      places: ['kmc_ward'],
      providesSpecialCare: false,
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const { context, page } = await openAs(e2e, 'midwife.dn', { mobile: true });
    await page.goto('/kmc');
    const card = page.getByRole('listitem').filter({ hasText: 'Lê Thị Rất Nhỏ' });
    await card.getByText(vi.urgentReferralShort).waitFor();
    await card.getByRole('link', { name: vi.open }).click();
    const alert = page.locator('[data-special-care="false"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Chuyển tuyến khẩn: dưới 1\.500 g hoặc dưới 32 tuần/);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
