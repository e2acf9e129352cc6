import { z } from 'zod';
import { type LocalizedText, localizedTextSchema } from '../i18n/localized-text';
import type { ValueOf } from '../closed-set';

/**
 * Module 3 checklists and standards as data. A definition lists the areas items are scored in, the data
 * sources (sections) with their items and answer types, how answers score, and the standards computed
 * from the answers. The regional default (default-checklist.ts) is one such definition; a country copies
 * and adapts it (texts, items, sample sizes, targets) without code changes.
 */

/** Ids are short machine names, stable across versions so that trends can compare like with like. */
export const ChecklistIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, { error: 'checklists.idFormat' });

/** Text in English and in any further language a country writes (vi, km, lo…); readers fall back to English. */
export const LocalizedTextSchema = localizedTextSchema(z.string().trim().min(1).max(1000));
export type { LocalizedText };

/** Provenance tags of the facts sheet (§0): verified, secondary source, uncertain, design suggestion. */
export const PROVENANCES = ['V', 'V2', 'U', 'D'] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** Where each part of Module 3 comes from (§4.2). Repeating kinds hold one record per birth, mother or chart. */
export const SECTION_KINDS = [
  'observation',
  'interview',
  'chart_review',
  'policy',
  'register',
  'environment',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];
export const REPEATING_KINDS: ReadonlySet<SectionKind> = new Set([
  'observation',
  'interview',
  'chart_review',
]);
export const isRepeatingKind = (kind: SectionKind) => REPEATING_KINDS.has(kind);
/** Free text in these kinds is about a person (a mother, a patient chart): hidden outside facility scope. */
export const PERSONAL_TEXT_KINDS: ReadonlySet<SectionKind> = new Set(['interview', 'chart_review']);

export const ITEM_TYPES = ['yes_no', 'yes_partial_no', 'choice', 'number', 'text'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Codes of the answer buttons; `na` (not applicable) only where the item allows it. */
export const AnswerCode = { yes: 'yes', partial: 'partial', no: 'no', na: 'na' } as const;
export type AnswerCode = ValueOf<typeof AnswerCode>;

/**
 * Counts the server can compute from the birth register for a facility and period (register summary
 * pre-fill). The set is code (each is a query); which items use them, and whether at all, is data.
 */
export const REGISTER_MEASURES = [
  'deliveries',
  'caesareans',
  'live_births',
  'stillbirths',
  'low_birth_weight',
  'preterm',
  'bag_mask',
  'immediate_ssc',
  'ssc_full_no_separation',
  'delayed_cord_clamping',
  'early_breastfeeding',
  'kmc_initiated',
  'discharged_alive',
  'exclusive_bf_at_discharge',
  'died_before_discharge',
  'referred',
] as const;
export type RegisterMeasure = (typeof REGISTER_MEASURES)[number];

/**
 * A test on one earlier answer of the same record: `in` lists accepted answer codes (or choice values);
 * `min`/`max` bound a number. Used for showing items (paths) and for standards' numerators/denominators.
 */
export const ConditionSchema = z.strictObject({
  item: ChecklistIdSchema,
  in: z.array(z.string().min(1).max(60)).min(1).max(20).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type Condition = z.infer<typeof ConditionSchema>;

export const ChoiceOptionSchema = z.strictObject({
  value: ChecklistIdSchema,
  text: LocalizedTextSchema,
  /** Points when the item is scored; give points to every option or to none. */
  points: z.number().min(0).max(100).optional(),
});

export const ItemSchema = z.strictObject({
  id: ChecklistIdSchema,
  type: z.enum(ITEM_TYPES),
  text: LocalizedTextSchema,
  help: LocalizedTextSchema.optional(),
  /**
   * Area the item is scored in (yes/no, yes/partial/no, or choice with points on every option). Items
   * without an area are context questions: they select paths and feed standards but are not scored.
   */
  area: ChecklistIdSchema.optional(),
  /** Offer "not applicable"; such answers are left out of scores and standards' denominators. */
  allowNa: z.boolean().optional(),
  /** Must be answered before the assessment can be completed (default: yes, except text). */
  required: z.boolean().optional(),
  /** Shown (and required) only when all conditions hold, e.g. the not-breathing path of an observation. */
  showIf: z.array(ConditionSchema).max(10).optional(),
  options: z.array(ChoiceOptionSchema).max(20).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  unit: LocalizedTextSchema.optional(),
  maxLength: z.number().int().min(1).max(4000).optional(),
  /** Register summary only: pre-filled from this birth-register count. */
  prefill: z.enum(REGISTER_MEASURES).optional(),
  /** Free text about a person; hidden from readers outside facility scope. */
  personal: z.boolean().optional(),
  provenance: z.enum(PROVENANCES).optional(),
  /** Source code of the facts sheet (§10), e.g. "S40". */
  source: z.string().max(60).optional(),
});
export type ChecklistItem = z.infer<typeof ItemSchema>;

export const SampleSizeSchema = z.strictObject({
  /** Fewest records to complete the assessment. */
  min: z.number().int().min(0).max(500),
  /** Suggested number (shown as guidance). */
  target: z.number().int().min(1).max(500),
  max: z.number().int().min(1).max(500),
});

export const SectionSchema = z.strictObject({
  id: ChecklistIdSchema,
  kind: z.enum(SECTION_KINDS),
  title: LocalizedTextSchema,
  intro: LocalizedTextSchema.optional(),
  /** Repeating kinds (observation, interview, chart review) only. */
  sampleSize: SampleSizeSchema.optional(),
  items: z.array(ItemSchema).min(1).max(200),
  provenance: z.enum(PROVENANCES).optional(),
  source: z.string().max(60).optional(),
});
export type ChecklistSection = z.infer<typeof SectionSchema>;

export const AreaSchema = z.strictObject({
  id: ChecklistIdSchema,
  title: LocalizedTextSchema,
  provenance: z.enum(PROVENANCES).optional(),
});
export type ChecklistArea = z.infer<typeof AreaSchema>;

/**
 * How a standard is measured:
 * - `records`: records of a section meeting every denominator condition; numerator = those also meeting
 *   every numerator condition (e.g. mothers interviewed whose baby had ≥ 90 min skin-to-skin).
 * - `items`: answers to the listed items across the section's records; numerator = answers counted as met.
 * - `ratio`: two numbers of a single record (register summary), numerator item ÷ denominator item.
 */
export const MeasureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('records'),
    section: ChecklistIdSchema,
    denominator: z.array(ConditionSchema).max(10),
    numerator: z.array(ConditionSchema).min(1).max(10),
  }),
  z.strictObject({
    kind: z.literal('items'),
    section: ChecklistIdSchema,
    items: z.array(ChecklistIdSchema).min(1).max(100),
    /** Answers counted as met; default ["yes"]. */
    metAnswers: z.array(z.string().min(1).max(60)).min(1).max(10).optional(),
  }),
  z.strictObject({
    kind: z.literal('ratio'),
    section: ChecklistIdSchema,
    numerator: ChecklistIdSchema,
    denominator: ChecklistIdSchema,
  }),
]);
export type Measure = z.infer<typeof MeasureSchema>;

export const StandardSchema = z.strictObject({
  id: ChecklistIdSchema,
  title: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  /** Percent that counts as met (WPRO: 100). */
  targetPercent: z.number().min(0).max(100),
  /** Counts towards "meets standards" on the EENC status ladder. */
  requiredForStatus: z.boolean(),
  measure: MeasureSchema,
  provenance: z.enum(PROVENANCES).optional(),
  source: z.string().max(60).optional(),
});
export type ChecklistStandard = z.infer<typeof StandardSchema>;

export const ScoringSchema = z.strictObject({
  /** Points per answer (S40 app: yes 2, partial 1, no 0); "not applicable" is left out. */
  points: z.strictObject({
    yes: z.number().min(0).max(100),
    partial: z.number().min(0).max(100),
    no: z.number().min(0).max(100),
  }),
  /** Score bands in percent: below `low` is red, from `high` green, between yellow (S40 app: 50, 80). */
  bands: z.strictObject({ low: z.number().min(0).max(100), high: z.number().min(0).max(100) }),
  /** The weakest areas below `belowPercent` are listed as priorities, at most `maxAreas`. */
  priorities: z.strictObject({
    maxAreas: z.number().int().min(1).max(20),
    belowPercent: z.number().min(0).max(100),
  }),
});
export type Scoring = z.infer<typeof ScoringSchema>;

export const ChecklistDefinitionSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Stable name of the checklist family, e.g. "wpro_module3". */
  code: ChecklistIdSchema,
  title: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  scoring: ScoringSchema,
  areas: z.array(AreaSchema).min(1).max(50),
  sections: z.array(SectionSchema).min(1).max(30),
  standards: z.array(StandardSchema).max(50),
});
export type ChecklistDefinition = z.infer<typeof ChecklistDefinitionSchema>;
