import { describe, expect, it } from 'vitest';
import { DESKTOP, everyPageAt, MOTHER, PHONE, useFieldReadyE2E } from './every-page';
import { browserAvailable, hoursAgoLocal, openInEnglish, pickRadio } from './harness';

describe.runIf(browserAvailable())('the app on a phone (390 × 844)', () => {
  const e2e = useFieldReadyE2E();

  // At a desktop's width the birth form is one page with a section index; on a phone it is a sequence
  // of steps (birth-steps.spec.ts).
  it('keeps the draft of a new birth through a reload, asks for what is missing, then offers the next birth', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn', { viewport: DESKTOP });
    await page.goto('/births/new');
    const index = page.getByRole('navigation', { name: 'Sections of the birth record' });
    await index.getByText('0 of 4 sections complete').waitFor();
    await page.getByRole('textbox', { name: /^Facility record number/ }).fill('DN-PHONE-1');
    await pickRadio(page, 'Sex', 'Girl');
    await index.getByText('1 of 4 sections complete').waitFor();

    // A record number and a sex alone do not save: time, mode and outcome are asked for in words.
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText('Enter the date and time of birth.').waitFor();
    await page.getByText('Choose how the baby was born (mode of birth).').waitFor();
    await page.getByText('Choose the outcome: born alive or stillbirth.').waitFor();
    expect(await index.locator('.section-index__item--error').allTextContents()).toEqual([
      '! Delivery: needs correcting',
      '! Baby 1: needs correcting',
    ]);

    // The phone reloads (a closed tab, a crash): what was entered comes back.
    await page.reload();
    await page.getByText('Your unsaved draft of this birth was restored from this device.').waitFor();
    expect(await page.getByRole('textbox', { name: /^Facility record number/ }).inputValue()).toBe(
      'DN-PHONE-1',
    );
    expect(
      await page.getByRole('group', { name: /^Sex/ }).getByRole('radio', { name: 'Girl' }).isChecked(),
    ).toBe(true);

    const bornAt = hoursAgoLocal(2);
    await page.getByLabel(/^Date and time of birth/).fill(bornAt);
    await pickRadio(page, 'Mode of birth', 'Spontaneous vaginal');
    await pickRadio(page, 'Outcome', 'Live birth');
    await index.getByRole('button', { name: /^Routine care, baby 1/ }).click();
    await page.getByRole('button', { name: 'Save birth' }).click();
    await page.getByText('Birth saved.', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Record the next birth' }).click();
    await page.getByRole('heading', { name: 'New birth', level: 1 }).waitFor();
    // The saved birth's draft is gone: the next one starts empty.
    expect(await page.getByRole('textbox', { name: /^Facility record number/ }).inputValue()).toBe('');
    expect(await page.getByText('Your unsaved draft').count()).toBe(0);
    await context.close();
  });

  it('finds a mother on the worklist by part of her name or phone, one card per mother', async () => {
    const { context, page } = await openInEnglish(e2e, 'pnc.hc1', { mobile: true });
    await page.goto('/pnc');
    const mother = MOTHER;
    const search = page.getByRole('searchbox', { name: 'Find a mother' });
    // Typed in lower case, part of her name.
    await search.fill('hồng nhung');
    await search.press('Enter');
    await expect.poll(() => page.url()).toContain('q=');
    const cards = page.locator('.pnc-card');
    await cards.first().waitFor();
    const names = await page.locator('.pnc-card__head strong').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain(mother.name);
    await search.fill(mother.phone.replace(/\D/g, '').slice(-6));
    await search.press('Enter');
    await page.locator('.pnc-card__head strong', { hasText: mother.name }).waitFor();
    await context.close();
  });

  // Every demo role at a phone's width (at a laptop's: field-ready-desktop.spec.ts).
  everyPageAt(e2e, PHONE);
});
