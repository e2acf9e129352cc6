import type { EChartsCoreOption } from 'echarts/core';
import { useEchartsBox } from './use-echarts-box';

/**
 * Draws an option of chart-options.ts with ECharts (SVG). The chart is a picture with a text
 * alternative (`label`); the numbers are in the table next to it for screen readers and print.
 */
export function Chart({
  option,
  label,
  height,
  className,
}: {
  option: EChartsCoreOption;
  label: string;
  /** CSS height: ECharts sizes to its box. */
  height: string;
  className?: string;
}) {
  // Options hold functions (formatters): compare what they draw, not their identity.
  const box = useEchartsBox(JSON.stringify(option), option);
  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      className={className ? `chart ${className}` : 'chart'}
      style={{ height }}
    />
  );
}
