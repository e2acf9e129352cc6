import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RegionalTrendsSchema } from '../../../shared/reports/regional-trends';
import { RegionalQuerySchema } from '../../../shared/reports/report.schema';
import type { AppDeps } from '../../deps';
import { apiRoutes } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { auditChange } from '../audit/audit.repo';
import { getRegionalSummary, getRegionalTrends } from './report-regional';
import { renderRegionalExcel, renderRegionalPdf, trendChartSvg } from './report-regional-documents';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The regional summary's documents (PDF and Excel, like the country report's) and its trends over
 * bienniums (docs/reports.md). Read by any `aggregate.read` reader, over the countries of their area.
 */
export function registerRegionalDocumentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['reports']);

  route('GET /api/reports/regional/trends', {
    access: 'aggregate.read',
    summary:
      "The regional values per biennium, over each country's newest published report (validated values only)",
    reply: RegionalTrendsSchema,
    handler: async (req) => getRegionalTrends(deps, principalOf(req)),
  });

  route('GET /api/reports/regional/trends.svg', {
    access: 'aggregate.read',
    summary: 'The trend chart over bienniums as SVG, rendered on the server from its one chart definition',
    reply: z.any(),
    handler: async (req, reply) => {
      const principal = principalOf(req);
      return reply
        .header('content-type', 'image/svg+xml')
        .header('cache-control', 'no-store')
        .send(trendChartSvg(await getRegionalTrends(deps, principal), principal.locale));
    },
  });

  const file = (kind: 'pdf' | 'xlsx', summary: string) =>
    route(`GET /api/reports/regional/report.${kind}`, {
      access: 'aggregate.read',
      summary,
      querystring: RegionalQuerySchema,
      reply: z.any(),
      handler: async (req, reply) => {
        const principal = principalOf(req);
        const { biennium } = req.query;
        const input = {
          summary: await getRegionalSummary(deps, principal, biennium),
          trends: await getRegionalTrends(deps, principal),
          language: principal.locale,
        };
        await auditChange(
          deps.db,
          principal,
          'export',
          { entityType: 'regional_summary', entityId: null, orgUnitId: null },
          { details: { format: kind, biennium } },
        );
        const body = kind === 'pdf' ? await renderRegionalPdf(input) : await renderRegionalExcel(input);
        return reply
          .header('content-type', kind === 'pdf' ? 'application/pdf' : XLSX)
          .header('content-disposition', `attachment; filename="eenc-regional-${biennium}.${kind}"`)
          .header('cache-control', 'no-store')
          .send(body);
      },
    });
  file(
    'pdf',
    'The regional summary as PDF: the headline line, comparison chart and tables across countries, trends over bienniums',
  );
  file('xlsx', 'The same tables of the regional summary as an Excel workbook');
}
