import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isoToZonedLocal } from '../../shared/births/zoned-time';
import { browserAvailable, chooseEnglish, loginAs, newPage, useE2E } from './harness';

/** Fills a text input found by the start of its label (labels of required fields end with "*"). */
const field = (page: Page, label: string) =>
  page.getByRole('textbox', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) });
/**
 * A radio in a group found by the start of its legend. Clicks until it is checked: leaving a text field
 * shows its error message, which can move the next row while the pointer is going down.
 */
const pick = (page: Page, group: string, option: string) => ({
  async check() {
    const radio = page
      .getByRole('group', { name: new RegExp(`^${group}`) })
      .getByRole('radio', { name: option, exact: true });
    for (let i = 0; i < 3 && !(await radio.isChecked()); i++) await radio.click();
    expect(await radio.isChecked()).toBe(true);
  },
});

/** Three hours ago on the facility's clock (Đà Nẵng), as the datetime-local input expects it. */
const threeHoursAgo = () =>
  isoToZonedLocal(new Date(Date.now() - 3 * 3_600_000).toISOString(), 'Asia/Ho_Chi_Minh');

describe.runIf(browserAvailable())('birth register in a real browser', () => {
  const e2e = useE2E();

  it('a midwife records a normal birth and a resuscitation, sees the warnings, saves both and finds them in the list', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB' });
    await loginAs(page, 'midwife.dn');
    await chooseEnglish(page);

    // 1. A normal birth, recorded by keyboard and taps only.
    await page.getByRole('navigation').getByRole('link', { name: 'Births' }).click();
    await page.getByRole('link', { name: 'New birth' }).click();
    await field(page, 'Facility record number').fill('DN-2026-101');
    await field(page, 'Age').fill('26');
    await page.getByLabel(/^Date and time of birth/).fill(threeHoursAgo());
    await pick(page, 'Mode of birth', 'Spontaneous vaginal').check();
    await pick(page, 'Sex', 'Girl').check();
    await pick(page, 'Outcome', 'Live birth').check();
    await field(page, 'Birth weight').fill('3150');
    await field(page, 'Drying started').fill('3');
    await pick(page, 'Breathing or crying', 'Yes').check();
    await field(page, 'Cord clamped').fill('2');
    await field(page, 'Skin-to-skin started').fill('1');
    await field(page, 'Skin-to-skin lasted').fill('100');
    await pick(page, 'Separated before', 'No').check();
    await field(page, 'First breastfeed started').fill('25');
    await page.getByText('No practice warnings.').waitFor();
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText('Birth saved.', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('DN-2026-101');

    // 2. A baby who did not breathe: bag-and-mask late; cord clamped early and skin-to-skin after
    //    stabilisation, both right for a baby who needed resuscitation.
    await page.goto('/births/new');
    await field(page, 'Facility record number').fill('DN-2026-102');
    await field(page, 'Age').fill('31');
    await page.getByLabel(/^Date and time of birth/).fill(threeHoursAgo());
    await pick(page, 'Mode of birth', 'Caesarean').check();
    await pick(page, 'Sex', 'Boy').check();
    await pick(page, 'Outcome', 'Live birth').check();
    await field(page, 'Birth weight').fill('1850');
    await pick(page, 'Breathing or crying', 'No').check();
    await field(page, 'Bag-and-mask started').fill('75');
    await pick(page, 'Result of resuscitation', 'Breathing well').check();
    await field(page, 'Cord clamped').fill('0.5');
    await field(page, 'Skin-to-skin started').fill('15');
    await field(page, 'Skin-to-skin lasted').fill('40');
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
    const { context, page } = await newPage(e2e, { locale: 'en-GB', mobile: true });
    await loginAs(page, 'midwife.dn');
    await chooseEnglish(page);
    await page.goto('/births/new');
    await field(page, 'Facility record number').fill('DN-2026-201');
    const local = (hoursAgo: number) =>
      isoToZonedLocal(new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), 'Asia/Ho_Chi_Minh');
    await page.getByLabel(/^Date and time of birth/).fill(local(20));
    await pick(page, 'Membranes ruptured more than 18 hours before birth', 'Yes').check();
    await pick(page, 'Mother had fever in labour', 'No').check();
    await pick(page, 'Mode of birth', 'Spontaneous vaginal').check();
    await pick(page, 'Sex', 'Girl').check();
    await pick(page, 'Outcome', 'Live birth').check();
    await field(page, 'Birth weight').fill('3200');
    await pick(page, 'Breathing or crying', 'Yes').check();
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText('Birth saved.', { exact: true }).waitFor();

    // Discharged an hour ago, 19 h after the birth (maybe the next calendar day: the time decides).
    const left = local(1);
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
    const { context, page } = await newPage(e2e, { locale: 'vi-VN' });
    await loginAs(page, 'midwife.dn');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.goto('/births/new');
    await field(page, 'Số hồ sơ của cơ sở').fill('DN-2026-999');
    await pick(page, 'Giới tính', 'Gái').check();
    await field(page, 'Cân nặng lúc sinh').fill('120');
    await pick(page, 'Kết quả', 'Chết lưu mủn').check();
    await page.getByRole('button', { name: 'Lưu ca sinh' }).click();
    const weight = field(page, 'Cân nặng lúc sinh');
    await expect.poll(() => weight.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Cân nặng lúc sinh phải từ 500 đến 9.000 g.').waitFor();
    const [row] = await e2e.testDb.db.query<{ n: number }>(
      "select count(*) as n from births where mother_record_number = 'DN-2026-999'",
    );
    expect(Number(row!.n)).toBe(0);
    await context.close();
  });
});
