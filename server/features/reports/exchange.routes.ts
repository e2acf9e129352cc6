import type { FastifyInstance } from 'fastify';
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
import { apiRoutes, IdParams } from '../../http/api-route';
import { principalOf } from '../../http/access';
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

const CountryParams = z.strictObject({ countryId: z.uuid() });

/**
 * The report exchange between a country instance and a regional instance (docs/reports.md, "Across
 * instances"). `/api/exchange/*` carry no session: they are `public` to the session hook and
 * authenticated in the handler by the per-country `Authorization: Bearer` token, after the body is
 * validated (a malformed body is a 400 whoever sends it).
 */
export function registerReportExchangeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['reports']);
  const bearer = [{ exchangeToken: [] }];

  // Regional side: the coordinator's tokens.
  route('GET /api/reports/exchange/tokens', {
    access: 'report.coordinate',
    summary: 'Exchange tokens of the countries the regional coordinator coordinates (never the tokens)',
    reply: ExchangeTokenListSchema,
    handler: async (req) => ({ items: await listExchangeTokens(deps, principalOf(req)) }),
  });
  route('POST /api/reports/exchange/tokens', {
    access: 'report.coordinate',
    summary: "Make a country's exchange token: shown in this answer only, stored hashed",
    body: CreateExchangeTokenSchema,
    reply: { 201: CreatedExchangeTokenSchema },
    handler: async (req, reply) =>
      reply.code(201).send(await createExchangeToken(deps, principalOf(req), req.body.countryId)),
  });
  route('POST /api/reports/exchange/tokens/:id/revoke', {
    access: 'report.coordinate',
    summary: 'Revoke an exchange token: the country instance is refused from then on',
    params: IdParams,
    reply: ExchangeTokenSchema,
    handler: async (req) => revokeExchangeToken(deps, principalOf(req), req.params.id),
  });

  // Regional side: what a country instance calls with its token.
  route('POST /api/exchange/reports', {
    access: 'public',
    summary:
      "A country instance's submission (aggregates only). A replay answers 200 with the report already made",
    security: bearer,
    body: ExchangeSubmissionSchema,
    reply: { 200: ExchangeReceiptSchema, 201: ExchangeReceiptSchema },
    handler: async (req, reply) => {
      const caller = await authenticateExchange(deps, req.headers.authorization);
      const receipt = await receiveSubmission(deps, caller, req.body);
      return reply.code(receipt.duplicate ? 200 : 201).send(receipt);
    },
  });
  route('GET /api/exchange/reports/:id/review', {
    access: 'public',
    summary: "The review of a received report, for its country's instance: state, decisions, threads",
    security: bearer,
    params: IdParams,
    reply: ExchangeReviewSchema,
    handler: async (req) =>
      getReviewForCountry(deps, await authenticateExchange(deps, req.headers.authorization), req.params.id),
  });
  route('POST /api/exchange/reports/:id/queries/:queryId/answer', {
    access: 'public',
    summary: "The country's answer in a query thread, sent by its instance",
    security: bearer,
    params: z.strictObject({ id: z.uuid(), queryId: z.uuid() }),
    body: ExchangeAnswerSchema,
    reply: ExchangeReviewSchema,
    handler: async (req) => {
      const caller = await authenticateExchange(deps, req.headers.authorization);
      return answerForCountry(deps, caller, req.params.id, req.params.queryId, req.body.body);
    },
  });

  // Country side: the link to the region, sending a version, fetching its review.
  route('GET /api/reports/region-link/:countryId', {
    access: 'report.write',
    summary: "The country's regional instance: its URL and the token's last characters",
    params: CountryParams,
    reply: RegionLinkSchema,
    handler: async (req) => getRegionLink(deps, principalOf(req), req.params.countryId),
  });
  route('PUT /api/reports/region-link/:countryId', {
    access: 'report.write',
    summary: "Set the country's regional instance URL and token (the token is kept on the server)",
    params: CountryParams,
    body: PutRegionLinkSchema,
    reply: RegionLinkSchema,
    handler: async (req) => putRegionLink(deps, principalOf(req), req.params.countryId, req.body),
  });
  route('GET /api/reports/:id/region', {
    access: 'aggregate.read',
    summary: 'Where a version stands in the exchange between instances',
    params: IdParams,
    reply: ReportExchangeSchema,
    handler: async (req) => getReportExchange(deps, principalOf(req), req.params.id),
  });
  const countryAction = (path: `/${string}`, summary: string, run: typeof sendToRegion) =>
    route(`POST ${path}`, {
      access: 'report.write',
      summary,
      params: IdParams,
      reply: ReportExchangeSchema,
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
