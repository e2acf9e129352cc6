import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserAvailable, openInEnglish, useE2E } from './harness';

const fixture = (name: string) =>
  readFileSync(new URL(`../../server/features/org-units/fixtures/${name}`, import.meta.url));

describe.runIf(browserAvailable())('DHIS2 org-unit import in a real browser', () => {
  const e2e = useE2E();

  it('previews a partial DHIS2 export on a phone: where it attaches, each type and where it came from, the closing date', async () => {
    const { context, page } = await openInEnglish(e2e, 'admin', { mobile: true });
    await page.goto('/org-units');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File format').selectOption('dhis2');
    await dialog.getByLabel('Attach units whose parent is not in the file under').fill('Đà Nẵng');
    await dialog.getByRole('button', { name: 'Choose Thành phố Đà Nẵng' }).click();
    await dialog.getByLabel('DHIS2 org-unit groups (optional)').fill('{"CHC": "facility"}');
    await dialog.getByLabel('DHIS2 levels').fill('{"3": "district", "4": "commune"}');
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'sierra-leone.json',
      mimeType: 'application/json',
      buffer: fixture('dhis2-sierra-leone-badjia.json'),
    });
    await dialog.getByRole('button', { name: 'Check the file' }).click();
    await dialog.getByRole('heading', { name: 'What the import does' }).waitFor();
    const ngelehun = dialog.getByRole('row').filter({ hasText: 'Ngelehun CHC' });
    expect(await ngelehun.getByRole('cell').allInnerTexts()).toEqual([
      '2',
      'Ngelehun CHC',
      'OU_559',
      'Facility (group)',
      'Badjia',
      '22 May 2025',
      'New',
    ]);
    await dialog.getByText('The file is valid. Nothing has been written yet.').waitFor();
    expect(await e2e.testDb.db.query("select 1 from org_units where dhis2_id = 'DiszpKrYNg8'")).toEqual([]);
    // Nothing on the phone is wider than the screen.
    // (A string: the e2e files are typed without the DOM.)
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
