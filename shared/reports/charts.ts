import type { EChartsOption } from 'echarts';
import { localize } from '../i18n/localized-text';
import type { ReportValue } from './report.schema';
import { formatNumber, type ReportTexts } from './report-texts';

/** The quality-of-care items the chart shows, in report order, with the regional target where one exists. */
type ChartValue = Pick<ReportValue, 'key' | 'section' | 'name' | 'value' | 'unit'>;

/**
 * The one definition of the report's chart: quality-of-care percentages as horizontal bars with the 80 %
 * reference line. The server renders it to SVG (ECharts SSR) for the PDF and for the web page, so the two
 * always show the same picture. Pure: no DOM, no clock; items without data are left out of the bars.
 */
export function qualityChartOption(
  values: readonly ChartValue[],
  language: string,
  texts: ReportTexts,
): EChartsOption {
  const shown = values.filter((v) => v.section === 'quality' && v.unit === 'percent' && v.value !== null);
  const labels = shown.map((v) => localize(v.name, language));
  return percentBarChart(
    texts.chartTitle,
    { type: 'category', data: labels, inverse: true, axisLabel: { width: 200, overflow: 'truncate' } },
    // Each bar's label written in the report's language (71,7 % in Vietnamese, 71.7 % in English).
    shown.map((v) => ({
      value: Math.round(v.value! * 10) / 10,
      label: { formatter: `${formatNumber(v.value, 'percent', language, '')} %` },
    })),
    texts,
  );
}

/** Chart height for a number of bars: room for each label, within a page. */
export const chartHeightFor = (values: readonly ChartValue[]) =>
  80 + 28 * values.filter((v) => v.section === 'quality' && v.value !== null).length;

/** What the regional chart needs of the summary: each country's validated values. */
type RegionalChartInput = {
  countries: ReadonlyArray<{
    countryName: string;
    values: ReadonlyArray<{ key: string; value: number | null }>;
  }>;
};

/** The regional comparison: the validated share of birth facilities implementing EENC, country by country. */
export const REGIONAL_CHART_INDICATOR = 'eenc_implementing';

/**
 * The regional summary's chart: one bar per country (its validated value of the headline rate, none when
 * not validated) against the 80 % target. Rendered by the server to SVG like the country chart.
 */
export function regionalChartOption(
  summary: RegionalChartInput,
  language: string,
  texts: ReportTexts,
): EChartsOption {
  const rows = summary.countries.map((c) => ({
    name: c.countryName,
    value: c.values.find((v) => v.key === REGIONAL_CHART_INDICATOR)?.value ?? null,
  }));
  return percentBarChart(
    texts.regionalChartTitle,
    { type: 'category', data: rows.map((r) => r.name), inverse: true },
    rows.map((r) => ({
      value: r.value === null ? 0 : Math.round(r.value * 10) / 10,
      label: {
        formatter:
          r.value === null ? texts.notValidated : `${formatNumber(r.value, 'percent', language, '')} %`,
      },
    })),
    texts,
  );
}

export const regionalChartHeightFor = (summary: RegionalChartInput) => 90 + 32 * summary.countries.length;

/** What every report chart shares: no animation (rendered once, on the server), the title, the font. */
const chartFrame = (title: string): EChartsOption => ({
  animation: false,
  title: { text: title, left: 'center', textStyle: { fontSize: 14, fontFamily: 'DejaVu Sans' } },
  grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
  textStyle: { fontFamily: 'DejaVu Sans' },
});

/** One labelled bar of a percentage chart. */
type PercentBar = { value: number; label: { formatter: string } };

/** The frame both report charts share: horizontal percentage bars, one per category, and the 80 % target line. */
function percentBarChart(
  title: string,
  categoryAxis: EChartsOption['yAxis'],
  bars: PercentBar[],
  texts: ReportTexts,
): EChartsOption {
  return {
    ...chartFrame(title),
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    yAxis: categoryAxis,
    series: [
      {
        type: 'bar',
        data: bars,
        itemStyle: { color: '#2f6f8f' },
        label: { show: true, position: 'right' },
        markLine: {
          symbol: 'none',
          data: [{ xAxis: 80, name: texts.target }],
          label: { formatter: `${texts.target} 80 %` },
          lineStyle: { color: '#b3471d', type: 'dashed' },
        },
      },
    ],
  };
}

/** What the trend chart needs: each biennium's regional totals. */
type TrendChartInput = {
  bienniums: ReadonlyArray<{
    biennium: string;
    totals: ReadonlyArray<{ key: string; value: number | null }>;
  }>;
};

/**
 * The trend over bienniums: the region's validated share of birth facilities implementing EENC in each
 * biennium's published reports, against the 80 % target. One definition for the web page and the PDF.
 */
export function trendChartOption(
  trends: TrendChartInput,
  language: string,
  texts: ReportTexts,
): EChartsOption {
  const points = trends.bienniums.map((b) => ({
    name: b.biennium,
    value: b.totals.find((x) => x.key === REGIONAL_CHART_INDICATOR)?.value ?? null,
  }));
  return {
    ...chartFrame(texts.trendsChartTitle),
    xAxis: { type: 'category', data: points.map((p) => p.name) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      {
        type: 'line',
        // A biennium without a validated value is a gap in the line, not a fall to 0.
        data: points.map((p) => ({
          value: p.value === null ? null : Math.round(p.value * 10) / 10,
          label: {
            show: p.value !== null,
            formatter: `${formatNumber(p.value, 'percent', language, '')} %`,
          },
        })),
        itemStyle: { color: '#2f6f8f' },
        markLine: {
          symbol: 'none',
          data: [{ yAxis: 80, name: texts.target }],
          label: { formatter: `${texts.target} 80 %` },
          lineStyle: { color: '#b3471d', type: 'dashed' },
        },
      },
    ],
  };
}

export const TREND_CHART_HEIGHT = 260;
