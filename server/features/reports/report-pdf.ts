import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { localize } from '../../../shared/i18n/localized-text';
import {
  chartHeightFor,
  qualityChartOption,
  regionalChartHeightFor,
  regionalChartOption,
} from '../../../shared/reports/charts';
import { NARRATIVE_SECTIONS, REPORT_SECTIONS } from '../../../shared/reports/report-items';
import type { RegionalSummary, SubmissionDocument } from '../../../shared/reports/report.schema';
import { fill, formatNumber, type ReportTexts, reportTextsOf } from '../../../shared/reports/report-texts';
import type { ReportState } from '../../../shared/reports/report-workflow';
import {
  breakdownRows,
  formatValue,
  PROVINCES_PER_PDF_TABLE,
} from '../../../shared/reports/report-breakdown';
import { renderChartSvg } from './report-chart';

const FONT_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
/** DejaVu Sans has every Vietnamese (and Lao-script-free Latin) diacritic; embedded, so every reader sees it. */
const FONT = path.join(FONT_DIR, 'DejaVuSans.ttf');
const FONT_BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

export const MARGIN = 40;
const PAGE = { width: 595.28, height: 841.89 };
export const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN - 20;

const UNIT_SUFFIX: Record<string, string> = { percent: ' %', per1000: ' ‰', count: '', text: '' };

type Column = { header: string; width: number; align?: 'left' | 'right' };

/**
 * Draws a table row by row; a row that does not fit starts a new page, which repeats the header row
 * first (tables split across pages stay readable on paper).
 */
export function drawTable(
  doc: PDFKit.PDFDocument,
  columns: readonly Column[],
  rows: ReadonlyArray<readonly string[]>,
) {
  const pad = 3;
  const heightOf = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(8);
    return (
      Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: columns[i]!.width - 2 * pad }))) +
      2 * pad
    );
  };
  const drawRow = (cells: readonly string[], header: boolean) => {
    const font = header ? 'bold' : 'regular';
    const h = heightOf(cells, font);
    const y = doc.y;
    let x = MARGIN;
    if (header) doc.rect(MARGIN, y, CONTENT_WIDTH, h).fill('#e8eef2');
    doc.fillColor('#000').font(font).fontSize(8);
    cells.forEach((c, i) => {
      const col = columns[i]!;
      doc.text(c, x + pad, y + pad, { width: col.width - 2 * pad, align: col.align ?? 'left' });
      x += col.width;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + CONTENT_WIDTH, y + h)
      .lineWidth(0.3)
      .stroke('#999');
    doc.x = MARGIN;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.header);
  if (doc.y + heightOf(header, 'bold') + heightOf(rows[0] ?? header, 'regular') > BOTTOM) doc.addPage();
  drawRow(header, true);
  for (const row of rows) {
    if (doc.y + heightOf(row, 'regular') > BOTTOM) {
      doc.addPage();
      drawRow(header, true);
    }
    drawRow(row, false);
  }
  doc.moveDown(0.8);
}

export function heading(doc: PDFKit.PDFDocument, text: string, size = 12) {
  if (doc.y + 60 > BOTTOM) doc.addPage();
  doc.x = MARGIN;
  doc.font('bold').fontSize(size).fillColor('#1d3b4f').text(text, { width: CONTENT_WIDTH });
  doc.moveDown(0.3).fillColor('#000');
}

/** Page numbers are written last, on every buffered page ("Trang 2/5"). */
export function numberPages(doc: PDFKit.PDFDocument, texts: ReportTexts) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555')
      .text(fill(texts.page, { n: i + 1, total: range.count }), MARGIN, PAGE.height - MARGIN, {
        width: CONTENT_WIDTH,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * A new A4 document with the embedded fonts; `finish` numbers the pages and gives the bytes. The country
 * report and the regional summary are both drawn on it.
 */
export function openPdf(title: string): {
  doc: PDFKit.PDFDocument;
  finish: (texts: ReportTexts) => Promise<Buffer>;
} {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: title } });
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  return {
    doc,
    finish: async (texts) => {
      numberPages(doc, texts);
      doc.end();
      await done;
      return Buffer.concat(chunks);
    },
  };
}

/** Draws a chart's SVG (rendered from its one option) at the current position, full width. */
export function drawSvg(doc: PDFKit.PDFDocument, svg: string, height: number) {
  if (doc.y + height > BOTTOM) doc.addPage();
  SVGtoPDF(doc, svg, MARGIN, doc.y, {
    width: CONTENT_WIDTH,
    height,
    fontCallback: (_family, bold) => (bold ? 'bold' : 'regular'),
  });
  doc.y += height + 10;
}

/** The chart of the report (one option, shared/reports/charts.ts) as SVG, for the PDF and the web page. */
export function reportChartSvg(doc: SubmissionDocument, width = 515): string {
  const texts = reportTextsOf(doc.language);
  return renderChartSvg(
    qualityChartOption(doc.values, doc.language, texts),
    width,
    chartHeightFor(doc.values),
  );
}

/** The regional summary's chart as SVG, in the reader's language. */
export function regionalChartSvg(summary: RegionalSummary, language: string, width = 515): string {
  const texts = reportTextsOf(language);
  return renderChartSvg(
    regionalChartOption(summary, language, texts),
    width,
    regionalChartHeightFor(summary),
  );
}

/** The province breakdown: items down, provinces across, a few provinces per table so A4 stays readable. */
function drawBreakdown(doc: PDFKit.PDFDocument, report: SubmissionDocument, t: ReportTexts) {
  const provinces = report.provinces ?? [];
  if (!provinces.length) return;
  heading(doc, t.provinces);
  const rows = breakdownRows(report.values, provinces);
  drawColumnGroups(
    doc,
    t.columns.item,
    provinces.map((p) => p.name),
    rows.map((r) => ({
      label: localize(r.item.name, report.language),
      cells: r.cells.map((c) => formatValue(c?.value ?? null, r.item.unit, report.language, t.noData)),
    })),
    PROVINCES_PER_PDF_TABLE,
  );
}

/**
 * A wide table printed as several: the item column, then `perTable` of the other columns at a time (each
 * table's header repeats on a new page like any other).
 */
export function drawColumnGroups(
  doc: PDFKit.PDFDocument,
  itemHeader: string,
  headers: readonly string[],
  rows: ReadonlyArray<{ label: string; cells: readonly string[] }>,
  perTable: number,
) {
  const itemWidth = 195;
  for (let i = 0; i < headers.length; i += perTable) {
    drawTable(
      doc,
      [
        { header: itemHeader, width: itemWidth },
        ...headers.slice(i, i + perTable).map((header) => ({
          header,
          width: (CONTENT_WIDTH - itemWidth) / perTable,
          align: 'right' as const,
        })),
      ],
      rows.map((r) => [r.label, ...r.cells.slice(i, i + perTable)]),
    );
  }
}

/**
 * The PDF of one report version, from its aggregates-only document (the snapshot once published), in the
 * report's language: header, the chart, one table per section, manual items with their sources, and the
 * narrative.
 */
export async function renderReportPdf(
  report: SubmissionDocument,
  meta: { state: ReportState },
): Promise<Buffer> {
  const language = report.language;
  const t = reportTextsOf(language);
  const { doc, finish } = openPdf(t.title);

  doc.font('bold').fontSize(16).text(`${t.title}: ${report.country.name}`);
  doc
    .font('regular')
    .fontSize(10)
    .text(
      `${t.biennium} ${report.biennium} · ${t.version} ${report.version} · ${t.state}: ${t.states[meta.state]}`,
    )
    .text(`${t.computedAt} ${report.computedAt.slice(0, 10)}`);
  doc.moveDown();

  drawSvg(doc, reportChartSvg(report), chartHeightFor(report.values));

  const num = (n: number | null, unit: string) => formatNumber(n, unit, language, t.noData);
  for (const section of REPORT_SECTIONS) {
    const values = report.values.filter((v) => v.section === section);
    if (!values.length) continue;
    heading(doc, t.sections[section]);
    if (values[0]!.kind === 'computed')
      drawTable(
        doc,
        [
          { header: t.columns.item, width: 200 },
          { header: t.columns.numerator, width: 65, align: 'right' },
          { header: t.columns.denominator, width: 65, align: 'right' },
          { header: t.columns.value, width: 75, align: 'right' },
          { header: t.columns.review, width: CONTENT_WIDTH - 405 },
        ],
        values.map((v) => [
          localize(v.name, language),
          v.value === null ? '' : num(v.numerator, 'count'),
          v.value === null || v.denominator === null ? '' : num(v.denominator, 'count'),
          num(v.value, v.unit) + (v.value === null ? '' : UNIT_SUFFIX[v.unit]),
          t.reviews[v.review],
        ]),
      );
    else
      drawTable(
        doc,
        [
          { header: t.columns.item, width: 170 },
          { header: t.columns.answer, width: 170 },
          { header: t.columns.source, width: CONTENT_WIDTH - 340 },
        ],
        values.map((v) => [localize(v.name, language), v.text ?? t.noData, v.source]),
      );
  }

  drawBreakdown(doc, report, t);

  heading(doc, t.narrative.heading, 13);
  for (const s of NARRATIVE_SECTIONS) {
    heading(doc, t.narrative[s], 11);
    doc
      .font('regular')
      .fontSize(9)
      .text(report.narrative[s] || '—', { width: CONTENT_WIDTH });
    doc.moveDown(0.6);
  }

  return finish(t);
}
