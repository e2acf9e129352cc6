import { useEffect, useRef, type RefObject } from 'react';

/** ECharts and its registered parts, loaded on the first chart a page draws, then kept. */
const loadEcharts = () => import('./echarts-setup');

type Echarts = Awaited<ReturnType<typeof loadEcharts>>['echarts'];
export type EchartsInstance = ReturnType<Echarts['init']>;

/**
 * Mounts an ECharts (SVG) instance in the returned box, draws it with `draw` once ECharts has loaded,
 * and draws again from scratch whenever `key` changes (options hold functions, so callers pass what they
 * draw, serialised, rather than the option's identity). `draw` is read from a ref at load time, so it
 * sees the latest props without being a dependency. The instance follows the window's size and is
 * disposed when the box goes away.
 */
export function useEchartsBox(
  key: string,
  draw: (echarts: Echarts, box: HTMLDivElement) => EchartsInstance,
): RefObject<HTMLDivElement | null> {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef(draw);
  // Declared first, so it runs before the drawing effect below.
  useEffect(() => {
    latest.current = draw;
  });
  useEffect(() => {
    let chart: EchartsInstance | undefined;
    let gone = false;
    void loadEcharts().then(({ echarts }) => {
      if (gone || !box.current) return;
      chart = latest.current(echarts, box.current);
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
