import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

/** ECharts and its registered parts, loaded on the first chart a page draws, then kept. */
const loadEcharts = () => import('./echarts-setup');

type Echarts = Awaited<ReturnType<typeof loadEcharts>>['echarts'];
export type EchartsInstance = ReturnType<Echarts['init']>;

/** What a chart does around drawing its option: before (register a map's shapes), after (listen to clicks). */
export type EchartsHooks = {
  before?: (echarts: Echarts) => void;
  after?: (chart: EchartsInstance) => void;
};

/**
 * Mounts an ECharts (SVG) instance in the returned box and draws `option` once ECharts has loaded (with
 * `hooks` around it), and draws again from scratch whenever `key` changes (options hold functions, so
 * callers pass what they draw, serialised, rather than the option's identity). The option and hooks are
 * read from a ref at load time, so they are the latest props without being dependencies. The instance
 * follows the window's size and is disposed when the box goes away.
 */
export function useEchartsBox(
  key: string,
  option: EChartsCoreOption,
  hooks: EchartsHooks = {},
): RefObject<HTMLDivElement | null> {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef({ option, hooks });
  // Declared first, so it runs before the drawing effect below.
  useEffect(() => {
    latest.current = { option, hooks };
  });
  useEffect(() => {
    let chart: EchartsInstance | undefined;
    let gone = false;
    void loadEcharts().then(({ echarts }) => {
      if (gone || !box.current) return;
      const { option, hooks } = latest.current;
      hooks.before?.(echarts);
      chart = echarts.init(box.current, null, { renderer: 'svg' });
      chart.setOption(option);
      hooks.after?.(chart);
    });
    const resize = () => chart?.resize();
    window.addEventListener('resize', resize);
    return () => {
      gone = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [key]);
  return box;
}
