import { z } from 'zod';
import { RecordVersionSchema } from '../record-version';
import { localizedTextSchema } from '../i18n/localized-text';
import { AttachmentRefSchema } from './report-attachments';
import { ProvinceBreakdownSchema, ReportProvinceSchema } from './report-breakdown';
import { NARRATIVE_SECTIONS, REPORT_SECTIONS } from './report-items';
import { BIENNIUM_RE, REPORT_ACTIONS, REPORT_STATES } from './report-workflow';

/** Wire shapes of /api/reports (issue 17, docs/reports.md). */
export const BienniumSchema = z.string().regex(BIENNIUM_RE, 'reports.bienniumFormat');

export const ReviewStatusSchema = z.enum(['pending', 'validated', 'not_validated']);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

export const ReportValueSchema = z.object({
  /** Indicator id for computed items, the manual item's key otherwise. */
  key: z.string(),
  kind: z.enum(['computed', 'manual']),
  section: z.enum(REPORT_SECTIONS),
  indicatorId: z.string().nullable(),
  name: localizedTextSchema(z.string()),
  unit: z.enum(['percent', 'per1000', 'count', 'text']),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** Null is "no data": the indicator does not exist yet, or its denominator is 0. Never 0 for that. */
  value: z.number().nullable(),
  /** Manual items: the country's answer. */
  text: z.string().nullable(),
  /** Computed: the engine, its record source and period; manual: the evidence note (required). */
  source: z.string(),
  /** The dashboard drill-down of this indicator, unit and period (computed items with data). */
  drillDown: z.string().nullable(),
  review: ReviewStatusSchema,
  reviewComment: z.string().nullable(),
  /** Manual items: the evidence files attached (listed in the published snapshot with their SHA-256). */
  attachments: z.array(AttachmentRefSchema).optional(),
});
export type ReportValue = z.infer<typeof ReportValueSchema>;

export const NarrativeSchema = z.object(
  Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s, z.string().max(20_000)])) as Record<
    (typeof NARRATIVE_SECTIONS)[number],
    z.ZodString
  >,
);
export type Narrative = z.infer<typeof NarrativeSchema>;

export const QueryMessageSchema = z.object({
  id: z.uuid(),
  side: z.enum(['reviewer', 'author']),
  authorName: z.string(),
  body: z.string(),
  at: z.string(),
});
export const ReportQuerySchema = z.object({
  id: z.uuid(),
  valueKey: z.string(),
  /** open: waits for the author; answered: waits for the reviewer; closed: resolved. */
  status: z.enum(['open', 'answered', 'closed']),
  messages: z.array(QueryMessageSchema),
});
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export const PersonRefSchema = z.object({ userId: z.uuid(), displayName: z.string() });

export const ReportSummarySchema = z.object({
  id: z.uuid(),
  countryId: z.uuid(),
  countryName: z.string(),
  biennium: z.string(),
  version: RecordVersionSchema,
  state: z.enum(REPORT_STATES),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type ReportSummary = z.infer<typeof ReportSummarySchema>;

export const ReportSchema = ReportSummarySchema.extend({
  period: z.object({ from: z.string(), to: z.string() }),
  language: z.string(),
  narrative: NarrativeSchema,
  values: z.array(ReportValueSchema),
  /** The computed values for each province of the country (report-breakdown.ts). */
  provinces: z.array(ReportProvinceSchema),
  queries: z.array(ReportQuerySchema),
  reviewers: z.array(PersonRefSchema),
  computedAt: z.string(),
  /** Optimistic concurrency for content edits. */
  rowVersion: z.number().int(),
  previousVersionId: z.uuid().nullable(),
  /** What the reader may do now, from the workflow table and the reader's part in this report. */
  can: z.object({
    actions: z.array(z.enum(REPORT_ACTIONS)),
    editContent: z.boolean(),
    review: z.boolean(),
    answer: z.boolean(),
  }),
});
export type Report = z.infer<typeof ReportSchema>;

export const ReportListSchema = z.object({ items: z.array(ReportSummarySchema) });
export const ReportListQuerySchema = z.strictObject({ biennium: BienniumSchema.optional() });

export const CreateReportSchema = z.strictObject({
  countryId: z.uuid(),
  biennium: BienniumSchema,
  language: z.string().min(2).max(10).optional(),
});

export const ManualValueInputSchema = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  /** Required: where the answer comes from (decree number, survey, stock report…). */
  source: z.string().trim().max(2000),
});
export type ManualValueInput = z.infer<typeof ManualValueInputSchema>;

export const UpdateReportSchema = z.strictObject({
  rowVersion: z.number().int(),
  narrative: NarrativeSchema.partial().optional(),
  manual: z.record(z.string().max(60), ManualValueInputSchema).optional(),
});

export const TransitionInputSchema = z.strictObject({ action: z.enum(REPORT_ACTIONS) });

export const ReviewValueInputSchema = z.strictObject({
  review: z.enum(['validated', 'not_validated']),
  comment: z.string().trim().max(2000).optional(),
});
export const OpenQueryInputSchema = z.strictObject({
  valueKey: z.string().max(60),
  body: z.string().trim().min(1).max(4000),
});
export const QueryMessageInputSchema = z.strictObject({
  body: z.string().trim().min(1).max(4000),
  /** Reviewers only: close the thread with this message. */
  close: z.boolean().optional(),
});

export const AssignReviewersSchema = z.strictObject({
  reviewerIds: z.array(z.uuid()).length(2),
});
export const ReviewerPairSchema = z.object({ countryId: z.uuid(), reviewers: z.array(PersonRefSchema) });

/** The aggregates-only document of a submitted or published report (no record, no personal data). */
export const SubmissionDocumentSchema = z.object({
  format: z.literal('openeenc.country-report/1'),
  country: z.object({ code: z.string(), name: z.string() }),
  biennium: z.string(),
  version: RecordVersionSchema,
  language: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  computedAt: z.string(),
  narrative: NarrativeSchema,
  values: z.array(ReportValueSchema.omit({ drillDown: true })),
  /** Absent from snapshots published before the breakdown existed. */
  provinces: z.array(ProvinceBreakdownSchema).optional(),
});
export type SubmissionDocument = z.infer<typeof SubmissionDocumentSchema>;

export const ReportDiffSchema = z.object({
  from: z.object({ id: z.uuid(), version: z.number().int() }),
  to: z.object({ id: z.uuid(), version: z.number().int() }),
  values: z.array(
    z.object({
      key: z.string(),
      field: z.string(),
      before: z.union([z.string(), z.number(), z.null()]),
      after: z.union([z.string(), z.number(), z.null()]),
    }),
  ),
  narrative: z.array(z.object({ section: z.string(), before: z.string(), after: z.string() })),
});
export type ReportDiff = z.infer<typeof ReportDiffSchema>;

/** A computed item's value in the regional summary: a country's, or the sum over countries. */
const ItemValueSchema = z.object({
  key: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
});

export const RegionalQuerySchema = z.strictObject({ biennium: BienniumSchema });
export const RegionalSummarySchema = z.object({
  biennium: z.string(),
  headline: z.object({
    countries: z.number().int(),
    facilities: z.number(),
    healthWorkersCoached: z.number(),
    newborns: z.number(),
  }),
  countries: z.array(
    z.object({
      countryId: z.uuid(),
      countryName: z.string(),
      reportId: z.uuid(),
      version: RecordVersionSchema,
      state: z.enum(REPORT_STATES),
      values: z.array(ItemValueSchema),
      excluded: z.number().int(),
    }),
  ),
  /** Sum over countries of validated numerators and denominators, per computed item. */
  totals: z.array(ItemValueSchema.extend({ countries: z.number().int() })),
  /** Computed values left out because they were not validated (pending or not validated). */
  excludedUnvalidated: z.number().int(),
});
export type RegionalSummary = z.infer<typeof RegionalSummarySchema>;
