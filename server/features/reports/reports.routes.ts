import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
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

const IdParams = z.strictObject({ id: z.uuid() });
const QueryParams = z.strictObject({ id: z.uuid(), queryId: z.uuid() });
const ValueParams = z.strictObject({ id: z.uuid(), key: z.string().max(60) });

/** Country progress reports and the regional review (issue 17): docs/reports.md. */
export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const one = { params: IdParams, response: { 200: ReportSchema, ...errorResponses } };

  r.get('/api/reports', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary: "Reports of the countries in the reader's area and of the countries they review",
      querystring: ReportListQuerySchema,
      response: { 200: ReportListSchema, ...errorResponses },
    },
    handler: async (req) => ({ items: await listReports(deps, principalOf(req), req.query.biennium) }),
  });

  r.post('/api/reports', {
    config: { access: 'report.write' },
    schema: {
      tags,
      summary: "Create a country's report for a biennium, assembled from the indicator engine",
      body: CreateReportSchema,
      response: { 201: ReportSchema, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await createReport(deps, principalOf(req), req.body)),
  });

  r.get('/api/reports/regional', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary: 'Regional summary of a biennium: validated values only, per country, with the headline line',
      querystring: RegionalQuerySchema,
      response: { 200: RegionalSummarySchema, ...errorResponses },
    },
    handler: async (req) => getRegionalSummary(deps, principalOf(req), req.query.biennium),
  });

  r.get('/api/reports/regional/chart.svg', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary:
        "The regional summary's comparison chart as SVG (validated values only), from its one chart definition",
      querystring: RegionalQuerySchema,
      response: { 200: z.any(), ...errorResponses },
    },
    handler: async (req, reply) => {
      const summary = await getRegionalSummary(deps, principalOf(req), req.query.biennium);
      return reply
        .header('content-type', 'image/svg+xml')
        .header('cache-control', 'no-store')
        .send(regionalChartSvg(summary, principalOf(req).locale));
    },
  });

  r.put('/api/reports/reviewers/:countryId', {
    config: { access: 'report.coordinate' },
    schema: {
      tags,
      summary: "Assign a country's reviewer pair (regional coordinator)",
      params: z.strictObject({ countryId: z.uuid() }),
      body: AssignReviewersSchema,
      response: { 200: ReviewerPairSchema, ...errorResponses },
    },
    handler: async (req) => ({
      countryId: req.params.countryId,
      reviewers: await assignReviewers(deps, principalOf(req), req.params.countryId, req.body.reviewerIds),
    }),
  });

  r.get('/api/reports/:id', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary: 'One report version with its values, queries and what the reader may do',
      ...one,
    },
    handler: async (req) => getReport(deps, principalOf(req), req.params.id),
  });

  r.patch('/api/reports/:id', {
    config: { access: 'report.write' },
    schema: {
      tags,
      summary: 'Edit a draft: narrative, manual items (source required); computed values are assembled again',
      params: IdParams,
      body: UpdateReportSchema,
      response: { 200: ReportSchema, ...errorResponses },
    },
    handler: async (req) => updateReport(deps, principalOf(req), req.params.id, req.body),
  });

  const transition = (
    path: string,
    access: 'report.write' | 'report.review' | 'report.coordinate',
    action: 'submit' | 'start_review' | 'validate' | 'publish',
    summary: string,
  ) =>
    r.post(path, {
      config: { access },
      schema: { tags, summary, ...one },
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

  r.post('/api/reports/:id/reopen', {
    config: { access: 'report.write' },
    schema: {
      tags,
      summary: 'Reopen a published report: a new version in draft; the old snapshot stays',
      ...one,
    },
    handler: async (req) => reopenReport(deps, principalOf(req), req.params.id),
  });

  r.put('/api/reports/:id/values/:key/review', {
    config: { access: 'report.review' },
    schema: {
      tags,
      summary: 'Validate or not validate one value (a reviewer of the pair)',
      params: ValueParams,
      body: ReviewValueInputSchema,
      response: { 200: ReportSchema, ...errorResponses },
    },
    handler: async (req) => reviewValue(deps, principalOf(req), req.params.id, req.params.key, req.body),
  });

  r.post('/api/reports/:id/queries', {
    config: { access: 'report.review' },
    schema: {
      tags,
      summary: 'Open a query thread on one value (a reviewer of the pair)',
      params: IdParams,
      body: OpenQueryInputSchema,
      response: { 200: ReportSchema, ...errorResponses },
    },
    handler: async (req) => openQuery(deps, principalOf(req), req.params.id, req.body),
  });

  const message = (path: string, access: 'report.write' | 'report.review', side: 'author' | 'reviewer') =>
    r.post(path, {
      config: { access },
      schema: {
        tags,
        summary:
          side === 'author'
            ? "The author's answer in a query thread"
            : "A reviewer's message in a query thread (close: true resolves it)",
        params: QueryParams,
        body: QueryMessageInputSchema,
        response: { 200: ReportSchema, ...errorResponses },
      },
      handler: async (req) => {
        const p = req.params;
        return postQueryMessage(deps, principalOf(req), p.id, p.queryId, side, req.body);
      },
    });
  message('/api/reports/:id/queries/:queryId/answer', 'report.write', 'author');
  message('/api/reports/:id/queries/:queryId/reply', 'report.review', 'reviewer');

  r.get('/api/reports/:id/diff', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary:
        'What changed between this version and another version of the same report (default: the previous)',
      params: IdParams,
      querystring: z.strictObject({ against: z.uuid().optional() }),
      response: { 200: ReportDiffSchema, ...errorResponses },
    },
    handler: async (req) => getReportDiff(deps, principalOf(req), req.params.id, req.query.against),
  });

  r.get('/api/reports/:id/submission', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary: 'The aggregates-only JSON document of a version (the published snapshot once published)',
      params: IdParams,
      response: { 200: SubmissionDocumentSchema, ...errorResponses },
    },
    handler: async (req) => getSubmission(deps, principalOf(req), req.params.id),
  });

  const file = (kind: 'pdf' | 'xlsx' | 'svg', name: string, summary: string) =>
    r.get(`/api/reports/:id/${name}`, {
      config: { access: 'aggregate.read' },
      schema: { tags, summary, params: IdParams, response: { 200: z.any(), ...errorResponses } },
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
