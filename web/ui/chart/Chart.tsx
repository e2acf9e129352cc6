import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

/** ECharts and its registered parts, loaded on the first chart a page draws, then kept. */
const loadEcharts = () => import('./echarts-setup');

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
  const box = useRef<HTMLDivElement>(null);
  // Options hold functions (formatters): compare what they draw, not their identity.
  const key = JSON.stringify(option);
  const latest = useRef(option);
  // Declared first, so it runs before the drawing effect below.
  useEffect(() => {
    latest.current = option;
  });
  useEffect(() => {
    let chart: { setOption(o: EChartsCoreOption): void; resize(): void; dispose(): void } | undefined;
    let gone = false;
    void loadEcharts().then(({ echarts }) => {
      if (gone || !box.current) return;
      chart = echarts.init(box.current, null, { renderer: 'svg' });
      chart.setOption(latest.current);
    });
    const resize = () => chart?.resize();
    window.addEventListener('resize', resize);
    return () => {
      gone = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [key]);
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
