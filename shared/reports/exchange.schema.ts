import { z } from 'zod';
import { REPORT_STATES } from './report-workflow';
import {
  NarrativeSchema,
  ReportQuerySchema,
  ReportValueSchema,
  ReviewStatusSchema,
  SubmissionDocumentSchema,
} from './report.schema';

/**
 * Wire shapes of the report exchange between a country instance and a regional instance (issue 17,
 * docs/reports.md "Across instances"). The country sends; the country pulls the review back; the same
 * per-country token authenticates every call (`Authorization: Bearer <token>`).
 */

/** A per-country token as the regional coordinator sees it: never the token, its last characters only. */
export const ExchangeTokenSchema = z.object({
  id: z.uuid(),
  countryId: z.uuid(),
  countryName: z.string(),
  hint: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ExchangeToken = z.infer<typeof ExchangeTokenSchema>;
export const ExchangeTokenListSchema = z.object({ items: z.array(ExchangeTokenSchema) });
export const CreateExchangeTokenSchema = z.strictObject({ countryId: z.uuid() });
/** The answer to a creation: the only time the token itself is shown. */
export const CreatedExchangeTokenSchema = ExchangeTokenSchema.extend({ token: z.string() });

/** The country's link to its regional instance as the browser sees it: the token never, its hint only. */
export const RegionLinkSchema = z.object({
  countryId: z.uuid(),
  url: z.string().nullable(),
  tokenHint: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type RegionLink = z.infer<typeof RegionLinkSchema>;
export const PutRegionLinkSchema = z.strictObject({
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^https?:\/\/[^\s]+$/, 'reports.exchangeUrl'),
  /** Left out to keep the stored token (the browser never has it). */
  token: z.string().trim().min(20).max(200).optional(),
});

/**
 * What a country sends: its report version's id on the country instance (the replay key) and the
 * aggregates-only document, refused with any field it does not define (no record can ride along).
 */
export const ExchangeSubmissionSchema = z.strictObject({
  sourceReportId: z.uuid(),
  document: SubmissionDocumentSchema.extend({
    narrative: NarrativeSchema.strict(),
    values: z.array(ReportValueSchema.omit({ drillDown: true }).strict()).max(200),
  }).strict(),
});
export type ExchangeSubmission = z.infer<typeof ExchangeSubmissionSchema>;

export const ExchangeReceiptSchema = z.object({
  reportId: z.uuid(),
  state: z.enum(REPORT_STATES),
  /** True when this exact submission had been received before: nothing new was stored. */
  duplicate: z.boolean(),
});
export type ExchangeReceipt = z.infer<typeof ExchangeReceiptSchema>;

/**
 * The review of a received report, as the country fetches it: the state, each value's decision and the
 * query threads. Messages carry their side, never the reviewers' names.
 */
export const ExchangeReviewSchema = z.object({
  reportId: z.uuid(),
  state: z.enum(REPORT_STATES),
  values: z.array(
    z.object({ key: z.string(), review: ReviewStatusSchema, reviewComment: z.string().nullable() }),
  ),
  queries: z.array(
    ReportQuerySchema.extend({
      messages: z.array(
        z.object({ id: z.uuid(), side: z.enum(['reviewer', 'author']), body: z.string(), at: z.string() }),
      ),
    }),
  ),
});
export type ExchangeReview = z.infer<typeof ExchangeReviewSchema>;

export const ExchangeAnswerSchema = z.strictObject({ body: z.string().trim().min(1).max(4000) });

/** Where a report stands in the exchange, shown on the report page. */
export const ReportExchangeSchema = z.object({
  /** Received from a country instance (regional side): the country answers through the exchange. */
  received: z.boolean(),
  /** Sent to the regional instance (country side): the region's id of it and when its review was fetched. */
  regionReportId: z.uuid().nullable(),
  regionSyncedAt: z.string().nullable(),
  /** The author may send it now (submitted, a regional link set). */
  canSend: z.boolean(),
  /** The author may fetch the region's review (a sent version). */
  canSync: z.boolean(),
});
export type ReportExchange = z.infer<typeof ReportExchangeSchema>;
