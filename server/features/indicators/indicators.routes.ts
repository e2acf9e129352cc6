import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import type { FastifyInstance } from 'fastify';
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
import { apiRoutes } from '../../http/api-route';
import { getComparison } from './indicators.compare';
import { exportIndicators } from './indicators.export';
import { listIndicatorRecords } from './indicators.records';
import { getDisaggregation, getIndicatorValues, indicatorLibrary } from './indicators.service';

export function registerIndicatorRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['indicators']);

  route('GET /api/indicators/definitions', {
    access: 'aggregate.read',
    summary: 'The indicator library',
    reply: DefinitionsResponseSchema,
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

  route('GET /api/indicators/values', {
    access: 'aggregate.read',
    summary:
      'Indicator values for an org unit and period (?orgUnit=&period=2024|2024Q1|202403 or &from=&to=)',
    description:
      'Each indicator with numerator, denominator and value (percent, per 1,000 or count). `compare=previous` adds the previous period; `include=children,trends` adds the child org units and the monthly trend. For partner viewers counts of people are perturbed by the cell-key method (at most 2 off, the same for the same records by every route; 0 is exact) and listed in `perturbed`.',
    querystring: IndicatorQuerySchema,
    reply: ValuesResponseSchema,
    handler: async (req) => getIndicatorValues(deps, principalOf(req), req.query),
  });

  route('GET /api/indicators/compare', {
    access: 'aggregate.read',
    summary:
      'Indicator values of several org units for one period in one request (?parent=<id> or ?units=a,b,c, with period= or from=&to=)',
    description:
      "`parent` compares the units directly under it (every country of the region, every province of a country); `units` lists up to 100 units, each of which must be in the reader's scope (403 out_of_scope otherwise). Counts and perturbation as in `/api/indicators/values`.",
    querystring: CompareQuerySchema,
    reply: CompareResponseSchema,
    handler: async (req) => getComparison(deps, principalOf(req), req.query),
  });

  route('GET /api/indicators/disaggregation', {
    access: 'aggregate.read',
    summary:
      'Indicator values split by sex, birth-weight band, mode of birth, ethnic-minority flag or facility level',
    querystring: DisaggregationQuerySchema,
    reply: DisaggregationResponseSchema,
    handler: async (req) => getDisaggregation(deps, principalOf(req), req.query),
  });

  route('GET /api/indicators/records', {
    access: 'aggregate.read',
    summary:
      "Drill-down: the records behind an indicator's numerator or denominator, or those of the denominator that did not meet it (part=not_met); cursor or offset paging; the mother's name only where the reader may see personal data (needs record.read for patient records)",
    querystring: RecordsQuerySchema,
    reply: RecordsResponseSchema,
    handler: async (req) => listIndicatorRecords(deps, principalOf(req), req.query),
  });

  route('GET /api/indicators/export', {
    access: 'aggregate.read',
    summary: 'Download the dashboard of an org unit and period as CSV or Excel (audited)',
    querystring: ExportQuerySchema,
    reply: z.any(),
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
