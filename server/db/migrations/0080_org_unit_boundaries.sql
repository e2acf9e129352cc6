-- One boundary per org unit for the dashboard's map (issue 20): a simplified GeoJSON Polygon or
-- MultiPolygon in longitude/latitude (WGS 84), imported from a FeatureCollection
-- (server/features/boundaries). Kept as jsonb rather than PostGIS geometry: PGlite has no PostGIS, and the
-- map only draws the shapes (no spatial query). The import simplifies and limits each shape; the check is
-- the last guard so that no route can store a shape the dashboard would take seconds to draw.
create table org_unit_boundaries (
  org_unit_id uuid primary key references org_units (id) on delete cascade,
  geometry jsonb not null check (
    geometry ->> 'type' in ('Polygon', 'MultiPolygon') and octet_length(geometry::text) <= 262144
  ),
  -- Where the shape came from (the file's name or the demo's source), shown to whoever imports again.
  source text not null check (length(source) between 1 and 200),
  updated_at timestamptz not null,
  updated_by uuid references users (id)
);
