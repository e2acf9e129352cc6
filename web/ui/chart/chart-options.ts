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

/** The top of the value axis: 100 for percentages, else a little above the largest value. */
export function scaleMax(points: readonly ChartPoint[], target?: number): number {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values, target ?? 0);
  return max <= 100 && max > 10 ? 100 : Math.ceil((max * 11) / 10);
}

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

/** A monthly trend: one line, gaps where a month has no value, the target dashed. */
export function lineOption(
  points: readonly ChartPoint[],
  format: ValueFormat,
  target?: number,
): EChartsCoreOption {
  return {
    animation: false,
    aria: { enabled: false },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—') },
    xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: AXIS },
    yAxis: {
      type: 'value',
      min: 0,
      max: scaleMax(points, target),
      axisLabel: { ...AXIS, formatter: format },
    },
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
}

/** One bar per unit (the children of the selected unit), names on the left, the target dashed. */
export function barOption(
  points: readonly ChartPoint[],
  format: ValueFormat,
  target?: number,
): EChartsCoreOption {
  return {
    animation: false,
    aria: { enabled: false },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—'),
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: scaleMax(points, target),
      axisLabel: { ...AXIS, formatter: format },
    },
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
}

/** A word-sized trend beside a number: no axes, no labels, the last value marked. */
export function sparklineOption(values: readonly (number | null)[]): EChartsCoreOption {
  const last = values.findLastIndex((v) => v !== null);
  return {
    animation: false,
    aria: { enabled: false },
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
