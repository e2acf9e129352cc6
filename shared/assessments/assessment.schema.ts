import { z } from 'zod';
import { ExpectedVersionSchema, recordStamps } from '../record-version';
import { ChecklistDefinitionSchema, ChecklistIdSchema } from './checklist.schema';
import type { ValueOf } from '../closed-set';

/** An answer: an answer code or choice value ("yes", "na", "ge90"), a number, free text, or null (cleared). */
export const AnswerValueSchema = z.union([z.string().max(4000), z.number(), z.null()]);
export type AnswerValue = z.infer<typeof AnswerValueSchema>;
export const AnswersSchema = z.record(ChecklistIdSchema, AnswerValueSchema);
export type Answers = z.infer<typeof AnswersSchema>;

export const AssessmentStatus = { inProgress: 'in_progress', completed: 'completed' } as const;
export type AssessmentStatus = ValueOf<typeof AssessmentStatus>;

// ---- computed results -------------------------------------------------------------------------------

export const StandardStatus = { met: 'met', notMet: 'not_met', noData: 'no_data' } as const;
export type StandardStatus = ValueOf<typeof StandardStatus>;

export const StandardResultSchema = z.object({
  id: z.string(),
  numerator: z.number(),
  denominator: z.number(),
  /** 0–100, one decimal; null without a denominator. */
  percent: z.number().nullable(),
  targetPercent: z.number(),
  status: z.enum(['met', 'not_met', 'no_data']),
  requiredForStatus: z.boolean(),
  /** Records left out because an answer the standard needs is still missing. */
  pending: z.number().int(),
});
export type StandardResult = z.infer<typeof StandardResultSchema>;

export const ScoreBandSchema = z.enum(['low', 'medium', 'high']);
export type ScoreBand = z.infer<typeof ScoreBandSchema>;

export const ItemScoreSchema = z.object({
  id: z.string(),
  points: z.number(),
  maxPoints: z.number(),
  percent: z.number().nullable(),
  /** Answers scored (not applicable and unanswered left out). */
  answers: z.number().int(),
});
export type ItemScore = z.infer<typeof ItemScoreSchema>;

export const AreaScoreSchema = ItemScoreSchema.extend({
  band: ScoreBandSchema.nullable(),
  items: z.array(ItemScoreSchema),
});
export type AreaScore = z.infer<typeof AreaScoreSchema>;

export const PrioritySchema = z.object({
  areaId: z.string(),
  rank: z.number().int(),
  percent: z.number(),
  /** The area's items scoring below 100%, weakest first (at most five). */
  gaps: z.array(z.object({ itemId: z.string(), sectionId: z.string(), percent: z.number() })),
});
export type Priority = z.infer<typeof PrioritySchema>;

export const AssessmentResultsSchema = z.object({
  standards: z.array(StandardResultSchema),
  areas: z.array(AreaScoreSchema),
  priorities: z.array(PrioritySchema),
  /** Every standard required for status met (see docs/assessments.md for the rule). */
  meetsStandards: z.boolean(),
});
export type AssessmentResults = z.infer<typeof AssessmentResultsSchema>;

// ---- EENC status ladder -----------------------------------------------------------------------------

export const LADDER_STEPS = ['introduced', 'team_formed', 'assessed', 'meets_standards'] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];
export const LadderSchema = z.object({
  steps: z.array(z.object({ step: z.enum(LADDER_STEPS), date: z.iso.date().nullable() })),
  /** Highest step reached, or null. */
  current: z.enum(LADDER_STEPS).nullable(),
  /**
   * Where the date of "introduced" came from: the facility's recorded date, or its first completed
   * coaching course where the country's coaching settings say so (docs/coaching.md).
   */
  introducedFrom: z.enum(['recorded', 'coaching']).nullable().optional(),
});
export type Ladder = z.infer<typeof LadderSchema>;

// ---- records, assessments, actions ------------------------------------------------------------------

export const AssessmentRecordSchema = z.object({
  id: z.uuid(),
  assessmentId: z.uuid(),
  sectionId: z.string(),
  answers: AnswersSchema,
  /** Items whose (personal) answers are withheld from this reader. */
  hiddenItems: z.array(z.string()),
  /** Register summary: the counts computed from the birth register when pre-filled (null = no data). */
  prefill: z.record(z.string(), z.number().nullable()).nullable(),
  /** Register summary: items whose value differs from the pre-filled count (edited by the team). */
  edited: z.array(z.string()),
  ...recordStamps,
  updatedBy: z.string().nullable(),
});
export type AssessmentRecord = z.infer<typeof AssessmentRecordSchema>;

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ActionSourceSchema = z.strictObject({
  kind: z.enum(['standard', 'area', 'item']),
  id: ChecklistIdSchema,
});

const text = (max: number, key: string) =>
  z.string({ error: key }).trim().min(1, { error: key }).max(max, { error: 'assessments.textTooLong' });
const optionalText = (max: number) =>
  z.string().trim().max(max, { error: 'assessments.textTooLong' }).nullable().optional();

export const ActionItemSchema = z.object({
  id: z.uuid(),
  assessmentId: z.uuid(),
  facilityId: z.uuid(),
  source: ActionSourceSchema.nullable(),
  problem: z.string(),
  action: z.string(),
  responsible: z.string(),
  resources: z.string().nullable(),
  dueDate: z.iso.date(),
  status: z.enum(ACTION_STATUSES),
  progressNote: z.string().nullable(),
  doneOn: z.iso.date().nullable(),
  /** Open and past its due date at the facility's today. */
  overdue: z.boolean(),
  ...recordStamps,
  updatedBy: z.string().nullable(),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

export const CreateActionSchema = z.strictObject({
  id: z.uuid().optional(),
  source: ActionSourceSchema.nullable().optional(),
  problem: text(1000, 'assessments.problemRequired'),
  action: text(1000, 'assessments.actionRequired'),
  responsible: text(120, 'assessments.responsibleRequired'),
  resources: optionalText(1000),
  dueDate: z.iso.date({ error: 'assessments.dateFormat' }),
  status: z.enum(ACTION_STATUSES).optional(),
  progressNote: optionalText(2000),
});
export type CreateAction = z.infer<typeof CreateActionSchema>;

export const UpdateActionSchema = z.strictObject({
  version: ExpectedVersionSchema,
  source: ActionSourceSchema.nullable().optional(),
  problem: text(1000, 'assessments.problemRequired').optional(),
  action: text(1000, 'assessments.actionRequired').optional(),
  responsible: text(120, 'assessments.responsibleRequired').optional(),
  resources: optionalText(1000),
  dueDate: z.iso.date({ error: 'assessments.dateFormat' }).optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  progressNote: optionalText(2000),
});
export type UpdateAction = z.infer<typeof UpdateActionSchema>;

export const AssessmentSummarySchema = z.object({
  id: z.uuid(),
  facilityId: z.uuid(),
  facilityName: z.string(),
  facilityPath: z.string(),
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  status: z.enum(['in_progress', 'completed']),
  /** Facility-local date the assessment was completed (the "assessed" step of the ladder). */
  assessedOn: z.iso.date().nullable(),
  checklistVersionId: z.uuid(),
  checklistLabel: z.string(),
  results: AssessmentResultsSchema,
  openActions: z.number().int(),
  overdueActions: z.number().int(),
  ...recordStamps,
  createdBy: z.string().nullable(),
  completedBy: z.string().nullable(),
});
export type AssessmentSummary = z.infer<typeof AssessmentSummarySchema>;

export const AssessmentDetailSchema = AssessmentSummarySchema.extend({
  notes: z.string().nullable(),
  definition: ChecklistDefinitionSchema,
  records: z.array(AssessmentRecordSchema),
  actions: z.array(ActionItemSchema),
  ladder: LadderSchema,
  /** What still blocks completion (empty when it can be completed). */
  missing: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type AssessmentDetail = z.infer<typeof AssessmentDetailSchema>;

export const FacilityAssessmentsSchema = z.object({
  facility: z.object({ id: z.uuid(), name: z.string(), path: z.string(), code: z.string() }).nullable(),
  ladder: LadderSchema.nullable(),
  items: z.array(AssessmentSummarySchema),
  /** Open action items of the facility across its assessments (with ?facility= only). */
  openActions: z.array(ActionItemSchema),
});
export type FacilityAssessments = z.infer<typeof FacilityAssessmentsSchema>;

export const ListAssessmentsQuerySchema = z.strictObject({
  facility: z.uuid().optional(),
  status: z.enum(['in_progress', 'completed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type ListAssessmentsQuery = z.infer<typeof ListAssessmentsQuerySchema>;

export const CreateAssessmentSchema = z.strictObject({
  id: z.uuid().optional(),
  facilityId: z.uuid(),
  periodStart: z.iso.date({ error: 'assessments.dateFormat' }),
  periodEnd: z.iso.date({ error: 'assessments.dateFormat' }),
  notes: optionalText(4000),
});
export type CreateAssessment = z.infer<typeof CreateAssessmentSchema>;

export const UpdateAssessmentSchema = z.strictObject({
  version: ExpectedVersionSchema,
  periodStart: z.iso.date({ error: 'assessments.dateFormat' }).optional(),
  periodEnd: z.iso.date({ error: 'assessments.dateFormat' }).optional(),
  notes: optionalText(4000),
});
export type UpdateAssessment = z.infer<typeof UpdateAssessmentSchema>;

export const CreateRecordSchema = z.strictObject({
  id: z.uuid().optional(),
  sectionId: ChecklistIdSchema,
  answers: AnswersSchema.optional(),
});
export type CreateRecord = z.infer<typeof CreateRecordSchema>;

export const UpdateRecordSchema = z.strictObject({
  version: ExpectedVersionSchema,
  /** The record's full set of answers (replaces the stored ones). */
  answers: AnswersSchema,
});
export type UpdateRecord = z.infer<typeof UpdateRecordSchema>;

export const VersionBodySchema = z.strictObject({ version: ExpectedVersionSchema });

// ---- checklist versions -----------------------------------------------------------------------------

export const ChecklistStatus = { draft: 'draft', published: 'published', retired: 'retired' } as const;
export type ChecklistStatus = ValueOf<typeof ChecklistStatus>;

export const ChecklistVersionSummarySchema = z.object({
  id: z.uuid(),
  /** null: a regional default shipped with the app. */
  countryId: z.uuid().nullable(),
  countryName: z.string().nullable(),
  basedOnId: z.uuid().nullable(),
  label: z.string(),
  status: z.enum(['draft', 'published', 'retired']),
  /** The version new assessments in this country get. */
  isActive: z.boolean(),
  publishedAt: z.string().nullable(),
  /** Assessments made with this version (they keep it for good). */
  assessmentCount: z.number().int(),
  ...recordStamps,
  updatedBy: z.string().nullable(),
});
export type ChecklistVersionSummary = z.infer<typeof ChecklistVersionSummarySchema>;

export const ChecklistVersionSchema = ChecklistVersionSummarySchema.extend({
  definition: ChecklistDefinitionSchema,
});
export type ChecklistVersion = z.infer<typeof ChecklistVersionSchema>;

export const CopyChecklistSchema = z.strictObject({
  id: z.uuid().optional(),
  basedOnId: z.uuid(),
  countryId: z.uuid(),
  label: z.string().trim().min(1).max(120).optional(),
});
export const UpdateChecklistSchema = z.strictObject({
  version: ExpectedVersionSchema,
  label: z.string().trim().min(1).max(120).optional(),
  /** The whole definition; checked in full (every problem reported at once). */
  definition: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateChecklist = z.infer<typeof UpdateChecklistSchema>;
