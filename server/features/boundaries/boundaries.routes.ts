import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import {
  BOUNDARY_FILE_MAX_BYTES,
  BOUNDARY_MAX_BYTES,
  BoundaryImportQuerySchema,
  BoundaryImportReportSchema,
  ChildBoundariesSchema,
} from '../../../shared/org-units/boundary.schema';
import type { AppDeps } from '../../deps';
import { apiRoutes, IdParams } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { importAnswer } from '../../http/locale';
import { decodeUtf8 } from '../org-units/org-units.import';
import { importBoundaries, listChildBoundaries } from './boundaries.service';

const GEOJSON_TYPES = ['application/json', 'application/geo+json'];

/**
 * Org-unit boundaries for the dashboard's map (docs/boundaries.md). In their own encapsulated plugin so
 * that only here a JSON body arrives as bytes: the import reads the file itself, to answer a file that is
 * not JSON with the import's own message and to measure it before parsing.
 */
export function registerBoundaryRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(GEOJSON_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const route = apiRoutes(scope, ['org-units']);

    route('POST /api/org-units/boundaries/import', {
      access: 'org_unit.manage',
      summary:
        'Import org-unit boundaries from a GeoJSON FeatureCollection (application/geo+json or application/json)',
      description: `Each feature's Polygon or MultiPolygon (longitude, latitude) becomes the boundary of the org unit it names: match=code (properties.code, the default), match=dhis2Id (the feature's id, as DHIS2's organisationUnits.geojson has it, else properties.id) or match=name (properties.name; refused when two units share the name); property= names another property. Shapes are rounded to 4 decimals and simplified (about 100 m), then limited to ${BOUNDARY_MAX_BYTES / 1024} KB each. Only units inside the importer's area. mode=validate reports without writing; mode=commit writes every shape or none (400 listing every feature's problems).`,
      querystring: BoundaryImportQuerySchema,
      bodyLimit: BOUNDARY_FILE_MAX_BYTES,
      reply: BoundaryImportReportSchema,
      handler: async (req, reply) => {
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new AppError('validation_failed', 'boundaries.noFeatures', [
            { path: 'file', message: 'boundaries.noFeatures' },
          ]);
        const report = await importBoundaries(deps, principalOf(req), decodeUtf8(body), req.query);
        return reply.send(importAnswer(req, req.query.mode, report));
      },
    });

    route('GET /api/org-units/:id/child-boundaries', {
      access: 'org_unit.read',
      summary: "The boundaries of a unit's children the reader may see, for the dashboard's map",
      description:
        'GeoJSON geometries by org-unit id; `withoutBoundary` counts the visible children without one. Answers carry an ETag: send it back as If-None-Match for a 304 while nothing changed.',
      params: IdParams,
      reply: { 200: ChildBoundariesSchema, 304: z.null().describe('Not modified') },
      handler: async (req, reply) => {
        const { etag, ...body } = await listChildBoundaries(deps, principalOf(req), req.params.id);
        // Private: which children a reader sees depends on their scope. Revalidated at each use (no-cache),
        // which costs one small query when nothing changed and never shows a stale shape after an import.
        void reply.header('etag', etag).header('cache-control', 'private, no-cache');
        if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
        return body;
      },
    });
  });
}
