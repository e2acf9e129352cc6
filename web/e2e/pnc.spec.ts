import { describe, expect, it } from 'vitest';
import { pncI18n } from '../features/pnc/i18n';
import { browserAvailable, openAs, recordHospitalBirth, useE2E } from './harness';

const vi = pncI18n.vi;

describe.runIf(browserAvailable())('postnatal follow-up in a real browser', () => {
  const motherName = 'Nguyễn Thị Bình';

  const e2e = useE2E(async () => {
    // Seed through the API: a midwife of the provincial hospital records a birth 50 hours ago; the
    // mother lives in the commune of pnc.hc1, so contact 2 is due today there.
    const bornAt = new Date(Date.now() - 50 * 3_600_000).toISOString();
    const birth = await recordHospitalBirth(e2e, {
      mother: {
        recordNumber: 'E2E-PNC-1',
        name: motherName,
        phone: '0905 123 456',
      },
      delivery: { bornAt },
    });
    expect(birth.statusCode, birth.body).toBe(201);
  });

  it('a PNC worker records a home visit with a danger sign, is prompted to refer, and the case stays open', async () => {
    const { context, page } = await openAs(e2e, 'pnc.hc1', { mobile: true });
    await page.goto('/pnc');
    const dueToday = page.getByRole('region', { name: vi['section.due_today'] });
    const card = dueToday.getByRole('listitem').filter({ hasText: motherName });
    await card.waitFor();
    // The mother's phone, in scope for the worker of her commune, is a call link.
    expect(await card.getByRole('link', { name: vi.call.replace('{phone}', '0905 123 456') }).count()).toBe(
      1,
    );
    await card.getByRole('link', { name: vi.recordContact }).first().click();

    const form = page.getByRole('form', { name: vi.recordContact });
    await form.waitFor();
    // The form opens at the top of the phone's screen, not below the schedule.
    await expect.poll(async () => (await form.boundingBox())?.y ?? 9999).toBeLessThan(844 / 2);
    expect(await form.getByRole('radio', { name: vi['place.home'] }).isChecked()).toBe(true);
    const baby = form.getByRole('group', { name: vi.baby.replace('{n}', '1'), exact: true });
    await baby.getByLabel(vi.breathingRate).fill('48');
    await baby.getByRole('checkbox', { name: 'Co giật' }).check();
    // The form warns while typing, before anything is saved, inside the baby's group beside the signs.
    await baby.getByRole('alert').filter({ hasText: vi.urgentTitle }).waitFor();
    expect(await baby.getByRole('alert').filter({ hasText: vi.urgentTitle }).textContent()).toContain(
      'Co giật',
    );
    // An urgent finding ticks "referred"; unticked, the form says where the reason goes.
    const referred = baby.getByRole('checkbox', { name: vi.referred });
    expect(await referred.isChecked()).toBe(true);
    await referred.uncheck();
    await baby.getByText(vi.notReferredUrgent).waitFor();
    await referred.check();
    expect(await baby.getByText(vi.notReferredUrgent).count()).toBe(0);
    await form.getByRole('button', { name: 'Lưu' }).click();

    const prompt = page.getByRole('alert').filter({ hasText: vi.urgentTitle }).first();
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('Co giật');
    await page.getByRole('heading', { name: vi.referrals }).waitFor();

    // Back on the worklist the case is open, first, until someone closes it.
    await page.getByRole('link', { name: new RegExp(vi.backToList) }).click();
    const referrals = page.getByRole('region', { name: vi['section.referral'] });
    await referrals.getByRole('listitem').filter({ hasText: motherName }).waitFor();
    const tab = page.getByRole('button', { name: new RegExp(`^${vi['section.referral']}`) });
    expect((await tab.textContent())?.replace(/\s+/g, ' ')).toContain('1');
    await context.close();
  });
});
