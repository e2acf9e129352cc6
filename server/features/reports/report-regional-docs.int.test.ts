import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionalTrends } from '../../../shared/reports/regional-trends';
import type { RegionalSummary, Report } from '../../../shared/reports/report.schema';
import { formatNumber } from '../../../shared/reports/report-texts';
import { orgUnitIdOf, userIdOf } from '../../seed/demo';
import { expectOk } from '../../test/api-helpers';
import { pdfText, REPORT_DEMO } from './report-test-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';

let t: TestApp;
let admin: TestClient;
let reviewer: TestClient;

const vi = (n: number | null, unit = 'count') => formatNumber(n, unit, 'vi', '');

/** A country's report for a biennium taken to published, every value with data validated. */
async function publish(country: 'VN' | 'LA', username: string, biennium: string): Promise<Report> {
  const author = await t.login(username);
  const r = expectOk<Report>(
    await author.post('/api/reports', { countryId: orgUnitIdOf(country), biennium }),
    201,
  );
  expectOk(await author.post(`/api/reports/${r.id}/submit`));
  const other = country === 'VN' ? 'national.la' : 'national.vn';
  expectOk(
    await admin.put(`/api/reports/reviewers/${orgUnitIdOf(country)}`, {
      reviewerIds: [userIdOf(other), userIdOf('partner.who')],
    }),
  );
  expectOk(await admin.post(`/api/reports/${r.id}/start-review`));
  for (const v of r.values.filter((x) => x.kind === 'computed' && x.value !== null))
    expectOk(await reviewer.put(`/api/reports/${r.id}/values/${v.key}/review`, { review: 'validated' }));
  expectOk(await reviewer.post(`/api/reports/${r.id}/validate`));
  return expectOk<Report>(await admin.post(`/api/reports/${r.id}/publish`));
}

let summary: RegionalSummary;
let trends: RegionalTrends;

beforeAll(async () => {
  t = await createTestApp({ demoData: REPORT_DEMO });
  // The region-wide coordinator reads in Vietnamese here, so the documents are checked with diacritics.
  await t.db.query("update users set locale = 'vi' where username = 'admin'");
  admin = await t.login('admin');
  reviewer = await t.login('partner.who');
  await publish('VN', 'national.vn', '2022-2023');
  await publish('VN', 'national.vn', '2024-2025');
  await publish('LA', 'national.la', '2024-2025');
  summary = expectOk<RegionalSummary>(await admin.get('/api/reports/regional?biennium=2024-2025'));
  trends = expectOk<RegionalTrends>(await admin.get('/api/reports/regional/trends'));
});
afterAll(() => t?.close());

describe('the regional summary as PDF and Excel, with trends over bienniums', () => {
  it('gives the regional values per biennium of the published reports, each equal to that biennium’s summary', async () => {
    expect(trends.bienniums.map((b) => [b.biennium, b.countries])).toEqual([
      ['2022-2023', 1],
      ['2024-2025', 2],
    ]);
    for (const b of trends.bienniums) {
      const s = expectOk<RegionalSummary>(await admin.get(`/api/reports/regional?biennium=${b.biennium}`));
      expect([b.biennium, b.headline, b.totals, b.excludedUnvalidated]).toEqual([
        b.biennium,
        s.headline,
        s.totals,
        s.excludedUnvalidated,
      ]);
    }
    expect(summary.headline.newborns).toBeGreaterThan(0);
    const svg = await admin.get('/api/reports/regional/trends.svg');
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    for (const s of ['2022-2023', '2024-2025', 'Tỷ lệ cơ sở đỡ đẻ triển khai EENC, khu vực (%)'])
      expect(svg.body).toContain(s);
  });

  it('prints the headline line, the comparison across countries and the trends, in Vietnamese, equal to the API', async () => {
    const res = await admin.request({
      method: 'GET',
      url: '/api/reports/regional/report.pdf?biennium=2024-2025',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    const flat = text.replace(/\s+/g, ' ');
    const h = summary.headline;
    for (const s of [
      'Tổng hợp EENC khu vực: 2024-2025',
      `EENC tại ${h.countries} quốc gia: ${vi(h.healthWorkersCoached)} nhân viên y tế được huấn luyện tại ${vi(h.facilities)} cơ sở, ${vi(h.newborns)} trẻ sơ sinh.`,
      'So sánh giữa các quốc gia (giá trị đã thẩm định)',
      'Xu hướng qua các giai đoạn (báo cáo đã công bố)',
      'Việt Nam',
      'Lao PDR',
      'Khu vực (đã thẩm định)',
      `${summary.excludedUnvalidated} giá trị không được tính`,
    ])
      expect(flat).toContain(s);
    const lines = text.split('\n');
    // The comparison row of live births: each country's validated value, then the region's sum.
    const live = (c: RegionalSummary['countries'][number]) =>
      c.values.find((v) => v.key === 'live_births')!.value;
    const total = summary.totals.find((x) => x.key === 'live_births')!;
    const row = lines.find((l) => l.trim().startsWith('Số trẻ đẻ sống'))!;
    expect(
      row
        .trim()
        .split(/\s{2,}/)
        .slice(1),
    ).toEqual([...summary.countries.map((c) => vi(live(c))), vi(total.value)]);
    const rate = lines.find((l) => l.trim().startsWith('Tiếp xúc da kề da ngay sau sinh'))!;
    const ssc = summary.totals.find((x) => x.key === 'immediate_ssc')!;
    expect(rate).toContain(`${vi(ssc.value, 'percent')} %`);
    // Trends: one row per biennium with its headline figures.
    for (const b of trends.bienniums) {
      // The chart's axis, above, names the bienniums too: the table's row is the last line.
      const tr = lines.filter((l) => l.trim().startsWith(b.biennium)).at(-1)!;
      expect(
        tr
          .trim()
          .split(/\s{2,}/)
          .slice(0, 5),
      ).toEqual([
        b.biennium,
        vi(b.headline.countries),
        vi(b.headline.facilities),
        vi(b.headline.healthWorkersCoached),
        vi(b.headline.newborns),
      ]);
    }
    const pages = text.split('\f').filter((p) => p.trim());
    expect(flat).toContain(`Trang ${pages.length}/${pages.length}`);
  });

  it('gives the same tables as Excel', async () => {
    const res = await admin.request({
      method: 'GET',
      url: '/api/reports/regional/report.xlsx?biennium=2024-2025',
    });
    expect(res.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cmp = wb.getWorksheet('So sánh giữa các quốc gia (giá ')!;
    const rows = cmp.getRows(2, cmp.rowCount - 1)!.filter((r) => r.getCell(2).value === 'live_births');
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(6).value])).toEqual([
      ...summary.countries.map((c) => [c.countryName, c.values.find((v) => v.key === 'live_births')!.value]),
      ['Khu vực (đã thẩm định)', summary.totals.find((x) => x.key === 'live_births')!.value],
    ]);
    const tr = wb.worksheets[2]!;
    expect(tr.getRows(2, tr.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(5).value])).toEqual(
      trends.bienniums.map((b) => [b.biennium, b.headline.newborns]),
    );
  });
});
