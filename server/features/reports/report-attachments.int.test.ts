import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../../../shared/reports/report-attachments';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/reports/report-attachments';
import type { Report, ReportDiff, SubmissionDocument } from '../../../shared/reports/report.schema';
import { userIdOf } from '../../seed/demo';
import { countRows, expectError, expectOk } from '../../test/api-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { LA, VN } from '../../test/demo-units';

const ITEM = 'policy_national_guideline';

/** A minimal file of each kind: what matters here is the first bytes. */
const PDF = Buffer.from('%PDF-1.4\n% Quyết định 4673/QĐ-BYT\n%%EOF\n', 'utf8');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 1),
]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('notes.txt hello')]);

let t: TestApp;
let author: TestClient;
let authorLa: TestClient;
let admin: TestClient;
let partner: TestClient;
let report: Report;

const upload = (
  c: TestClient,
  id: string,
  key: string,
  filename: string,
  bytes: Buffer,
  type = 'application/pdf',
) =>
  c.request({
    method: 'POST',
    url: `/api/reports/${id}/values/${key}/attachments?filename=${encodeURIComponent(filename)}`,
    payload: bytes,
    headers: { 'content-type': type },
  });

beforeAll(async () => {
  t = await createTestApp();
  author = await t.login('national.vn');
  authorLa = await t.login('national.la');
  admin = await t.login('admin');
  partner = await t.login('partner.who');
  report = expectOk<Report>(await author.post('/api/reports', { countryId: VN, biennium: '2024-2025' }), 201);
});
afterAll(() => t?.close());

describe('attaching evidence files to manual items', () => {
  let pdf: AttachmentRef;

  it('stores a PDF with its type read from its bytes, lists it on the item and serves the same bytes', async () => {
    pdf = expectOk<AttachmentRef>(
      await upload(author, report.id, ITEM, 'Quyết định 4673.pdf', PDF, 'application/octet-stream'),
      201,
    );
    expect(pdf).toMatchObject({
      filename: 'Quyết định 4673.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const view = expectOk<Report>(await author.get(`/api/reports/${report.id}`));
    expect(view.values.find((v) => v.key === ITEM)!.attachments).toEqual([pdf]);
    const res = await author.get(`/api/reports/${report.id}/attachments/${pdf.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Quy%E1%BA%BFt");
    expect(res.rawPayload.equals(PDF)).toBe(true);
  });

  it.each([
    ['an executable renamed .pdf', 'decree.pdf', EXE, 'không phải PDF, ảnh PNG hoặc JPEG'],
    ['a PNG named .pdf', 'photo.pdf', PNG, 'Nội dung tệp là tệp png'],
    ['a zip that is not a workbook', 'survey.xlsx', ZIP, 'không phải PDF, ảnh PNG hoặc JPEG'],
    ['an empty file', 'empty.pdf', Buffer.alloc(0), 'Tệp rỗng'],
    [
      'a file over the limit',
      'big.pdf',
      Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES)]),
      'lớn hơn 5 MB',
    ],
  ])('refuses %s in Vietnamese and writes nothing', async (_what, name, bytes, message) => {
    const before = await countRows(t.db, 'report_attachments');
    const audit = await countRows(t.db, 'audit_log');
    const body = expectError(await upload(author, report.id, ITEM, name, bytes), 400, 'validation_failed');
    expect(body.issues).toEqual([{ path: 'file', message: expect.stringContaining(message) }]);
    expect([await countRows(t.db, 'report_attachments'), await countRows(t.db, 'audit_log')]).toEqual([
      before,
      audit,
    ]);
  });

  it('answers in English to an English-speaking author, and refuses files on computed values', async () => {
    const la = expectOk<Report>(
      await authorLa.post('/api/reports', { countryId: LA, biennium: '2024-2025' }),
      201,
    );
    const body = expectError(
      await upload(authorLa, la.id, ITEM, 'decree.pdf', EXE),
      400,
      'validation_failed',
    );
    expect(body.issues[0]!.message).toContain('is not a PDF, a PNG or JPEG image, or an Excel workbook');
    const computed = expectError(
      await upload(authorLa, la.id, 'live_births', 'a.pdf', PDF),
      400,
      'validation_failed',
    );
    expect(computed.issues).toEqual([{ path: 'key', message: expect.stringContaining('manual items') }]);
  });

  it('accepts a PNG photo and refuses it to anyone outside the report', async () => {
    const png = expectOk<AttachmentRef>(
      await upload(author, report.id, 'commodities_bag_mask', 'kho.png', PNG, 'image/png'),
      201,
    );
    expect(png.contentType).toBe('image/png');
    // Another country's author and a partner outside the pair do not read a draft, nor its files.
    expectError(await authorLa.get(`/api/reports/${report.id}/attachments/${png.id}`), 403, 'out_of_scope');
    expectError(await partner.get(`/api/reports/${report.id}/attachments/${png.id}`), 403, 'out_of_scope');
    expectError(await upload(authorLa, report.id, ITEM, 'x.pdf', PDF), 403, 'out_of_scope');
    expectOk(await author.delete(`/api/reports/${report.id}/attachments/${png.id}`), 204);
    expectError(await author.get(`/api/reports/${report.id}/attachments/${png.id}`), 404, 'not_found');
  });

  it('audits uploads, removals and downloads', async () => {
    const rows = await t.db.query<{ action: string; details: { attachment?: { filename: string } } }>(
      "select action, details from audit_log where entity_type = 'country_report' and entity_id = $1 and details ? 'attachment' order by id",
      [report.id],
    );
    expect(rows.map((r) => [r.action, r.details.attachment!.filename])).toEqual([
      ['create', 'Quyết định 4673.pdf'],
      ['export', 'Quyết định 4673.pdf'],
      ['create', 'kho.png'],
      ['delete', 'kho.png'],
    ]);
  });

  it("keeps a published report's files in its snapshot and never changes them; reopening copies them", async () => {
    expectOk(
      await author.patch(`/api/reports/${report.id}`, {
        rowVersion: report.rowVersion,
        manual: { [ITEM]: { text: 'Quyết định 4673/QĐ-BYT', source: 'Bộ Y tế, 2014' } },
      }),
    );
    expectOk(await author.post(`/api/reports/${report.id}/submit`));
    expectOk(
      await admin.put(`/api/reports/reviewers/${VN}`, {
        reviewerIds: [userIdOf('national.la'), userIdOf('partner.who')],
      }),
    );
    expectOk(await admin.post(`/api/reports/${report.id}/start-review`));
    expectOk(await authorLa.post(`/api/reports/${report.id}/validate`));
    expectOk(await admin.post(`/api/reports/${report.id}/publish`));

    const doc = expectOk<SubmissionDocument>(await author.get(`/api/reports/${report.id}/submission`));
    expect(doc.values.find((v) => v.key === ITEM)!.attachments).toEqual([pdf]);
    // The route refuses, and so does the database under it.
    expectError(await upload(author, report.id, ITEM, 'late.pdf', PDF), 409, 'conflict');
    expectError(await author.delete(`/api/reports/${report.id}/attachments/${pdf.id}`), 409, 'conflict');
    await expect(
      t.db.query("update report_attachments set content = '\\x00'::bytea, size_bytes = 1 where id = $1", [
        pdf.id,
      ]),
    ).rejects.toThrow(/published report/);
    await expect(t.db.query('delete from report_attachments where id = $1', [pdf.id])).rejects.toThrow(
      /published report/,
    );
    // Published: read by anyone over the country, files included, the bytes checked against the snapshot.
    const published = await partner.get(`/api/reports/${report.id}/attachments/${pdf.id}`);
    expect(published.rawPayload.equals(PDF)).toBe(true);

    const v2 = expectOk<Report>(await author.post(`/api/reports/${report.id}/reopen`));
    const copied = v2.values.find((v) => v.key === ITEM)!.attachments!;
    expect(copied.map((a) => [a.filename, a.sha256])).toEqual([[pdf.filename, pdf.sha256]]);
    expect(copied[0]!.id).not.toBe(pdf.id);
    expectOk(await author.delete(`/api/reports/${v2.id}/attachments/${copied[0]!.id}`), 204);
    const diff = expectOk<ReportDiff>(await author.get(`/api/reports/${v2.id}/diff`));
    expect(diff.values.filter((d) => d.field === 'attachments')).toEqual([
      { key: ITEM, field: 'attachments', before: `${pdf.filename} (${pdf.sha256.slice(0, 8)})`, after: null },
    ]);
    const old = expectOk<SubmissionDocument>(await author.get(`/api/reports/${report.id}/submission`));
    expect(old.values.find((v) => v.key === ITEM)!.attachments).toEqual([pdf]);
  });
});
