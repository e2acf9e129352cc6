import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toCsvDocument } from '../../../shared/csv/csv-writer';
import {
  DHIS2_CSV_COLUMNS,
  Dhis2ExportQuerySchema,
  Dhis2ExportSummarySchema,
  Dhis2MappingSchema,
  Dhis2MonthlyPushSchema,
  Dhis2PushResultSchema,
  Dhis2PushSchema,
  SaveDhis2MappingSchema,
  UpdateDhis2MappingSchema,
} from '../../../shared/dhis2/dhis2-exchange.schema';
import { AppError } from '../../../shared/errors';
import type { AppDeps } from '../../deps';
import { apiRoutes, IdParams } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { postDataValueSet } from './dhis2-client';
import { auditExchange, mappedValues, pushAnswerForAudit } from './dhis2-exchange.service';
import { createMapping, getMapping, getMappings, saveMapping } from './dhis2-mappings.service';
import { setMonthlyPush } from './dhis2-monthly-push';

/** A whole mapping is sent when saved: a data set's metadata may be large. */
const MAPPING_BODY_LIMIT = 20 * 1024 * 1024;

/** DHIS2 aggregate exchange (docs/dhis2.md): mappings, `dataValueSets` exports and pushes. */
export function registerDhis2Routes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['dhis2']);

  route('GET /api/dhis2/mappings', {
    access: 'config.manage',
    summary: 'DHIS2 data set mappings',
    reply: z.object({ items: z.array(Dhis2MappingSchema) }),
    handler: async () => ({ items: await getMappings(deps) }),
  });

  route('GET /api/dhis2/mappings/:id', {
    access: 'config.manage',
    summary: 'One DHIS2 mapping',
    params: IdParams,
    reply: Dhis2MappingSchema,
    handler: async (req) => getMapping(deps.db, req.params.id),
  });

  route('POST /api/dhis2/mappings', {
    access: 'config.manage',
    summary: 'Create a mapping from a data set metadata export and its rows (audited)',
    body: SaveDhis2MappingSchema,
    bodyLimit: MAPPING_BODY_LIMIT,
    reply: { 201: Dhis2MappingSchema },
    handler: async (req, reply) =>
      reply.code(201).send(await createMapping(deps, principalOf(req), req.body)),
  });

  route('PUT /api/dhis2/mappings/:id', {
    access: 'config.manage',
    summary: 'Save a new version of a mapping (the old versions are kept; audited)',
    params: IdParams,
    body: UpdateDhis2MappingSchema,
    bodyLimit: MAPPING_BODY_LIMIT,
    reply: Dhis2MappingSchema,
    handler: async (req) => saveMapping(deps, principalOf(req), req.params.id, req.body),
  });

  route('GET /api/dhis2/mappings/:id/data-values', {
    access: 'config.manage',
    summary: 'The DHIS2 data values of a subtree and period: a summary (json) or the dataValueSets CSV (csv)',
    params: IdParams,
    querystring: Dhis2ExportQuerySchema,
    reply: z.union([Dhis2ExportSummarySchema, z.string()]),
    handler: async (req, reply) => {
      const principal = principalOf(req);
      const q = req.query;
      const { mapping, summary } = await mappedValues(deps, principal, req.params.id, q.orgUnit, q.period);
      await auditExchange(deps, principal, mapping, q.orgUnit, {
        period: q.period,
        format: q.format,
        values: summary.values,
      });
      if (req.query.format === 'json') return summary;
      const rows = summary.dataValues.map((v) => [
        v.dataElement,
        v.period,
        v.orgUnit,
        v.categoryOptionCombo,
        '',
        v.value,
        '',
        '',
        '',
        '',
      ]);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dhis2-data-values-${req.query.period}.csv"`)
        .header('cache-control', 'no-store')
        .send(toCsvDocument(DHIS2_CSV_COLUMNS, rows));
    },
  });

  route('PUT /api/dhis2/mappings/:id/monthly-push', {
    access: 'config.manage',
    summary: "Switch on (for an area) or off the monthly push of the previous month's values (audited)",
    params: IdParams,
    body: Dhis2MonthlyPushSchema,
    reply: Dhis2MappingSchema,
    handler: async (req) => setMonthlyPush(deps, principalOf(req), req.params.id, req.body.orgUnit),
  });

  route('POST /api/dhis2/mappings/:id/push', {
    access: 'config.manage',
    summary: "Send a subtree's data values to the configured DHIS2 (dryRun first; audited)",
    params: IdParams,
    body: Dhis2PushSchema,
    reply: Dhis2PushResultSchema,
    handler: async (req) => {
      const principal = principalOf(req);
      const b = req.body;
      // The values first: the scope check comes before saying whether DHIS2 is configured.
      const { mapping, summary } = await mappedValues(deps, principal, req.params.id, b.orgUnit, b.period);
      const connection = deps.config.dhis2;
      if (!connection) throw new AppError('conflict', 'dhis2.notConfigured');
      const result = {
        ...(await postDataValueSet(connection, summary.dataValues, b.dryRun)),
        values: summary.values,
      };
      await auditExchange(deps, principal, mapping, b.orgUnit, {
        push: true,
        dryRun: b.dryRun,
        period: b.period,
        values: summary.values,
        ...pushAnswerForAudit(result),
      });
      return result;
    },
  });
}
