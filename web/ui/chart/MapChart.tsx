import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { useEchartsBox } from './use-echarts-box';

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
  // A click answers with the latest handler, whichever render drew the map.
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });
  const box = useEchartsBox(`${mapName}:${JSON.stringify(option)}`, option, {
    // Registering again under the same name replaces the shapes: a later import shows at once.
    before: (echarts) => echarts.registerMap(mapName, shapes as Parameters<typeof echarts.registerMap>[1]),
    after: (chart) =>
      chart.on('click', (p) => {
        if (typeof p.name === 'string' && p.name) select.current(p.name);
      }),
  });
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
