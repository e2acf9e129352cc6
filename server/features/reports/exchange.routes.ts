import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreatedExchangeTokenSchema,
  CreateExchangeTokenSchema,
  ExchangeAnswerSchema,
  ExchangeReceiptSchema,
  ExchangeReviewSchema,
  ExchangeSubmissionSchema,
  ExchangeTokenListSchema,
  ExchangeTokenSchema,
  PutRegionLinkSchema,
  RegionLinkSchema,
  ReportExchangeSchema,
} from '../../../shared/reports/exchange.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import { answerForCountry, getReviewForCountry, receiveSubmission } from './exchange-receive.service';
import {
  authenticateExchange,
  createExchangeToken,
  listExchangeTokens,
  revokeExchangeToken,
} from './exchange-tokens';
import {
  getRegionLink,
  getReportExchange,
  putRegionLink,
  sendToRegion,
  syncFromRegion,
} from './region-link.service';

const IdParams = z.strictObject({ id: z.uuid() });
const CountryParams = z.strictObject({ countryId: z.uuid() });

/**
 * The report exchange between a country instance and a regional instance (docs/reports.md, "Across
 * instances"). `/api/exchange/*` carry no session: they are `public` to the session hook and
 * authenticated in the handler by the per-country `Authorization: Bearer` token, after the body is
 * validated (a malformed body is a 400 whoever sends it).
 */
export function registerReportExchangeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const bearer = [{ exchangeToken: [] }];

  // Regional side: the coordinator's tokens.
  r.get('/api/reports/exchange/tokens', {
    config: { access: 'report.coordinate' },
    schema: {
      tags,
      summary: 'Exchange tokens of the countries the regional coordinator coordinates (never the tokens)',
      response: { 200: ExchangeTokenListSchema, ...errorResponses },
    },
    handler: async (req) => ({ items: await listExchangeTokens(deps, principalOf(req)) }),
  });
  r.post('/api/reports/exchange/tokens', {
    config: { access: 'report.coordinate' },
    schema: {
      tags,
      summary: "Make a country's exchange token: shown in this answer only, stored hashed",
      body: CreateExchangeTokenSchema,
      response: { 201: CreatedExchangeTokenSchema, ...errorResponses },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createExchangeToken(deps, principalOf(req), req.body.countryId)),
  });
  r.post('/api/reports/exchange/tokens/:id/revoke', {
    config: { access: 'report.coordinate' },
    schema: {
      tags,
      summary: 'Revoke an exchange token: the country instance is refused from then on',
      params: IdParams,
      response: { 200: ExchangeTokenSchema, ...errorResponses },
    },
    handler: async (req) => revokeExchangeToken(deps, principalOf(req), req.params.id),
  });

  // Regional side: what a country instance calls with its token.
  r.post('/api/exchange/reports', {
    config: { access: 'public' },
    schema: {
      tags,
      summary:
        "A country instance's submission (aggregates only). A replay answers 200 with the report already made",
      security: bearer,
      body: ExchangeSubmissionSchema,
      response: { 200: ExchangeReceiptSchema, 201: ExchangeReceiptSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const caller = await authenticateExchange(deps, req.headers.authorization);
      const receipt = await receiveSubmission(deps, caller, req.body);
      return reply.code(receipt.duplicate ? 200 : 201).send(receipt);
    },
  });
  r.get('/api/exchange/reports/:id/review', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: "The review of a received report, for its country's instance: state, decisions, threads",
      security: bearer,
      params: IdParams,
      response: { 200: ExchangeReviewSchema, ...errorResponses },
    },
    handler: async (req) =>
      getReviewForCountry(deps, await authenticateExchange(deps, req.headers.authorization), req.params.id),
  });
  r.post('/api/exchange/reports/:id/queries/:queryId/answer', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: "The country's answer in a query thread, sent by its instance",
      security: bearer,
      params: z.strictObject({ id: z.uuid(), queryId: z.uuid() }),
      body: ExchangeAnswerSchema,
      response: { 200: ExchangeReviewSchema, ...errorResponses },
    },
    handler: async (req) => {
      const caller = await authenticateExchange(deps, req.headers.authorization);
      return answerForCountry(deps, caller, req.params.id, req.params.queryId, req.body.body);
    },
  });

  // Country side: the link to the region, sending a version, fetching its review.
  r.get('/api/reports/region-link/:countryId', {
    config: { access: 'report.write' },
    schema: {
      tags,
      summary: "The country's regional instance: its URL and the token's last characters",
      params: CountryParams,
      response: { 200: RegionLinkSchema, ...errorResponses },
    },
    handler: async (req) => getRegionLink(deps, principalOf(req), req.params.countryId),
  });
  r.put('/api/reports/region-link/:countryId', {
    config: { access: 'report.write' },
    schema: {
      tags,
      summary: "Set the country's regional instance URL and token (the token is kept on the server)",
      params: CountryParams,
      body: PutRegionLinkSchema,
      response: { 200: RegionLinkSchema, ...errorResponses },
    },
    handler: async (req) => putRegionLink(deps, principalOf(req), req.params.countryId, req.body),
  });
  r.get('/api/reports/:id/region', {
    config: { access: 'aggregate.read' },
    schema: {
      tags,
      summary: 'Where a version stands in the exchange between instances',
      params: IdParams,
      response: { 200: ReportExchangeSchema, ...errorResponses },
    },
    handler: async (req) => getReportExchange(deps, principalOf(req), req.params.id),
  });
  const countryAction = (path: string, summary: string, run: typeof sendToRegion) =>
    r.post(path, {
      config: { access: 'report.write' },
      schema: { tags, summary, params: IdParams, response: { 200: ReportExchangeSchema, ...errorResponses } },
      handler: async (req) => run(deps, principalOf(req), req.params.id),
    });
  countryAction(
    '/api/reports/:id/region/send',
    'Send a submitted version to the regional instance (sending again is harmless)',
    sendToRegion,
  );
  countryAction(
    '/api/reports/:id/region/sync',
    "Fetch the region's review of a sent version into this report",
    syncFromRegion,
  );
}
