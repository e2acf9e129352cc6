import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

const loadEcharts = () => import('./echarts-setup');

/** The GeoJSON a map draws: features whose `properties.name` is the id the option's data use. */
export type MapShapes = {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; properties: { name: string }; geometry: unknown }>;
};

/**
 * Draws a map option of chart-options.ts (`choroplethOption`) over shapes registered under `mapName`,
 * with ECharts (SVG, no tiles). A picture with a text alternative (`label`, `describedBy`); clicking or
 * tapping an area calls `onSelect` with its id. Keyboard users have the same choices in the table beside
 * it (an SVG path cannot take focus in a way screen readers announce well).
 */
export function MapChart({
  mapName,
  shapes,
  option,
  label,
  describedBy,
  height,
  onSelect,
}: {
  mapName: string;
  shapes: MapShapes;
  option: EChartsCoreOption;
  label: string;
  describedBy?: string;
  height: string;
  onSelect: (id: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const key = `${mapName}:${JSON.stringify(option)}`;
  const latest = useRef({ option, shapes, onSelect });
  useEffect(() => {
    latest.current = { option, shapes, onSelect };
  });
  useEffect(() => {
    let chart: ReturnType<Awaited<ReturnType<typeof loadEcharts>>['echarts']['init']> | undefined;
    let gone = false;
    void loadEcharts().then(({ echarts }) => {
      if (gone || !box.current) return;
      // Registering again under the same name replaces the shapes: a later import shows at once.
      echarts.registerMap(mapName, latest.current.shapes as Parameters<typeof echarts.registerMap>[1]);
      chart = echarts.init(box.current, null, { renderer: 'svg' });
      chart.setOption(latest.current.option);
      chart.on('click', (p) => {
        if (typeof p.name === 'string' && p.name) latest.current.onSelect(p.name);
      });
    });
    const resize = () => chart?.resize();
    window.addEventListener('resize', resize);
    return () => {
      gone = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [key, mapName]);
  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      className="chart chart--map"
      style={{ height }}
      data-testid="children-map"
    />
  );
}
