import type ExcelJS from 'exceljs';
import { localize } from '../../../shared/i18n/localized-text';
import { NARRATIVE_SECTIONS } from '../../../shared/reports/report-items';
import type { SubmissionDocument } from '../../../shared/reports/report.schema';
import { breakdownRows } from '../../../shared/reports/report-breakdown';
import { type ReportTexts, reportTextsOf } from '../../../shared/reports/report-texts';

/** The same tables as the PDF, as an Excel workbook: the values (one row each) and the narrative. */
/** The columns every values sheet shares (country report, province breakdown, regional comparison). */
export const itemColumns = (t: ReportTexts) => [
  { header: 'id', key: 'id', width: 30 },
  { header: t.columns.item, key: 'name', width: 48 },
  { header: t.columns.numerator, key: 'numerator', width: 12 },
  { header: t.columns.denominator, key: 'denominator', width: 12 },
  { header: t.columns.value, key: 'value', width: 12 },
  { header: 'unit', key: 'unit', width: 10 },
];

export async function renderReportExcel(report: SubmissionDocument): Promise<Buffer> {
  const t = reportTextsOf(report.language);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const values = wb.addWorksheet(t.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  values.columns = [
    { header: 'section', key: 'section', width: 28 },
    ...itemColumns(t),
    { header: t.columns.answer, key: 'text', width: 40 },
    { header: t.columns.source, key: 'source', width: 40 },
    { header: t.columns.review, key: 'review', width: 16 },
  ];
  values.getRow(1).font = { bold: true };
  for (const v of report.values)
    values.addRow({
      section: t.sections[v.section],
      id: v.key,
      name: localize(v.name, report.language),
      numerator: v.value === null ? null : v.numerator,
      denominator: v.value === null ? null : v.denominator,
      // "no data" stays a word, never an empty cell that a sum would read as 0.
      value: v.kind === 'manual' ? null : (v.value ?? t.noData),
      unit: v.unit,
      text: v.text,
      source: v.source,
      review: t.reviews[v.review],
    });
  addBreakdownSheet(wb, report, t);
  const narrative = wb.addWorksheet(t.narrative.heading.slice(0, 31));
  narrative.columns = [
    { header: t.narrative.heading, key: 'section', width: 30 },
    { header: '', key: 'text', width: 100 },
  ];
  for (const s of NARRATIVE_SECTIONS)
    narrative.addRow({ section: t.narrative[s], text: report.narrative[s] });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The province breakdown, one row per province and item (a long table: filters and pivots work on it). */
function addBreakdownSheet(wb: ExcelJS.Workbook, report: SubmissionDocument, t: ReportTexts) {
  const provinces = report.provinces ?? [];
  if (!provinces.length) return;
  const sheet = wb.addWorksheet(t.provinces.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'code', key: 'code', width: 12 },
    { header: t.province, key: 'province', width: 24 },
    ...itemColumns(t),
  ];
  sheet.getRow(1).font = { bold: true };
  const rows = breakdownRows(report.values, provinces);
  provinces.forEach((p, i) => {
    for (const { item, cells } of rows) {
      const c = cells[i];
      sheet.addRow({
        code: p.code,
        province: p.name,
        id: item.key,
        name: localize(item.name, report.language),
        numerator: c?.value == null ? null : c.numerator,
        denominator: c?.value == null ? null : c.denominator,
        value: c?.value ?? t.noData,
        unit: item.unit,
      });
    }
  });
}
