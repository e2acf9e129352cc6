import { describe, expect, it } from 'vitest';
import { orgUnitIdOf, userIdOf } from '../../server/seed/demo';
import { reportTextsOf } from '../../shared/reports/report-texts';
import { reportsI18n } from '../features/reports/i18n';
import { apiAs, browserAvailable, openAs, useE2E } from './harness';

const vi = reportsI18n.vi;
const en = reportsI18n.en;

describe.runIf(browserAvailable())('a country report from draft to published, in a real browser', () => {
  const e2e = useE2E(async () => {
    // The regional coordinator has assigned VN's pair: the Lao manager and the partner account.
    const api = await apiAs(e2e, 'admin');
    const res = await api('PUT', `/api/reports/reviewers/${orgUnitIdOf('VN')}`, {
      reviewerIds: [userIdOf('national.la'), userIdOf('partner.who')],
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('the national manager creates and submits, a reviewer queries, the country answers, the report is validated, published and downloaded', async () => {
    // The national manager, on a phone, in Vietnamese.
    const author = await openAs(e2e, 'national.vn', { mobile: true });
    await author.page.goto('/reports');
    await author.page.getByRole('button', { name: vi.create }).click();
    await author.page.getByRole('button', { name: vi['action.submit'] }).waitFor();
    const reportUrl = author.page.url();
    // A manual item without its source is refused with the reason next to the field.
    await author.page
      .getByLabel(`Hướng dẫn quốc gia về EENC đã ban hành: ${vi.answer}`)
      .fill('Quyết định 4673/QĐ-BYT');
    await author.page.getByRole('button', { name: vi.saveContent }).click();
    await author.page.getByText('giá trị nhập tay không có nguồn sẽ không được chấp nhận').waitFor();
    await author.page.getByLabel(vi.source).first().fill('Bộ Y tế, 2014');
    await author.page.getByRole('button', { name: vi.saveContent }).click();
    await author.page.getByText(vi.saved).waitFor();
    // Evidence: a file that is not a PDF is refused by its content, the reason under the input; a PDF is kept.
    const fileInput = author.page.getByLabel(vi.attachFile.replace('{mb}', '5')).first();
    await fileInput.setInputFiles({
      name: 'quyet-dinh.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ: not a PDF'),
    });
    await author.page.getByText('không phải PDF, ảnh PNG hoặc JPEG').waitFor();
    await fileInput.setInputFiles({
      name: 'Quyết định 4673.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await author.page.getByRole('link', { name: 'Quyết định 4673.pdf' }).waitFor();
    await author.page.getByRole('button', { name: vi['action.submit'] }).click();
    await author.page.getByText(reportTextsOf('vi').states.submitted).first().waitFor();

    // The coordinator starts the review.
    const coordinator = await openAs(e2e, 'admin');
    await coordinator.page.goto(reportUrl.replace(/^.*\/reports/, '/reports'));
    await coordinator.page.getByRole('button', { name: en['action.start_review'] }).click();
    await coordinator.page.getByText(reportTextsOf('en').states.under_review).first().waitFor();

    // A reviewer of the pair asks about live births.
    const reviewer = await openAs(e2e, 'partner.who');
    await reviewer.page.goto(reportUrl.replace(/^.*\/reports/, '/reports'));
    const row = reviewer.page.getByRole('row').filter({ hasText: 'Live births' });
    await row.getByRole('button', { name: en.ask }).click();
    await row.getByLabel(en.question).fill('Are private hospitals included?');
    await row.getByRole('button', { name: en.send }).click();
    await reviewer.page.getByText(en['query.open']).waitFor();

    // The country answers in the thread.
    await author.page.reload();
    await author.page.getByText('Are private hospitals included?').waitFor();
    await author.page.getByLabel(vi.reply).fill('Có, gồm các bệnh viện tư nhân.');
    await author.page.getByRole('button', { name: vi.send }).click();
    await author.page.getByText(vi['query.answered']).waitFor();

    // The reviewer closes the thread, validates the value, then the report.
    await reviewer.page.reload();
    await reviewer.page.getByLabel(en.reply).fill('Thank you.');
    await reviewer.page.getByRole('button', { name: en.closeQuery }).click();
    await reviewer.page.getByText(en['query.closed']).waitFor();
    await row.getByRole('button', { name: en.validated, exact: true }).click();
    await row.locator('.report-review', { hasText: reportTextsOf('en').reviews.validated }).waitFor();
    await reviewer.page.getByRole('button', { name: en['action.validate'] }).click();
    await reviewer.page.getByText(reportTextsOf('en').states.validated).first().waitFor();

    // The coordinator publishes; the country downloads the PDF.
    await coordinator.page.reload();
    await coordinator.page.getByRole('button', { name: en['action.publish'] }).click();
    await coordinator.page.getByRole('button', { name: en['action.publish'] }).waitFor({ state: 'detached' });
    await author.page.reload();
    await author.page.getByRole('button', { name: vi['action.reopen'] }).waitFor();
    // The published report still lists the attached evidence.
    await author.page.getByRole('link', { name: 'Quyết định 4673.pdf' }).waitFor();
    expect(
      await author.page
        .locator('img.report-chart')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    const download = author.page.waitForEvent('download');
    await author.page.getByRole('link', { name: vi.downloadPdf }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^eenc-report-VN-\d{4}-\d{4}-v1\.pdf$/);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
    for (const p of [author, coordinator, reviewer]) await p.context.close();
  });
});
