import { describe, expect, it } from 'vitest';
import {
  browserAvailable,
  fillLiveBirth,
  saveNormalBirth,
  hoursAgoLocal,
  openAs,
  openInEnglish,
  pickRadio,
  textboxByLabel,
  useE2E,
} from './harness';

describe.runIf(browserAvailable())('birth register in a real browser', () => {
  const e2e = useE2E();

  it('a midwife records a normal birth and a resuscitation, sees the warnings, saves both and finds them in the list', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn');

    // 1. A normal birth, recorded by keyboard and taps only.
    await page.getByRole('navigation').getByRole('link', { name: 'Births' }).click();
    await page.getByRole('link', { name: 'New birth' }).click();
    await saveNormalBirth(page, {
      recordNumber: 'DN-2026-101',
      age: '26',
      sex: 'Girl',
      grams: '3150',
      ssc: '100',
    });
    await page.getByText('Birth saved.', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('DN-2026-101');

    // 2. A baby who did not breathe: bag-and-mask late; cord clamped early and skin-to-skin after
    //    stabilisation, both right for a baby who needed resuscitation.
    await page.goto('/births/new');
    await fillLiveBirth(page, {
      recordNumber: 'DN-2026-102',
      age: '31',
      mode: 'Caesarean',
      sex: 'Boy',
      weightGrams: '1850',
    });
    await pickRadio(page, 'Breathing or crying', 'No');
    await textboxByLabel(page, 'Bag-and-mask started').fill('75');
    await pickRadio(page, 'Result of resuscitation', 'Breathing well');
    await textboxByLabel(page, 'Cord clamped').fill('0.5');
    await textboxByLabel(page, 'Skin-to-skin started').fill('15');
    await textboxByLabel(page, 'Skin-to-skin lasted').fill('40');
    const warnings = page.getByRole('region', { name: 'Practice warnings' });
    await warnings.getByText('Bag-and-mask not started within 60 s').waitFor();
    // Skin-to-skin after stabilisation and early clamping are right for a resuscitated baby: no warnings.
    expect(await warnings.textContent()).not.toContain('Skin-to-skin');
    expect(await warnings.textContent()).not.toContain('Cord clamped before');
    // Eligible for kangaroo mother care under the default rule (< 2,000 g).
    await page.getByText('Eligible for kangaroo mother care').waitFor();
    await warnings
      .getByRole('textbox', { name: /Reason for: Bag-and-mask not started/ })
      .fill('Bag and mask were being fetched');
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText(/Birth saved with 1 practice warning/).waitFor();
    await page.getByText('Bag-and-mask not started within 60 s — Bag and mask were being fetched').waitFor();

    // 3. Both appear in the list, newest first, with their warnings.
    await page.getByRole('navigation').getByRole('link', { name: 'Births' }).click();
    const rows = page.getByRole('row');
    await page.getByRole('link', { name: 'DN-2026-102' }).waitFor();
    await page.getByRole('link', { name: 'DN-2026-101' }).waitFor();
    const text = await rows.allTextContents();
    const i101 = text.findIndex((r) => r.includes('DN-2026-101'));
    const i102 = text.findIndex((r) => r.includes('DN-2026-102'));
    expect(text[i102]).toContain('Bag-and-mask not started');
    expect(text[i101]).not.toContain('⚠');
    const [row] = await e2e.testDb.db.query<{ n: number }>(
      "select count(*) as n from births where mother_record_number like 'DN-2026-10%'",
    );
    expect(Number(row!.n)).toBe(2);
    await context.close();
  });

  it('records the infection risk factors and the time of discharge, and flags a discharge before 24 h', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn', { mobile: true });
    await page.goto('/births/new');
    // On a phone the form is a sequence of steps: mother, delivery, the baby, its routine care.
    const next = page.getByRole('button', { name: 'Next', exact: true });
    await textboxByLabel(page, 'Facility record number').fill('DN-2026-201');
    await next.click();
    await page.getByLabel(/^Date and time of birth/).fill(hoursAgoLocal(20));
    await pickRadio(page, 'Membranes ruptured more than 18 hours before birth', 'Yes');
    await pickRadio(page, 'Mother had fever in labour', 'No');
    await pickRadio(page, 'Mode of birth', 'Spontaneous vaginal');
    await next.click();
    await pickRadio(page, 'Sex', 'Girl');
    await pickRadio(page, 'Outcome', 'Live birth');
    await textboxByLabel(page, 'Birth weight').fill('3200');
    await pickRadio(page, 'Breathing or crying', 'Yes');
    await next.click();
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText('Birth saved.', { exact: true }).waitFor();

    // Discharged an hour ago, 19 h after the birth (maybe the next calendar day: the time decides).
    const left = hoursAgoLocal(1);
    await page.getByRole('button', { name: 'Record discharge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record discharge' });
    await dialog.getByLabel(/^Discharge date/).fill(left.slice(0, 10));
    await dialog.getByLabel(/^Discharge time/).fill(left.slice(11, 16));
    await dialog.getByRole('radio', { name: 'Alive', exact: true }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText('Discharged less than 24 h after birth (the same day, when no time is recorded)')
      .waitFor();

    const [row] = await e2e.testDb.db.query<{
      discharge_time: string;
      risk: boolean;
      fever: boolean;
      markers: string[];
    }>(
      `select n.discharge_time, b.membranes_ruptured_over_18h as risk, b.maternal_fever_in_labour as fever,
              s.risk_markers as markers
         from births b join newborns n on n.birth_id = b.id join pnc_subjects s on s.id = n.id
        where b.mother_record_number = 'DN-2026-201'`,
    );
    expect(row).toEqual({
      discharge_time: left.slice(11, 16),
      risk: true,
      fever: false,
      markers: ['infection_risk'],
    });
    await context.close();
  });

  it('blocks impossible data with the message next to the input, and saves nothing', async () => {
    const { context, page } = await openAs(e2e, 'midwife.dn', { locale: 'vi-VN' });
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.goto('/births/new');
    await textboxByLabel(page, 'Số hồ sơ của cơ sở').fill('DN-2026-999');
    await pickRadio(page, 'Giới tính', 'Gái');
    await textboxByLabel(page, 'Cân nặng lúc sinh').fill('120');
    await pickRadio(page, 'Kết quả', 'Chết lưu mủn');
    await page.getByRole('button', { name: 'Lưu ca sinh' }).click();
    const weight = textboxByLabel(page, 'Cân nặng lúc sinh');
    await expect.poll(() => weight.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Cân nặng lúc sinh phải từ 500 đến 9.000 g.').waitFor();
    const [row] = await e2e.testDb.db.query<{ n: number }>(
      "select count(*) as n from births where mother_record_number = 'DN-2026-999'",
    );
    expect(Number(row!.n)).toBe(0);
    await context.close();
  });
});
