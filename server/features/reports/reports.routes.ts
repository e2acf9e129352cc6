import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AssignReviewersSchema,
  CreateReportSchema,
  OpenQueryInputSchema,
  QueryMessageInputSchema,
  RegionalQuerySchema,
  RegionalSummarySchema,
  ReportDiffSchema,
  ReportListQuerySchema,
  ReportListSchema,
  ReportSchema,
  ReviewerPairSchema,
  ReviewValueInputSchema,
  SubmissionDocumentSchema,
  UpdateReportSchema,
} from '../../../shared/reports/report.schema';
import type { AppDeps } from '../../deps';
import { apiRoutes, IdParams } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { getReportDiff, getReportFile, getSubmission } from './report-documents';
import { registerReportAttachmentRoutes } from './report-attachments.routes';
import { getRegionalSummary } from './report-regional';
import { registerRegionalDocumentRoutes } from './report-regional.routes';
import { registerReportExchangeRoutes } from './exchange.routes';
import { regionalChartSvg } from './report-pdf';
import {
  assignReviewers,
  openQuery,
  postQueryMessage,
  reopenReport,
  reviewValue,
  transitionReport,
} from './report-review.service';
import { createReport, getReport, listReports, updateReport } from './reports.service';

const QueryParams = z.strictObject({ id: z.uuid(), queryId: z.uuid() });
const ValueParams = z.strictObject({ id: z.uuid(), key: z.string().max(60) });

/** Country progress reports and the regional review (issue 17): docs/reports.md. */
export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['reports']);
  const one = { params: IdParams, reply: ReportSchema };

  route('GET /api/reports', {
    access: 'aggregate.read',
    summary: "Reports of the countries in the reader's area and of the countries they review",
    querystring: ReportListQuerySchema,
    reply: ReportListSchema,
    handler: async (req) => ({ items: await listReports(deps, principalOf(req), req.query.biennium) }),
  });

  route('POST /api/reports', {
    access: 'report.write',
    summary: "Create a country's report for a biennium, assembled from the indicator engine",
    body: CreateReportSchema,
    reply: { 201: ReportSchema },
    handler: async (req, reply) => reply.code(201).send(await createReport(deps, principalOf(req), req.body)),
  });

  route('GET /api/reports/regional', {
    access: 'aggregate.read',
    summary: 'Regional summary of a biennium: validated values only, per country, with the headline line',
    querystring: RegionalQuerySchema,
    reply: RegionalSummarySchema,
    handler: async (req) => getRegionalSummary(deps, principalOf(req), req.query.biennium),
  });

  route('GET /api/reports/regional/chart.svg', {
    access: 'aggregate.read',
    summary:
      "The regional summary's comparison chart as SVG (validated values only), from its one chart definition",
    querystring: RegionalQuerySchema,
    reply: z.any(),
    handler: async (req, reply) => {
      const summary = await getRegionalSummary(deps, principalOf(req), req.query.biennium);
      return reply
        .header('content-type', 'image/svg+xml')
        .header('cache-control', 'no-store')
        .send(regionalChartSvg(summary, principalOf(req).locale));
    },
  });

  route('PUT /api/reports/reviewers/:countryId', {
    access: 'report.coordinate',
    summary: "Assign a country's reviewer pair (regional coordinator)",
    params: z.strictObject({ countryId: z.uuid() }),
    body: AssignReviewersSchema,
    reply: ReviewerPairSchema,
    handler: async (req) => ({
      countryId: req.params.countryId,
      reviewers: await assignReviewers(deps, principalOf(req), req.params.countryId, req.body.reviewerIds),
    }),
  });

  route('GET /api/reports/:id', {
    access: 'aggregate.read',
    summary: 'One report version with its values, queries and what the reader may do',
    ...one,
    handler: async (req) => getReport(deps, principalOf(req), req.params.id),
  });

  route('PATCH /api/reports/:id', {
    access: 'report.write',
    summary: 'Edit a draft: narrative, manual items (source required); computed values are assembled again',
    params: IdParams,
    body: UpdateReportSchema,
    reply: ReportSchema,
    handler: async (req) => updateReport(deps, principalOf(req), req.params.id, req.body),
  });

  const transition = (
    path: `/${string}`,
    access: 'report.write' | 'report.review' | 'report.coordinate',
    action: 'submit' | 'start_review' | 'validate' | 'publish',
    summary: string,
  ) =>
    route(`POST ${path}`, {
      access,
      summary,
      ...one,
      handler: async (req) => transitionReport(deps, principalOf(req), req.params.id, action),
    });
  transition('/api/reports/:id/submit', 'report.write', 'submit', 'Submit a draft for review (author)');
  transition(
    '/api/reports/:id/start-review',
    'report.coordinate',
    'start_review',
    'Start the review of a submitted report (coordinator; the pair must be assigned)',
  );
  transition(
    '/api/reports/:id/validate',
    'report.review',
    'validate',
    'Validate the report (a reviewer of the pair; refused while a query is not closed)',
  );
  transition(
    '/api/reports/:id/publish',
    'report.coordinate',
    'publish',
    'Publish a validated report: its values and narrative are kept as an immutable snapshot',
  );

  route('POST /api/reports/:id/reopen', {
    access: 'report.write',
    summary: 'Reopen a published report: a new version in draft; the old snapshot stays',
    ...one,
    handler: async (req) => reopenReport(deps, principalOf(req), req.params.id),
  });

  route('PUT /api/reports/:id/values/:key/review', {
    access: 'report.review',
    summary: 'Validate or not validate one value (a reviewer of the pair)',
    params: ValueParams,
    body: ReviewValueInputSchema,
    reply: ReportSchema,
    handler: async (req) => reviewValue(deps, principalOf(req), req.params.id, req.params.key, req.body),
  });

  route('POST /api/reports/:id/queries', {
    access: 'report.review',
    summary: 'Open a query thread on one value (a reviewer of the pair)',
    params: IdParams,
    body: OpenQueryInputSchema,
    reply: ReportSchema,
    handler: async (req) => openQuery(deps, principalOf(req), req.params.id, req.body),
  });

  const message = (
    path: `/${string}`,
    access: 'report.write' | 'report.review',
    side: 'author' | 'reviewer',
  ) =>
    route(`POST ${path}`, {
      access,
      summary:
        side === 'author'
          ? "The author's answer in a query thread"
          : "A reviewer's message in a query thread (close: true resolves it)",
      params: QueryParams,
      body: QueryMessageInputSchema,
      reply: ReportSchema,
      handler: async (req) => {
        const p = req.params;
        return postQueryMessage(deps, principalOf(req), p.id, p.queryId, side, req.body);
      },
    });
  message('/api/reports/:id/queries/:queryId/answer', 'report.write', 'author');
  message('/api/reports/:id/queries/:queryId/reply', 'report.review', 'reviewer');

  route('GET /api/reports/:id/diff', {
    access: 'aggregate.read',
    summary:
      'What changed between this version and another version of the same report (default: the previous)',
    params: IdParams,
    querystring: z.strictObject({ against: z.uuid().optional() }),
    reply: ReportDiffSchema,
    handler: async (req) => getReportDiff(deps, principalOf(req), req.params.id, req.query.against),
  });

  route('GET /api/reports/:id/submission', {
    access: 'aggregate.read',
    summary: 'The aggregates-only JSON document of a version (the published snapshot once published)',
    params: IdParams,
    reply: SubmissionDocumentSchema,
    handler: async (req) => getSubmission(deps, principalOf(req), req.params.id),
  });

  const file = (kind: 'pdf' | 'xlsx' | 'svg', name: string, summary: string) =>
    route(`GET /api/reports/:id/${name}`, {
      access: 'aggregate.read',
      summary,
      params: IdParams,
      reply: z.any(),
      handler: async (req, reply) => {
        const out = await getReportFile(deps, principalOf(req), req.params.id, kind);
        return reply
          .header('content-type', out.contentType)
          .header(
            'content-disposition',
            `${kind === 'svg' ? 'inline' : 'attachment'}; filename="${out.filename}"`,
          )
          .header('cache-control', 'no-store')
          .send(out.body);
      },
    });
  file(
    'pdf',
    'report.pdf',
    'The report as PDF (embedded DejaVu Sans, chart, tables with repeated headers, page numbers)',
  );
  file('xlsx', 'report.xlsx', 'The same tables as an Excel workbook');
  file('svg', 'chart.svg', "The report's chart as SVG, rendered on the server from the one chart definition");

  registerReportAttachmentRoutes(app, deps);
  registerRegionalDocumentRoutes(app, deps);
  registerReportExchangeRoutes(app, deps);
}
