import type { EChartsCoreOption } from 'echarts/core';

/**
 * The app's chart definitions as plain ECharts options: data in, option out, no DOM. The web draws them
 * with Chart.tsx; the same option can be rendered to SVG on the server (ECharts' SSR) for PDFs.
 */
export type ChartPoint = { label: string; value: number | null };
export type ValueFormat = (value: number) => string;

const PRIMARY = '#0b5cab';
const TARGET = '#b45309';
const AXIS = { color: '#4a5565', fontSize: 11 };
/** What every chart here starts from: no animation, and no ECharts aria text (the box carries the label). */
const STILL = { animation: false, aria: { enabled: false } };

/** The top of the value axis: 100 for percentages, else a little above the largest value. */
export function scaleMax(points: readonly ChartPoint[], target?: number): number {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values, target ?? 0);
  return max <= 100 && max > 10 ? 100 : Math.ceil((max * 11) / 10);
}

/** The value axis of a trend or bar chart: from 0 to `scaleMax`, labelled in the chart's format. */
const valueAxis = (points: readonly ChartPoint[], format: ValueFormat, target?: number) => ({
  type: 'value',
  min: 0,
  max: scaleMax(points, target),
  axisLabel: { ...AXIS, formatter: format },
});

const targetLine = (target: number | undefined, format: ValueFormat, vertical = false) =>
  target === undefined
    ? undefined
    : {
        silent: true,
        symbol: 'none',
        lineStyle: { color: TARGET, type: 'dashed' as const },
        label: { formatter: () => format(target), color: TARGET },
        data: [vertical ? { xAxis: target } : { yAxis: target }],
      };

/** A chart of values against an optional target: the points in order, the format of their axis. */
export type PointsChart = (
  points: readonly ChartPoint[],
  format: ValueFormat,
  target?: number,
) => EChartsCoreOption;

/** A monthly trend: one line, gaps where a month has no value, the target dashed. */
export const lineOption: PointsChart = (points, format, target) => {
  return {
    ...STILL,
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—') },
    xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: AXIS },
    yAxis: valueAxis(points, format, target),
    series: [
      {
        type: 'line',
        data: points.map((p) => p.value),
        connectNulls: false,
        color: PRIMARY,
        symbolSize: 6,
        markLine: targetLine(target, format),
      },
    ],
  };
};

/** One bar per unit (the children of the selected unit), names on the left, the target dashed. */
export const barOption: PointsChart = (points, format, target) => {
  return {
    ...STILL,
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—'),
    },
    xAxis: valueAxis(points, format, target),
    yAxis: {
      type: 'category',
      inverse: true,
      data: points.map((p) => p.label),
      axisLabel: { ...AXIS, width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: points.map((p) => p.value),
        color: PRIMARY,
        barMaxWidth: 18,
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? format(p.value) : ''),
          ...AXIS,
        },
        markLine: targetLine(target, format, true),
      },
    ],
  };
};

/** A word-sized trend beside a number: no axes, no labels, the last value marked. */
export function sparklineOption(values: readonly (number | null)[]): EChartsCoreOption {
  const last = values.findLastIndex((v) => v !== null);
  return {
    ...STILL,
    grid: { left: 2, right: 4, top: 4, bottom: 4 },
    xAxis: { type: 'category', show: false, data: values.map((_, i) => i) },
    yAxis: {
      type: 'value',
      show: false,
      min: 0,
      max: scaleMax(values.map((value) => ({ label: '', value }))),
    },
    series: [
      {
        type: 'line',
        data: values,
        color: PRIMARY,
        lineStyle: { width: 1.5 },
        symbol: 'circle',
        symbolSize: (_: unknown, p: { dataIndex: number }) => (p.dataIndex === last ? 5 : 0),
        silent: true,
      },
    ],
  };
}

/** One area of a choropleth: its id in the registered map, what the tooltip says, its fill. */
export type MapArea = { id: string; name: string; valueText: string; color: string; noData: boolean };

/**
 * A map of areas filled by class (ECharts' map series over a GeoJSON registered as `mapName`: no tiles,
 * no network). Areas without data are hatched as well as grey, so they read apart from the lightest class
 * without colour vision. Labels stay off: the legend and the table beside the map name every unit.
 */
export function choroplethOption(mapName: string, areas: readonly MapArea[]): EChartsCoreOption {
  return {
    ...STILL,
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { label: string; valueText: string } }) =>
        p.data ? `${p.data.label}: ${p.data.valueText}` : '',
    },
    series: [
      {
        type: 'map',
        map: mapName,
        roam: false,
        selectedMode: false,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        label: { show: false },
        emphasis: { label: { show: false }, itemStyle: { borderColor: '#000', borderWidth: 2 } },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        data: areas.map((a) => ({
          // The map's regions are named by unit id (names can repeat); the tooltip shows the label.
          name: a.id,
          label: a.name,
          valueText: a.valueText,
          itemStyle: {
            areaColor: a.color,
            ...(a.noData
              ? {
                  decal: {
                    symbol: 'rect',
                    color: 'rgba(0, 0, 0, 0.25)',
                    dashArrayX: [1, 0],
                    dashArrayY: [2, 5],
                    rotation: Math.PI / 4,
                  },
                }
              : {}),
          },
          emphasis: { itemStyle: { areaColor: a.color } },
        })),
      },
    ],
  };
}
