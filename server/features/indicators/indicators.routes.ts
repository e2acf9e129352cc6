import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describeFilter } from '../../../shared/indicators/filter';
import {
  CompareQuerySchema,
  CompareResponseSchema,
  DefinitionsResponseSchema,
  DisaggregationQuerySchema,
  DisaggregationResponseSchema,
  ExportQuerySchema,
  IndicatorQuerySchema,
  RecordsQuerySchema,
  RecordsResponseSchema,
  ValuesResponseSchema,
} from '../../../shared/indicators/indicator-api.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import { getComparison } from './indicators.compare';
import { exportIndicators } from './indicators.export';
import { listIndicatorRecords } from './indicators.records';
import { getDisaggregation, getIndicatorValues, indicatorLibrary } from './indicators.service';

export function registerIndicatorRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['indicators'];

  r.get('/api/indicators/definitions', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary: 'The indicator library',
      response: { 200: DefinitionsResponseSchema, ...errorResponses },
    },
    handler: async () => ({
      implementingStep: DEFAULT_EENC_SETTINGS.implementingStep,
      items: indicatorLibrary.definitions.map((d) => ({
        id: d.id,
        group: d.group,
        name: d.name,
        definition: d.definition,
        source: d.source,
        numerator: { label: d.numerator.label, condition: describeFilter(d.numerator.where) },
        denominator: d.denominator
          ? { label: d.denominator.label, condition: describeFilter(d.denominator.where) }
          : null,
        unit: d.unit,
        target: d.target ?? null,
        better: d.better ?? null,
        disaggregations: [...d.disaggregations],
        section: d.section,
        core: d.core,
        note: d.note ?? null,
      })),
    }),
  });

  r.get('/api/indicators/values', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary:
        'Indicator values for an org unit and period (?orgUnit=&period=2024|2024Q1|202403 or &from=&to=)',
      description:
        'Each indicator with numerator, denominator and value (percent, per 1,000 or count). `compare=previous` adds the previous period; `include=children,trends` adds the child org units and the monthly trend. For partner viewers counts of people are perturbed by the cell-key method (at most 2 off, the same for the same records by every route; 0 is exact) and listed in `perturbed`.',
      querystring: IndicatorQuerySchema,
      response: { 200: ValuesResponseSchema, ...errorResponses },
    },
    handler: async (req) => getIndicatorValues(deps, principalOf(req), req.query),
  });

  r.get('/api/indicators/compare', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary:
        'Indicator values of several org units for one period in one request (?parent=<id> or ?units=a,b,c, with period= or from=&to=)',
      description:
        "`parent` compares the units directly under it (every country of the region, every province of a country); `units` lists up to 100 units, each of which must be in the reader's scope (403 out_of_scope otherwise). Counts and perturbation as in `/api/indicators/values`.",
      querystring: CompareQuerySchema,
      response: { 200: CompareResponseSchema, ...errorResponses },
    },
    handler: async (req) => getComparison(deps, principalOf(req), req.query),
  });

  r.get('/api/indicators/disaggregation', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary:
        'Indicator values split by sex, birth-weight band, mode of birth, ethnic-minority flag or facility level',
      querystring: DisaggregationQuerySchema,
      response: { 200: DisaggregationResponseSchema, ...errorResponses },
    },
    handler: async (req) => getDisaggregation(deps, principalOf(req), req.query),
  });

  r.get('/api/indicators/records', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary:
        "Drill-down: the records behind an indicator's numerator or denominator, or those of the denominator that did not meet it (part=not_met); cursor or offset paging; the mother's name only where the reader may see personal data (needs record.read for patient records)",
      querystring: RecordsQuerySchema,
      response: { 200: RecordsResponseSchema, ...errorResponses },
    },
    handler: async (req) => listIndicatorRecords(deps, principalOf(req), req.query),
  });

  r.get('/api/indicators/export', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary: 'Download the dashboard of an org unit and period as CSV or Excel (audited)',
      querystring: ExportQuerySchema,
      response: { 200: z.any(), ...errorResponses },
    },
    handler: async (req, reply) => {
      const out = await exportIndicators(deps, principalOf(req), req.query);
      return reply
        .header('content-type', out.contentType)
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .header('cache-control', 'no-store')
        .send(out.body);
    },
  });
}
