import { z } from 'zod';
import { IssueSchema } from '../errors';

/**
 * Org-unit boundaries for the dashboard's map: GeoJSON (RFC 7946) Polygons and MultiPolygons in
 * longitude/latitude, one per unit, imported from a FeatureCollection (docs/boundaries.md).
 */

/** Largest stored shape, after simplification (the database checks it too, migration 0080). */
export const BOUNDARY_MAX_BYTES = 256 * 1024;
/** Largest file the import reads (a country's districts at full detail is a few MB). */
export const BOUNDARY_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const BOUNDARY_MAX_FEATURES = 5_000;

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
/** A closed ring of at least four positions, the last equal to the first (RFC 7946 §3.1.6). */
const Ring = z
  .array(Position)
  .min(4, 'boundaries.shortRing')
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'boundaries.openRing');
const PolygonCoords = z.array(Ring).min(1);
export const BoundaryGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: PolygonCoords }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonCoords).min(1) }),
]);
export type BoundaryGeometry = z.infer<typeof BoundaryGeometrySchema>;

/** How a feature finds its unit: which of the unit's identifiers the file carries. */
export const BOUNDARY_MATCH = ['code', 'dhis2Id', 'name'] as const;
export type BoundaryMatch = (typeof BOUNDARY_MATCH)[number];

export const BoundaryImportQuerySchema = z.strictObject({
  mode: z.enum(['validate', 'commit']).default('validate'),
  /** code: the unit's code; dhis2Id: its DHIS2 uid; name: its name (refused when two units share it). */
  match: z.enum(BOUNDARY_MATCH).default('code'),
  /**
   * The feature property holding it. Defaults: `code`, `name`, and for dhis2Id the feature's own `id`
   * (DHIS2's `/api/organisationUnits.geojson` puts the uid there), else `properties.id`.
   */
  property: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .optional(),
  /** Where the shapes come from, kept with each one (e.g. "GADM 4.1" or the file's name). */
  source: z.string().trim().min(1).max(200).default('import'),
});
export type BoundaryImportQuery = z.infer<typeof BoundaryImportQuerySchema>;

export const BoundaryImportRowSchema = z.object({
  /** 1-based position of the feature in the file. */
  feature: z.number().int(),
  code: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  /** Positions in the file and after simplification. */
  points: z.number().int(),
  keptPoints: z.number().int(),
  bytes: z.number().int(),
});
export const BoundaryImportIssueSchema = IssueSchema.extend({ feature: z.number().int() });
export type BoundaryImportIssue = z.infer<typeof BoundaryImportIssueSchema> & {
  params?: Record<string, unknown>;
};
export const BoundaryImportReportSchema = z.object({
  committed: z.boolean(),
  features: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rows: z.array(BoundaryImportRowSchema),
  errors: z.array(BoundaryImportIssueSchema),
});
export type BoundaryImportReport = z.infer<typeof BoundaryImportReportSchema>;

/** The children of a unit that have a boundary, for the map; `withoutBoundary` counts the others. */
export const ChildBoundariesSchema = z.object({
  items: z.array(z.object({ orgUnitId: z.uuid(), geometry: BoundaryGeometrySchema })),
  withoutBoundary: z.number().int(),
});
export type ChildBoundaries = z.infer<typeof ChildBoundariesSchema>;
