import { describe, expect, it } from 'vitest';
import { qualityChartOption } from './charts';
import { reportTextsOf } from './report-texts';

const value = (key: string, section: 'quality' | 'outcome', v: number | null) => ({
  key,
  section,
  name: { en: key, vi: `vi ${key}` },
  unit: 'percent' as const,
  value: v,
});

type Option = {
  yAxis: { data: string[] };
  series: Array<{
    data: Array<{ value: number; label: { formatter: string } }>;
    markLine: { data: Array<{ xAxis: number }> };
  }>;
  title: { text: string };
};

describe('the report chart option (one definition for the PDF and the web)', () => {
  const option = qualityChartOption(
    [
      value('immediate_ssc', 'quality', 71.654),
      value('ssc_90', 'quality', null),
      value('caesarean', 'outcome', 30),
    ],
    'vi',
    reportTextsOf('vi'),
  ) as unknown as Option;

  it('shows quality-of-care values with data only, named in the report language', () => {
    expect(option.yAxis.data).toEqual(['vi immediate_ssc']);
    expect(option.title.text).toBe('Chất lượng chăm sóc (%)');
  });

  it('writes each bar label in the language (71,7 %) and draws the 80 % target', () => {
    expect(option.series[0]!.data).toEqual([{ value: 71.7, label: { formatter: '71,7 %' } }]);
    expect(option.series[0]!.markLine.data).toEqual([{ xAxis: 80, name: 'Mục tiêu' }]);
  });
});
