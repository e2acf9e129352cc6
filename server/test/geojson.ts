/** GeoJSON for the boundary tests: hand-made squares, never real boundaries. */

/** A square polygon from (x, y), `size` degrees a side, its ring closed. */
export const square = (x: number, y: number, size = 0.1) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

/** The same square with its ring left open (the last point is not the first): not a valid polygon. */
export const openSquare = (x: number, y: number, size = 0.1) => ({
  type: 'Polygon',
  coordinates: [square(x, y, size).coordinates[0]!.slice(0, -1)],
});

export const featureOf = (properties: Record<string, unknown>, geometry: unknown, id?: string) => ({
  type: 'Feature',
  ...(id ? { id } : {}),
  properties,
  geometry,
});

/** A FeatureCollection file's text. */
export const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
