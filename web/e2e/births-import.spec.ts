import { describe, expect, it } from 'vitest';
import { csvFile, csvRowsOf, withCell } from '../../server/features/births-import/import-test-helpers';
import { browserAvailable, chooseLanguage, openAs, openInEnglish, useE2E } from './harness';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.runIf(browserAvailable())('birth import in a real browser', () => {
  const e2e = useE2E();

  it('uploads a CSV from the import page, shows the progress bar and the report with the row that failed', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn');
    // From the birth register's header.
    await page.getByRole('navigation').getByRole('link', { name: 'Births', exact: true }).click();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.getByRole('heading', { name: 'Import births from a CSV file' }).waitFor();
    expect(await page.getByRole('link', { name: 'Download the CSV template' }).getAttribute('href')).toBe(
      '/api/births/import/template.csv',
    );

    const rows = [
      ...csvRowsOf({ id: id(1), overrides: { mother: { recordNumber: 'WEB-1', name: 'Nguyễn Thị Lan' } } }),
      ...csvRowsOf({ id: id(2) }).map((r) => withCell(r, 'birth_weight_grams', '120')),
      ...csvRowsOf({ id: id(3), overrides: { mother: { recordNumber: 'WEB-3' } } }),
    ];
    await page.getByLabel('CSV file (UTF-8)').setInputFiles({
      name: 'births.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csvFile(rows)),
    });
    await page.getByLabel('Import the valid births, skip the others').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    await page
      .getByText('Import finished: 2 births imported, 0 already present, 1 with problems skipped.')
      .waitFor();
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
    await page.getByText('Read: 3 rows, 3 births. Imported 2, already present 0, problems 1.').waitFor();
    const problem = page.getByRole('row').filter({ hasText: 'birth_weight_grams' });
    expect(await problem.getByRole('cell').allInnerTexts()).toEqual([
      '3',
      'birth_weight_grams',
      'Birth weight must be 500 to 9,000 g.',
    ]);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the problems (CSV)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^import-problems-.*\.csv$/);

    const stored = await e2e.testDb.db.query<{ mother_record_number: string }>(
      'select mother_record_number from births order by mother_record_number',
    );
    expect(stored.map((r) => r.mother_record_number)).toEqual(['WEB-1', 'WEB-3']);
    await context.close();
  });

  it('loads a birth older than the earliest date only with the old-register box ticked', async () => {
    const { context, page } = await openInEnglish(e2e, 'midwife.dn');
    await page.goto('/births/import');
    const old = csvRowsOf({
      id: id(20),
      overrides: { mother: { recordNumber: 'OLD-1995' }, delivery: { bornAt: '1995-03-01T08:00:00+07:00' } },
    });
    const choose = () =>
      page.getByLabel('CSV file (UTF-8)').setInputFiles({
        name: 'old-register.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csvFile(old)),
      });
    const box = page.getByRole('checkbox', {
      name: 'Old register: also accept births dated before the register’s earliest date',
    });
    expect(await box.isChecked()).toBe(false);
    await choose();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Nothing was imported: fix the problems below and import the file again.').waitFor();
    await page.getByRole('row').filter({ hasText: 'born_at' }).waitFor();

    await box.check();
    await choose();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Import finished: 1 births imported, 0 already present.').waitFor();
    const stored = await e2e.testDb.db.query<{ birth_date: string }>(
      "select to_char(birth_date, 'YYYY-MM-DD') as birth_date from births where mother_record_number = 'OLD-1995'",
    );
    expect(stored).toEqual([{ birth_date: '1995-03-01' }]);
    await context.close();
  });

  it('explains how to save as CSV UTF-8 when the file is Latin-1, in Vietnamese, on a phone', async () => {
    const { context, page } = await openAs(e2e, 'midwife.dn', { locale: 'vi-VN', mobile: true });
    await chooseLanguage(page, 'Tiếng Việt');
    await page.goto('/births/import');
    await page.getByRole('heading', { name: 'Nhập ca sinh từ tệp CSV' }).waitFor();
    const row = withCell(csvRowsOf({ id: id(9) })[0]!, 'mother_name', 'Hélène');
    await page.getByLabel('Tệp CSV (UTF-8)').setInputFiles({
      name: 'latin1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csvFile([row]), 'latin1'),
    });
    await page.getByRole('button', { name: 'Nhập', exact: true }).click();
    await page.getByRole('alert').getByText('CSV UTF-8', { exact: false }).waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('dòng 2');
    await context.close();
  });
});
