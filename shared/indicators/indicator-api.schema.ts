import { z } from 'zod';
import { LanguageSchema } from '../i18n/languages';
import { localizedTextSchema } from '../i18n/localized-text';
import { OrgUnitKindSchema } from '../org-units/org-unit.schema';
import { DIMENSION_IDS } from './sources';

/** Wire shapes of /api/indicators/*. */
export const IndicatorValueSchema = z.object({
  id: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  /** Parts published perturbed (cell-key method, partner viewers): off by at most 2; 0 is never perturbed. */
  perturbed: z.array(z.enum(['numerator', 'denominator'])),
});

export const PeriodSchema = z.object({
  kind: z.enum(['year', 'quarter', 'month', 'custom']),
  id: z.string(),
  from: z.string(),
  to: z.string(),
});

export const UnitRefSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: OrgUnitKindSchema,
  facilityLevel: z.string().nullable(),
  childCount: z.number().int(),
});
export type UnitRef = z.infer<typeof UnitRefSchema>;

export const ValuesResponseSchema = z.object({
  orgUnit: UnitRefSchema,
  ancestors: z.array(UnitRefSchema),
  period: PeriodSchema,
  previousPeriod: PeriodSchema.nullable(),
  indicators: z.array(IndicatorValueSchema),
  previous: z.array(IndicatorValueSchema).nullable(),
  children: z
    .array(z.object({ orgUnit: UnitRefSchema, indicators: z.array(IndicatorValueSchema) }))
    .nullable(),
  trends: z
    .array(
      z.object({
        month: z.string(),
        from: z.string(),
        to: z.string(),
        partial: z.boolean(),
        indicators: z.array(IndicatorValueSchema),
      }),
    )
    .nullable(),
  /** True when counts of people are perturbed for this reader (partner viewers, the cell-key method). */
  perturbationApplied: z.boolean(),
  /**
   * Indicators left out because they are counted from the records at each request and the unit is a
   * country or region (seconds there): ask for them by id in `indicators` to get them.
   */
  deferred: z.array(z.string()),
  computedMs: z.number(),
});
export type ValuesResponse = z.infer<typeof ValuesResponseSchema>;

export const DisaggregationResponseSchema = z.object({
  orgUnit: UnitRefSchema,
  period: PeriodSchema,
  dimension: z.enum(DIMENSION_IDS),
  total: z.array(IndicatorValueSchema),
  rows: z.array(z.object({ value: z.string(), indicators: z.array(IndicatorValueSchema) })),
  /** Indicators that cannot be split by this dimension (e.g. deliveries by the baby's sex). */
  notApplicable: z.array(z.string()),
  perturbationApplied: z.boolean(),
});
export type DisaggregationResponse = z.infer<typeof DisaggregationResponseSchema>;

export const RecordsResponseSchema = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      birthId: z.guid().nullable(),
      newbornId: z.guid().nullable(),
      facilityId: z.guid(),
      facilityName: z.string(),
      birthDate: z.string().nullable(),
      recordNumber: z.string().nullable(),
      /** Shown only to readers who may see personal data at that facility (and audited then). */
      motherName: z.string().nullable(),
      birthOrder: z.number().int().nullable(),
      sex: z.string().nullable(),
      outcome: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type RecordsResponse = z.infer<typeof RecordsResponseSchema>;

const LocalizedSchema = localizedTextSchema(z.string());
export const DefinitionsResponseSchema = z.object({
  implementingStep: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      group: z.string(),
      name: LocalizedSchema,
      definition: LocalizedSchema,
      source: z.string(),
      numerator: z.object({ label: LocalizedSchema, condition: z.string() }),
      denominator: z.object({ label: LocalizedSchema, condition: z.string() }).nullable(),
      unit: z.enum(['percent', 'per1000', 'count']),
      target: z.object({ value: z.number(), direction: z.enum(['atLeast', 'atMost']) }).nullable(),
      better: z.enum(['higher', 'lower']).nullable(),
      disaggregations: z.array(z.enum(DIMENSION_IDS)),
      section: z.string(),
      core: z.boolean(),
      note: LocalizedSchema.nullable(),
    }),
  ),
});
export type DefinitionsResponse = z.infer<typeof DefinitionsResponseSchema>;

/** Where and when an indicator query counts: an org unit, and a named period or a from–to range. */
const orgUnitAndPeriod = {
  orgUnit: z.uuid(),
  period: z.string().max(30).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
};

export const IndicatorQuerySchema = z.strictObject({
  ...orgUnitAndPeriod,
  /** Comma-separated indicator ids; default: all. */
  indicators: z.string().max(2000).optional(),
  compare: z.enum(['previous', 'none']).optional(),
  /** Comma-separated: children, trends. */
  include: z.string().max(100).optional(),
});
export type IndicatorQuery = z.infer<typeof IndicatorQuerySchema>;

/** At most this many units in one comparison by `units=` (a parent's children are not limited). */
export const MAX_COMPARED_UNITS = 100;

export const CompareQuerySchema = z.strictObject({
  /** Compare the units directly under this one (every country of the region, every province of a country). */
  parent: z.uuid().optional(),
  /** Or these units (comma-separated ids), at most MAX_COMPARED_UNITS. */
  units: z.string().max(8000).optional(),
  period: z.string().max(30).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  /** Comma-separated indicator ids; default: all (counted-live ones deferred for countries and the region). */
  indicators: z.string().max(2000).optional(),
});
export type CompareQuery = z.infer<typeof CompareQuerySchema>;

export const CompareResponseSchema = z.object({
  /** The unit whose children are compared (`parent=`), or null for a list of units. */
  parent: UnitRefSchema.nullable(),
  period: PeriodSchema,
  units: z.array(z.object({ orgUnit: UnitRefSchema, indicators: z.array(IndicatorValueSchema) })),
  perturbationApplied: z.boolean(),
  /** As in the values response: indicators counted live, left out for countries and the region. */
  deferred: z.array(z.string()),
  computedMs: z.number(),
});
export type CompareResponse = z.infer<typeof CompareResponseSchema>;

export const DisaggregationQuerySchema = IndicatorQuerySchema.omit({ compare: true, include: true }).extend({
  dimension: z.enum(DIMENSION_IDS),
});

export const RECORD_PARTS = ['numerator', 'denominator', 'not_met'] as const;
export type RecordPart = (typeof RECORD_PARTS)[number];

export const RecordsQuerySchema = z.strictObject({
  ...orgUnitAndPeriod,
  indicator: z.string().max(60),
  /** `not_met`: the denominator's records outside the numerator (a practice not done), for quality teams. */
  part: z.enum(RECORD_PARTS),
  dimension: z.enum(DIMENSION_IDS).optional(),
  value: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  /** Page by position (a shared link to page 3); instead of `cursor`, up to 10,000 records in. */
  offset: z.coerce.number().int().min(0).max(10_000).optional(),
});
export type RecordsQuery = z.infer<typeof RecordsQuerySchema>;

export const ExportQuerySchema = z.strictObject({
  ...orgUnitAndPeriod,
  format: z.enum(['csv', 'xlsx']),
  lang: LanguageSchema.optional(),
});
