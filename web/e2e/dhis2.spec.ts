import { describe, expect, it } from 'vitest';
import { browserAvailable, openInEnglish, useE2E } from './harness';

/** Shaped like DHIS2's /api/dataSets/{id}/metadata.json (the fields a mapping reads). */
const METADATA = {
  dataSets: [{ id: 'EencMonthly', name: 'EENC monthly', periodType: 'Monthly' }],
  dataElements: [{ id: 'DeLiveBirth', name: 'Live births (DHIS2)' }],
  categoryOptionCombos: [{ id: 'HllvX50cXC0', name: 'default' }],
};

describe.runIf(browserAvailable())('DHIS2 exchange in a real browser', () => {
  const e2e = useE2E();

  it('creates a mapping from a data set file on a phone, maps live births, and shows the values of Đà Nẵng', async () => {
    const { context, page } = await openInEnglish(e2e, 'admin', { mobile: true });
    await page.goto('/dhis2');
    await page.getByRole('heading', { name: 'DHIS2 exchange' }).waitFor();
    await page.getByLabel('Name').fill('EENC monthly');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'metadata.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(METADATA)),
    });
    await page.getByRole('button', { name: 'New mapping' }).click();
    const editor = page.getByRole('region', { name: 'EENC monthly: What fills each DHIS2 value' });
    await editor.waitFor();
    await editor.getByRole('button', { name: 'Add a value' }).click();
    const row = editor.getByRole('group', { name: '#1' });
    await row.getByLabel('Indicator').selectOption('live_births');
    await row.getByLabel('Data element').selectOption('DeLiveBirth');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    const [saved] = await e2e.testDb.db.query<{ version: number; rows: unknown[] }>(
      "select version, rows from dhis2_mappings where name = 'EENC monthly'",
    );
    expect(saved).toEqual({
      version: 2,
      rows: [
        {
          indicator: 'live_births',
          part: 'numerator',
          dataElement: 'DeLiveBirth',
          categoryOptionCombo: 'HllvX50cXC0',
        },
      ],
    });

    const values = page.getByRole('region', { name: 'Values of an area and period' });
    await values.getByRole('searchbox', { name: 'Area' }).fill('Đà Nẵng');
    await values.getByRole('button', { name: 'Choose Thành phố Đà Nẵng' }).click();
    await values.getByLabel('Period').fill('2026Q1');
    await values.getByRole('button', { name: 'Show the values' }).click();
    // The demo facilities did not come from DHIS2: nothing to send, and the page says which were left out.
    await page.getByText('0 values for 202601, 202602, 202603.').waitFor();
    await page.getByText(/^Not sent, no DHIS2 id/).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
