import { describe, expect, it } from 'vitest';
import { orgUnitIdOf } from '../../server/seed/demo';
import { screeningMessagesVi } from '../../shared/screening/screening-messages';
import { screeningI18n } from '../features/screening/i18n';
import { apiAs, browserAvailable, openAs, pageWidth, useE2E } from './harness';

const vi = screeningI18n.vi;

describe.runIf(browserAvailable())('cervical screening in a real browser', () => {
  const name = 'Ngô Thị Sàng Lọc';

  const e2e = useE2E(async () => {
    // A woman of commune C01, 36 and never screened: due (overdue) on the commune's list.
    const api = await apiAs(e2e, 'pnc.hc1');
    const res = await api('POST', '/api/screening/clients', {
      id: '00000000-0000-4000-8000-0000000e2e22',
      orgUnitId: orgUnitIdOf('VN-DN-HC-C01'),
      birthId: null,
      name,
      birthYear: 1990,
      birthDate: null,
      phone: '0905 222 333',
      hivStatus: 'negative',
      language: 'vi',
      remindersEnabled: true,
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a commune worker finds a due woman, records HPV positive, treats her and she leaves the treat list', async () => {
    const { context, page } = await openAs(e2e, 'pnc.hc1', { mobile: true });
    /** Opens the woman from a list of the screening page at `url`. */
    const openFrom = async (url: string) => {
      await page.goto(url);
      const card = page.getByRole('listitem').filter({ hasText: name });
      await card.waitFor();
      await card.getByRole('link', { name: vi.open }).click();
    };
    await openFrom(`/screening?q=${encodeURIComponent('ngo thi sang loc')}`);

    await page.getByRole('button', { name: vi.recordTitle }).click();
    const form = page.getByRole('form', { name: vi.recordTitle });
    await form.getByLabel(vi.result, { exact: true }).selectOption('positive');
    await form.getByRole('button', { name: vi.save }).click();
    await page.getByText(vi['step.treat']).first().waitFor();

    await openFrom('/screening?tab=action');
    await page.getByRole('button', { name: vi.edit }).click();
    const update = page.getByRole('form', { name: vi.updateTitle });
    await update.getByLabel(vi.treatment, { exact: true }).selectOption('thermal_ablation');
    await update.getByRole('button', { name: vi.save }).click();
    await page.getByText(vi['treatment.thermal_ablation']).first().waitFor();

    await page.goto('/screening?tab=action');
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: name }).count()).toBe(0);
    // No horizontal scrolling at 390 px.
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('a national manager changes the screening rules: a contradiction is refused at its field, then saved', async () => {
    const { context, page } = await openAs(e2e, 'national.vn');
    await page.goto('/settings/screening');
    const form = page.getByRole('form', { name: vi.settingsTitle });
    await form.waitFor();
    const startAge = form.getByLabel(vi['setting.startAge'], { exact: true });
    await startAge.fill('60');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.getByText(screeningMessagesVi['screening.settingAgeOrder']).waitFor();
    await startAge.fill('30');
    await form.getByLabel(vi['setting.secondReminderDays'], { exact: true }).fill('21');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu phiên bản 1' }).waitFor();
    await context.close();
  });
});
