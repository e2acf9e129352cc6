import { describe, expect, it } from 'vitest';
import { barOption, lineOption, scaleMax, sparklineOption } from './chart-options';

const pct = (n: number) => `${n} %`;

describe('chart definitions (ECharts options, the same for web and server)', () => {
  it('scales percentages to 100 and counts a little above their largest value', () => {
    expect(scaleMax([{ label: 'a', value: 42 }])).toBe(100);
    expect(scaleMax([{ label: 'a', value: 4 }], 8)).toBe(9);
    expect(scaleMax([{ label: 'a', value: 350 }])).toBe(385);
  });

  it('draws a trend with its gaps and the target as a dashed line in the unit', () => {
    const option = lineOption(
      [
        { label: 'Thg 1 2026', value: 80 },
        { label: 'Thg 2 2026', value: null },
        { label: 'Thg 3 2026', value: 90 },
      ],
      pct,
      95,
    ) as {
      xAxis: { data: string[] };
      series: Array<{
        data: unknown[];
        connectNulls: boolean;
        markLine: { data: unknown[]; label: { formatter(): string } };
      }>;
    };
    expect(option.xAxis.data).toEqual(['Thg 1 2026', 'Thg 2 2026', 'Thg 3 2026']);
    expect(option.series[0]!.data).toEqual([80, null, 90]);
    expect(option.series[0]!.connectNulls).toBe(false);
    expect(option.series[0]!.markLine.data).toEqual([{ yAxis: 95 }]);
    expect(option.series[0]!.markLine.label.formatter()).toBe('95 %');
  });

  it('puts the units of a bar chart in the order given, the target vertical, no target line without one', () => {
    const option = barOption(
      [
        { label: 'H01', value: 70 },
        { label: 'H02', value: 60 },
      ],
      pct,
      80,
    ) as {
      yAxis: { data: string[] };
      series: Array<{ markLine: { data: unknown[] } }>;
    };
    expect(option.yAxis.data).toEqual(['H01', 'H02']);
    expect(option.series[0]!.markLine.data).toEqual([{ xAxis: 80 }]);
    const none = barOption([{ label: 'H01', value: 70 }], pct) as { series: Array<{ markLine?: unknown }> };
    expect(none.series[0]!.markLine).toBeUndefined();
  });

  it('marks only the last value of a sparkline', () => {
    const option = sparklineOption([10, 20, null]) as {
      series: Array<{ symbolSize(v: unknown, p: { dataIndex: number }): number }>;
    };
    expect([0, 1, 2].map((i) => option.series[0]!.symbolSize(null, { dataIndex: i }))).toEqual([0, 5, 0]);
  });
});
