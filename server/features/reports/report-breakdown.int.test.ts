import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { formatValue } from '../../../shared/reports/report-breakdown';
import type { Report } from '../../../shared/reports/report.schema';
import { expectOk } from '../../test/api-helpers';
import { pdfText, REPORT_DEMO } from './report-test-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { VN } from '../../test/demo-units';

let t: TestApp;
let author: TestClient;
let report: Report;

beforeAll(async () => {
  t = await createTestApp({ demoData: REPORT_DEMO });
  author = await t.login('national.vn');
  report = expectOk<Report>(await author.post('/api/reports', { countryId: VN, biennium: '2024-2025' }), 201);
});
afterAll(() => t?.close());

describe('the province breakdown of a country report', () => {
  it('has every province of the country, each value equal to the indicator API for that province and period', async () => {
    const children = await t.db.query<{ id: string }>('select id from org_units where parent_id = $1', [VN]);
    expect(report.provinces.map((p) => p.orgUnitId).sort()).toEqual(children.map((c) => c.id).sort());
    const keys = report.values.filter((v) => v.kind === 'computed' && v.indicatorId).map((v) => v.key);
    let withData = 0;
    for (const p of report.provinces) {
      const api = expectOk<ValuesResponse>(
        await author.get(
          `/api/indicators/values?orgUnit=${p.orgUnitId}&from=2024-01-01&to=2025-12-31&indicators=${keys.join(',')}`,
        ),
      );
      expect(p.values.map((v) => v.key)).toEqual(keys);
      for (const v of p.values) {
        const a = api.indicators.find((x) => x.id === v.key)!;
        expect([p.code, v.key, v.value]).toEqual([p.code, v.key, a.value]);
        if (a.value !== null) {
          expect([p.code, v.key, v.numerator, v.denominator]).toEqual([
            p.code,
            v.key,
            a.numerator,
            a.denominator,
          ]);
          withData++;
        } else expect([v.numerator, v.denominator]).toEqual([null, null]);
      }
    }
    // Not a vacuous comparison: the demo's births fall in more than one province.
    expect(withData).toBeGreaterThan(20);
    const live = report.provinces.map((p) => p.values.find((v) => v.key === 'live_births')!.value ?? 0);
    expect(live.filter((n) => n > 0).length).toBeGreaterThan(1);
    // The provinces add up to the country for a count.
    expect(live.reduce((a, b) => a + b, 0)).toBe(report.values.find((v) => v.key === 'live_births')!.value);
  });

  it('prints the same table in the PDF, Vietnamese names and numbers included', async () => {
    const res = await author.request({ method: 'GET', url: `/api/reports/${report.id}/report.pdf` });
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Giá trị theo tỉnh');
    const lines = text.split('\n');
    const immediate = report.values.find((v) => v.key === 'immediate_ssc')!;
    for (const p of report.provinces.slice(0, 4)) {
      // A long name wraps inside its header cell: each of its words is there.
      for (const word of p.name.split(' '))
        expect([p.code, text]).toEqual([p.code, expect.stringContaining(word)]);
      // The province tables come after the section tables: the last line naming the item is the breakdown's.
      const line = lines.filter((l) => l.includes(immediate.name.vi!)).at(-1)!;
      const v = p.values.find((x) => x.key === 'immediate_ssc')!;
      expect([p.code, line]).toEqual([
        p.code,
        expect.stringContaining(formatValue(v.value, 'percent', 'vi', 'chưa có dữ liệu')),
      ]);
    }
  });

  it('gives the breakdown as an Excel sheet, one row per province and item', async () => {
    const res = await author.request({ method: 'GET', url: `/api/reports/${report.id}/report.xlsx` });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Giá trị theo tỉnh')!;
    const keys = report.values.filter((v) => v.kind === 'computed' && v.indicatorId).length;
    expect(sheet.rowCount - 1).toBe(report.provinces.length * keys);
    for (const p of report.provinces) {
      const v = p.values.find((x) => x.key === 'live_births')!;
      const row = sheet
        .getRows(2, sheet.rowCount - 1)!
        .find((r) => r.getCell(1).value === p.code && r.getCell(3).value === 'live_births')!;
      expect([p.code, row.getCell(2).value, row.getCell(7).value]).toEqual([
        p.code,
        p.name,
        v.value ?? 'chưa có dữ liệu',
      ]);
    }
  });

  it('freezes with the report: published, the snapshot holds the breakdown', async () => {
    const doc = expectOk<{ provinces: Array<{ code: string; values: unknown[] }> }>(
      await author.get(`/api/reports/${report.id}/submission`),
    );
    expect(doc.provinces.map((p) => p.code)).toEqual(report.provinces.map((p) => p.code));
    expect(doc.provinces[0]!.values).toEqual(report.provinces[0]!.values);
  });
});
