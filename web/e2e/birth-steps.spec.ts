import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  axeViolations,
  browserAvailable,
  hoursAgoLocal,
  openInEnglish,
  pageWidth,
  pickRadio,
  textboxByLabel,
  useE2E,
} from './harness';

const PHONE_WIDTH = 390;

/** The id of the focused element, or its tag when it has none. */
const focusedId = (page: Page) =>
  page.evaluate<string>('document.activeElement.id || document.activeElement.tagName');

describe.runIf(browserAvailable())('the birth form as steps on a phone (390 × 844)', () => {
  const e2e = useE2E();

  it('a midwife records twins step by step: a step stops her until it is right, Back keeps values, a reload keeps the draft, and nothing scrolls sideways', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn', { mobile: true });
    await page.goto('/births/new');
    const index = page.getByRole('navigation', { name: 'Steps of the birth record' });
    const next = page.getByRole('button', { name: 'Next', exact: true });
    const back = page.getByRole('button', { name: 'Back', exact: true });
    const save = page.getByRole('button', { name: 'Save birth' });
    const wide: string[] = [];
    const violations: string[] = [];
    /** Checks the step shown: its place, its heading focused (after a move), its width and axe. */
    const atStep = async (progress: string, heading: string, headingId?: string) => {
      await index.getByText(progress, { exact: true }).waitFor();
      await page.getByRole('heading', { name: heading, level: 2, exact: true }).waitFor();
      if (headingId) expect(await focusedId(page)).toBe(headingId);
      const width = await pageWidth(page);
      if (width !== PHONE_WIDTH) wide.push(`${heading} ${width}px`);
      violations.push(...(await axeViolations(page)).map((v) => `${heading} ${v}`));
    };

    // 1. Mother. Only her step is on the screen; no Save yet, no Back on the first step.
    await atStep('Step 1 of 4', 'Mother');
    expect(await page.getByRole('heading', { name: 'Delivery', level: 2 }).count()).toBe(0);
    expect(await save.count()).toBe(0);
    expect(await back.count()).toBe(0);
    for (const button of [next, index.getByRole('button', { name: /^Delivery/ })])
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    // Next without a record number: she stays, told why next to the field, the field focused.
    await next.click();
    await page.getByText('Correct the highlighted fields to go on to the next step.').waitFor();
    await page.getByText('Enter the facility record number.').waitFor();
    const recordNumber = textboxByLabel(page, 'Facility record number');
    expect(await recordNumber.getAttribute('aria-invalid')).toBe('true');
    expect(await recordNumber.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await index.getByText('Step 1 of 4', { exact: true }).waitFor();
    await recordNumber.fill('DN-STEP-1');
    await textboxByLabel(page, 'Age').fill('29');
    await next.click();

    // 2. Delivery: nothing is chosen for her; time and mode are asked for in words.
    await atStep('Step 2 of 4', 'Delivery', 'delivery-title');
    expect(await back.boundingBox().then((b) => b!.height)).toBeGreaterThanOrEqual(44);
    await next.click();
    await page.getByText('Enter the date and time of birth.').waitFor();
    await page.getByText('Choose how the baby was born (mode of birth).').waitFor();
    expect(await page.getByText('Enter the facility record number.').count()).toBe(0);
    const bornAt = hoursAgoLocal(3);
    await page.getByLabel(/^Date and time of birth/).fill(bornAt);
    await pickRadio(page, 'Mode of birth', 'Spontaneous vaginal');
    await page.getByLabel('Number of babies').selectOption('2');
    await index.getByText('Step 2 of 6', { exact: true }).waitFor();

    // Back keeps what was entered on both steps.
    await back.click();
    await atStep('Step 1 of 6', 'Mother', 'mother-title');
    expect(await textboxByLabel(page, 'Facility record number').inputValue()).toBe('DN-STEP-1');
    await next.click();
    await atStep('Step 2 of 6', 'Delivery', 'delivery-title');
    expect(await page.getByLabel(/^Date and time of birth/).inputValue()).toBe(bornAt);
    expect(
      await page
        .getByRole('group', { name: /^Mode of birth/ })
        .getByRole('radio', { name: 'Spontaneous vaginal' })
        .isChecked(),
    ).toBe(true);
    await next.click();

    // 3. Baby 1's EENC steps, with the practice warnings as they arise.
    await atStep('Step 3 of 6', 'Baby 1', 'baby-0-title');
    await pickRadio(page, 'Sex', 'Girl');
    await pickRadio(page, 'Outcome', 'Live birth');
    await textboxByLabel(page, 'Birth weight').fill('2900');
    await textboxByLabel(page, 'Drying started').fill('3');
    await pickRadio(page, 'Breathing or crying', 'Yes');
    await textboxByLabel(page, 'Cord clamped').fill('0.5');
    const warnings = page.getByRole('region', { name: 'Practice warnings' });
    await warnings.getByText('Cord clamped before 1 min without resuscitation').waitFor();
    await textboxByLabel(page, 'Cord clamped').fill('2');
    await textboxByLabel(page, 'Skin-to-skin started').fill('1');
    await textboxByLabel(page, 'Skin-to-skin lasted').fill('100');
    await pickRadio(page, 'Separated before', 'No');
    await textboxByLabel(page, 'First breastfeed started').fill('25');
    await warnings.getByText('No practice warnings.').waitFor();

    // The phone reloads: the draft comes back, and the index takes her back to where she was.
    await page.reload();
    await page.getByText('Your unsaved draft of this birth was restored from this device.').waitFor();
    await atStep('Step 1 of 6', 'Mother');
    expect(await textboxByLabel(page, 'Facility record number').inputValue()).toBe('DN-STEP-1');
    // What she entered counts: mother, delivery and baby 1 complete, the rest still to do.
    expect(await index.getByRole('button').allTextContents()).toEqual([
      '✓ Mother: complete',
      '✓ Delivery: complete',
      '✓ Baby 1: complete',
      'Routine care, baby 1: not complete',
      'Baby 2: not complete',
      'Routine care, baby 2: not complete',
    ]);
    await index.getByRole('button', { name: /^Baby 1/ }).click();
    await atStep('Step 3 of 6', 'Baby 1', 'baby-0-title');
    expect(
      await page.getByRole('group', { name: /^Sex/ }).getByRole('radio', { name: 'Girl' }).isChecked(),
    ).toBe(true);
    expect(await textboxByLabel(page, 'Skin-to-skin lasted').inputValue()).toBe('100');
    await next.click();

    // 4. Routine care of baby 1, then baby 2's own EENC step and routine care.
    await atStep('Step 4 of 6', 'Routine care, baby 1', 'care-0-title');
    await next.click();
    await atStep('Step 5 of 6', 'Baby 2', 'baby-1-title');
    await next.click();
    await page.getByText('Choose the outcome: born alive or stillbirth.').waitFor();
    await pickRadio(page, 'Sex', 'Boy');
    await pickRadio(page, 'Outcome', 'Live birth');
    await textboxByLabel(page, 'Birth weight').fill('2750');
    await pickRadio(page, 'Breathing or crying', 'Yes');
    await next.click();
    await atStep('Step 6 of 6', 'Routine care, baby 2', 'care-1-title');
    expect(await next.count()).toBe(0);
    expect((await save.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    await save.click();
    await page.getByText('Birth saved.', { exact: true }).waitFor();
    const rows = await e2e.testDb.db.query<{ sex: string; weight: number }>(
      `select n.sex, n.birth_weight_grams as weight from births b join newborns n on n.birth_id = b.id
        where b.mother_record_number = 'DN-STEP-1' order by n.birth_order`,
    );
    expect(rows.map((r) => [r.sex, Number(r.weight)])).toEqual([
      ['female', 2900],
      ['male', 2750],
    ]);

    // The next birth starts at step 1, empty: the saved birth's draft is gone.
    await page.getByRole('link', { name: 'Record the next birth' }).click();
    await atStep('Step 1 of 4', 'Mother');
    expect(await textboxByLabel(page, 'Facility record number').inputValue()).toBe('');
    expect(await page.getByText('Your unsaved draft').count()).toBe(0);

    expect(wide).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  }, 120_000);

  it('edits a saved birth through the steps and saves from the step changed', async () => {
    const [birth] = await e2e.testDb.db.query<{ id: string }>(
      "select id from births where mother_record_number = 'DN-STEP-1'",
    );
    const { context, page } = await openInEnglish(e2e, 'midwife.dn', { mobile: true });
    await page.goto(`/births/${birth!.id}/edit`);
    const index = page.getByRole('navigation', { name: 'Steps of the birth record' });
    await index.getByText('Step 1 of 6', { exact: true }).waitFor();
    await index.getByRole('button', { name: /^Baby 2/ }).click();
    await page.getByRole('heading', { name: 'Baby 2', level: 2 }).waitFor();
    await textboxByLabel(page, 'Birth weight').fill('2780');
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.waitForURL(/\/births\/[0-9a-f-]{36}$/);
    const [row] = await e2e.testDb.db.query<{ weight: number }>(
      `select n.birth_weight_grams as weight from newborns n where n.birth_id = $1 and n.birth_order = 2`,
      [birth!.id],
    );
    expect(Number(row!.weight)).toBe(2780);
    await context.close();
  }, 60_000);
});
