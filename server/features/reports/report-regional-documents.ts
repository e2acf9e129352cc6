import { localize } from '../../../shared/i18n/localized-text';
import { TREND_CHART_HEIGHT, regionalChartHeightFor, trendChartOption } from '../../../shared/reports/charts';
import type { RegionalTrends } from '../../../shared/reports/regional-trends';
import { formatValue } from '../../../shared/reports/report-breakdown';
import { COMPUTED_ITEMS, HEADLINE_ITEMS } from '../../../shared/reports/report-items';
import type { RegionalSummary } from '../../../shared/reports/report.schema';
import { fill, formatNumber, type ReportTexts, reportTextsOf } from '../../../shared/reports/report-texts';
import { indicatorLibrary } from '../indicators/indicators.service';
import { itemName } from './report-assembly';
import { itemColumns } from './report-excel';
import { renderChartSvg } from './report-chart';
import {
  CONTENT_WIDTH,
  drawColumnGroups,
  drawSvg,
  drawTable,
  heading,
  openPdf,
  regionalChartSvg,
} from './report-pdf';

/** The regional documents (PDF and Excel) in the reader's language, from the API's summary and trends. */
type Regional = { summary: RegionalSummary; trends: RegionalTrends; language: string };

/** Countries and the region's total per PDF table (A4 portrait). */
const COLUMNS_PER_TABLE = 4;

/** The trend chart as SVG, from its one option (shared/reports/charts.ts), for the PDF and the web page. */
export function trendChartSvg(trends: RegionalTrends, language: string, width = 515): string {
  return renderChartSvg(
    trendChartOption(trends, language, reportTextsOf(language)),
    width,
    TREND_CHART_HEIGHT,
  );
}

/** The headline line of the meeting, as printed ("EENC in 2 countries: 1 234 health workers coached…"). */
export function headlineLine(summary: RegionalSummary, language: string): string {
  const t = reportTextsOf(language);
  const n = (x: number) => formatNumber(x, 'count', language, '');
  const h = summary.headline;
  return fill(t.headline, {
    countries: n(h.countries),
    workers: n(h.healthWorkersCoached),
    facilities: n(h.facilities),
    newborns: n(h.newborns),
  });
}

/** The comparison table's rows: each computed item of the library, one cell per country, then the region. */
function comparisonRows(summary: RegionalSummary) {
  return COMPUTED_ITEMS.flatMap(({ indicator }) => {
    const def = indicatorLibrary.definitions.find((d) => d.id === indicator);
    if (!def) return [];
    const total = summary.totals.find((x) => x.key === indicator) ?? null;
    return [
      {
        key: indicator,
        unit: def.unit,
        cells: [
          ...summary.countries.map((c) => c.values.find((v) => v.key === indicator) ?? null),
          total?.countries ? total : null,
        ],
      },
    ];
  });
}

/** The trend table: one row per biennium, the headline figures and the region's EENC share. */
function trendRows(trends: RegionalTrends, language: string, t: ReportTexts) {
  const n = (x: number) => formatNumber(x, 'count', language, '');
  return trends.bienniums.map((b) => [
    b.biennium,
    n(b.headline.countries),
    n(b.headline.facilities),
    n(b.headline.healthWorkersCoached),
    n(b.headline.newborns),
    formatValue(b.totals.find((x) => x.key === 'eenc_implementing')?.value ?? null, 'percent', language, '—'),
    fill(t.excluded, { count: b.excludedUnvalidated }),
  ]);
}

const trendHeaders = (t: ReportTexts, language: string) => [
  t.biennium,
  t.headlineColumns.countries,
  t.headlineColumns.facilities,
  t.headlineColumns.healthWorkersCoached,
  t.headlineColumns.newborns,
  localize(itemName('eenc_implementing'), language),
];

/**
 * The regional summary as PDF: the headline line of the meeting, the comparison chart and tables across
 * countries (validated values only, with how many were left out), and the trends over bienniums.
 */
export async function renderRegionalPdf({ summary, trends, language }: Regional): Promise<Buffer> {
  const t = reportTextsOf(language);
  const { doc, finish } = openPdf(t.regionalTitle);
  doc.font('bold').fontSize(16).text(`${t.regionalTitle}: ${summary.biennium}`);
  doc
    .moveDown(0.3)
    .font('regular')
    .fontSize(11)
    .text(headlineLine(summary, language), { width: CONTENT_WIDTH });
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(fill(t.excluded, { count: summary.excludedUnvalidated }), { width: CONTENT_WIDTH });
  doc.fillColor('#000').moveDown();
  if (summary.countries.length)
    drawSvg(doc, regionalChartSvg(summary, language), regionalChartHeightFor(summary));

  heading(doc, t.comparison);
  doc.font('regular').fontSize(8).text(t.regionalLegend);
  doc.moveDown(0.3);
  drawColumnGroups(
    doc,
    t.columns.item,
    [...summary.countries.map((c) => c.countryName), t.total],
    comparisonRows(summary).map((r) => ({
      label: localize(itemName(r.key), language),
      cells: r.cells.map((c) => (c ? formatValue(c.value, r.unit, language, t.noData) : '—')),
    })),
    COLUMNS_PER_TABLE,
  );

  heading(doc, t.trends);
  if (trends.bienniums.length) drawSvg(doc, trendChartSvg(trends, language), TREND_CHART_HEIGHT);
  const headers = trendHeaders(t, language);
  drawTable(
    doc,
    headers.map((header, i) => ({
      header,
      width: i === 0 ? 75 : (CONTENT_WIDTH - 75) / (headers.length - 1),
    })),
    trendRows(trends, language, t).map((r) => r.slice(0, headers.length)),
  );
  return finish(t);
}

/** The same tables as Excel: the headline, the comparison (one row per country and item) and the trends. */
export async function renderRegionalExcel({ summary, trends, language }: Regional): Promise<Buffer> {
  const t = reportTextsOf(language);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const head = wb.addWorksheet(t.regionalTitle.slice(0, 31));
  head.columns = [
    { header: t.biennium, key: 'label', width: 40 },
    { header: summary.biennium, key: 'value', width: 16 },
  ];
  head.getRow(1).font = { bold: true };
  head.addRow({ label: t.headlineColumns.countries, value: summary.headline.countries });
  for (const key of Object.keys(HEADLINE_ITEMS) as Array<keyof typeof HEADLINE_ITEMS>)
    head.addRow({ label: t.headlineColumns[key], value: summary.headline[key] });
  head.addRow({ label: headlineLine(summary, language) });
  head.addRow({ label: fill(t.excluded, { count: summary.excludedUnvalidated }) });

  const cmp = wb.addWorksheet(t.comparison.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  cmp.columns = [{ header: t.columns.country, key: 'country', width: 24 }, ...itemColumns(t)];
  cmp.getRow(1).font = { bold: true };
  const names = [...summary.countries.map((c) => c.countryName), t.total];
  for (const r of comparisonRows(summary))
    r.cells.forEach((c, i) =>
      cmp.addRow({
        country: names[i],
        id: r.key,
        name: localize(itemName(r.key), language),
        numerator: c?.numerator ?? null,
        denominator: c?.denominator ?? null,
        // Not validated or no data stays a mark, never an empty cell a sum would read as 0.
        value: c ? (c.value ?? t.noData) : '—',
        unit: r.unit,
      }),
    );

  const tr = wb.addWorksheet(t.trends.slice(0, 31));
  const headers = [...trendHeaders(t, language), ''];
  tr.columns = headers.map((header, i) => ({ header, key: `c${i}`, width: i === 0 ? 12 : 22 }));
  tr.getRow(1).font = { bold: true };
  for (const b of trends.bienniums)
    tr.addRow([
      b.biennium,
      b.headline.countries,
      b.headline.facilities,
      b.headline.healthWorkersCoached,
      b.headline.newborns,
      b.totals.find((x) => x.key === 'eenc_implementing')?.value ?? '—',
      fill(t.excluded, { count: b.excludedUnvalidated }),
    ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
