import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

/**
 * Renders an ECharts option to an SVG string on the server (ECharts' SSR mode: no DOM, no browser). The
 * PDF draws this SVG and the web page shows it, so one option (shared/reports/charts.ts) makes both.
 */
export function renderChartSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
