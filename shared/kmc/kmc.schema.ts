import { z } from 'zod';
import { ExpectedVersionSchema } from '../record-version';
import { Cutoff, DEFAULT_EENC_SETTINGS } from '../births/eenc-settings';
import { KMC_PRESET_IDS } from './kmc-rule';
import { DischargeCheckRuleSchema, OverrideReasonSchema, RecordedLogChecksSchema } from './kmc-discharge';
import {
  KMC_DANGER_SIGNS,
  KMC_FEEDING,
  KMC_NOT_STARTED_REASONS,
  KMC_OUTCOMES,
  KMC_PLACES,
  KMC_PROVIDERS,
  KMC_RANGES,
} from './kmc-values';

/** Requests and responses of the KMC module (server/features/kmc, web/features/kmc). */

const isoInstant = z.iso.datetime({ offset: true, error: 'kmc.dateTimeFormat' });
export const LocalDateSchema = z.iso.date({ error: 'kmc.dateFormat' });
const nullableEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'kmc.choice' }).nullable();

/** A baby's weight on a day of KMC, at discharge or at graduation. */
const weightGramsSchema = z
  .number({ error: 'kmc.weightRange' })
  .int({ error: 'kmc.weightRange' })
  .min(KMC_RANGES.weightGrams.min, { error: 'kmc.weightRange' })
  .max(KMC_RANGES.weightGrams.max, { error: 'kmc.weightRange' })
  .nullable();

/** How the episode began: started (when, where, who, incubator first) or the reason it was not. */
const startFields = {
  startedAt: isoInstant.nullable(),
  incubatorFirst: z.boolean().nullable(),
  place: nullableEnum(KMC_PLACES),
  provider: nullableEnum(KMC_PROVIDERS),
  notStartedReason: nullableEnum(KMC_NOT_STARTED_REASONS),
};

export const KmcStartInputSchema = z.strictObject({
  /** Client-generated: a repeated create with the same id and baby answers the episode (idempotent). */
  id: z.uuid(),
  newbornId: z.uuid(),
  ...startFields,
});
export type KmcStartInput = z.infer<typeof KmcStartInputSchema>;

export const KmcStartUpdateSchema = z.strictObject({ version: ExpectedVersionSchema, ...startFields });
export type KmcStartUpdate = z.infer<typeof KmcStartUpdateSchema>;

export const KmcLogInputSchema = z.strictObject({
  /** The version read; null to add the day (a day already logged answers 409). */
  version: ExpectedVersionSchema.nullable(),
  sscHours: z
    .number({ error: 'kmc.hoursRange' })
    .min(KMC_RANGES.sscHours.min, { error: 'kmc.hoursRange' })
    .max(KMC_RANGES.sscHours.max, { error: 'kmc.hoursRange' })
    .multipleOf(0.5, { error: 'kmc.hoursRange' })
    .nullable(),
  feeding: nullableEnum(KMC_FEEDING),
  weightGrams: weightGramsSchema,
  lowestTemperatureC: z
    .number({ error: 'kmc.temperatureRange' })
    .min(KMC_RANGES.temperatureC.min, { error: 'kmc.temperatureRange' })
    .max(KMC_RANGES.temperatureC.max, { error: 'kmc.temperatureRange' })
    .nullable(),
  dangerSigns: z.array(z.enum(KMC_DANGER_SIGNS, { error: 'kmc.choice' })).max(KMC_DANGER_SIGNS.length),
  /** Sent after the 400 `kmc.weightJump`: the weight is right. */
  confirmWeightJump: z.boolean().optional(),
});
export type KmcLogInput = z.infer<typeof KmcLogInputSchema>;

export const KmcDischargeInputSchema = z.strictObject({
  version: ExpectedVersionSchema,
  dischargedOn: LocalDateSchema,
  outcome: z.enum(KMC_OUTCOMES, { error: 'kmc.choice' }),
  weightGrams: weightGramsSchema,
  checks: z.strictObject({
    feedsWell: z.boolean().nullable(),
    weightGain3Days: z.boolean().nullable(),
    temperatureStable: z.boolean().nullable(),
    caregiverReady: z.boolean().nullable(),
  }),
  /**
   * Why an answer differs from what the daily log says (shared/kmc/kmc-discharge.ts): required for a
   * check the log contradicts, refused otherwise. Recorded with the discharge and audited.
   */
  overrideReasons: z
    .strictObject({
      weightGain3Days: OverrideReasonSchema.optional(),
      temperatureStable: OverrideReasonSchema.optional(),
    })
    .optional(),
});
export type KmcDischargeInput = z.infer<typeof KmcDischargeInputSchema>;

/** Graduation from the KMC follow-up: the day and the weight that met the country's criterion. */
export const KmcGraduationInputSchema = z.strictObject({
  version: ExpectedVersionSchema,
  graduatedOn: LocalDateSchema,
  weightGrams: weightGramsSchema,
});
export type KmcGraduationInput = z.infer<typeof KmcGraduationInputSchema>;

export const KMC_LIST_STATUSES = ['all', 'not_started', 'in_kmc', 'closed'] as const;
export type KmcListStatus = (typeof KMC_LIST_STATUSES)[number];

export const KmcListQuerySchema = z.strictObject({
  /** A facility (or any unit above it) in the reader's scope. */
  orgUnit: z.uuid(),
  status: z.enum(KMC_LIST_STATUSES).optional(),
  /** Born on or after this date (default: 60 days before today); babies in KMC are listed whatever their age. */
  from: LocalDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type KmcListQuery = z.infer<typeof KmcListQuerySchema>;

export const KmcRuleSnapshotSchema = z.object({
  preset: z.enum(KMC_PRESET_IDS),
  kmcMaxWeightGrams: z.number(),
  kmcWeightCutoff: z.enum([Cutoff.below, Cutoff.atOrBelow]),
  kmcMaxGestationalWeeks: z.number().nullable(),
  kmcWeeksCutoff: z.enum([Cutoff.below, Cutoff.atOrBelow]),
});

export const KMC_EPISODE_STATUSES = ['not_started', 'in_kmc', 'closed'] as const;
export type KmcEpisodeStatus = (typeof KMC_EPISODE_STATUSES)[number];

const baby = {
  newbornId: z.uuid(),
  birthId: z.uuid(),
  facilityId: z.uuid(),
  facilityName: z.string(),
  recordNumber: z.string(),
  /** Null when the reader may not see personal data. */
  motherName: z.string().nullable(),
  birthOrder: z.number().int(),
  sex: z.string(),
  bornAt: z.string(),
  birthDate: z.string(),
  birthWeightGrams: z.number().nullable(),
  gestationalAgeWeeks: z.number().nullable(),
  /**
   * The birth record's discharge status. A death recorded on the birth closes the open episode as died
   * (the trigger of migration 0064) and ends the follow-up.
   */
  dischargeStatus: z.string().nullable(),
  /**
   * Eligibility and the special-care mark: under the country's rule in force for a baby without an
   * episode or in KMC; under the rule of the day for a closed episode (`rule` says which).
   */
  eligible: z.boolean().nullable(),
  specialCare: z.boolean().nullable(),
  /** The country's special-care thresholds in force (the mark is "under grams or under weeks"). */
  specialCareBelow: z.object({ grams: z.number(), weeks: z.number() }),
  /**
   * Whether the baby's facility declares it provides special or intensive newborn care (its KMC
   * readiness declaration; null when not declared): a baby marked for special care is referred urgently
   * where it does not.
   */
  // Defaults: a baby kept on a device before these fields existed still parses offline (listKept).
  specialCareHere: z.boolean().nullable().default(null),
  rule: KmcRuleSnapshotSchema,
  ruleIsCurrent: z.boolean(),
};

const episodeSummary = {
  episodeId: z.uuid().nullable(),
  status: z.enum(KMC_EPISODE_STATUSES),
  startedAt: z.string().nullable(),
  immediate: z.boolean().nullable(),
  place: z.enum(KMC_PLACES).nullable(),
  outcome: z.enum(KMC_OUTCOMES).nullable(),
  lastLogDate: z.string().nullable(),
  lastSscHours: z.number().nullable(),
  lastWeightGrams: z.number().nullable(),
  belowMinHours: z.boolean(),
  weightFalling: z.boolean(),
};

export const KmcBabySchema = z.object({ ...baby, ...episodeSummary });
export type KmcBaby = z.infer<typeof KmcBabySchema>;

export const KmcListSchema = z.object({
  items: z.array(KmcBabySchema),
  /** More babies matched than `limit`. */
  truncated: z.boolean(),
  counts: z.object({ notStarted: z.number(), inKmc: z.number(), flagged: z.number() }),
});
export type KmcList = z.infer<typeof KmcListSchema>;

export const KmcLogSchema = z.object({
  date: z.string(),
  sscHours: z.number().nullable(),
  feeding: z.enum(KMC_FEEDING).nullable(),
  weightGrams: z.number().nullable(),
  lowestTemperatureC: z.number().nullable(),
  dangerSigns: z.array(z.enum(KMC_DANGER_SIGNS)),
  /** The weight moved by more than 20 % a day and was confirmed. */
  weightJumpConfirmed: z.boolean(),
  version: z.number(),
});
export type KmcLog = z.infer<typeof KmcLogSchema>;

export const KmcEpisodeSchema = z.object({
  ...baby,
  ...episodeSummary,
  episode: z
    .object({
      id: z.uuid(),
      startedAt: z.string().nullable(),
      incubatorFirst: z.boolean().nullable(),
      place: z.enum(KMC_PLACES).nullable(),
      provider: z.enum(KMC_PROVIDERS).nullable(),
      notStartedReason: z.enum(KMC_NOT_STARTED_REASONS).nullable(),
      discharge: z
        .object({
          dischargedOn: z.string(),
          outcome: z.enum(KMC_OUTCOMES),
          weightGrams: z.number().nullable(),
          checks: KmcDischargeInputSchema.shape.checks,
          /** What the daily log said of its two checks at discharge, and the reason of an answer that differs. */
          fromLog: RecordedLogChecksSchema.nullable().default(null),
        })
        .nullable(),
      /** Graduated from the follow-up after a discharge in KMC; pmaWeeks null when the age was unknown. */
      graduation: z
        .object({
          graduatedOn: z.string(),
          weightGrams: z.number().nullable(),
          pmaWeeks: z.number().nullable(),
        })
        .nullable(),
      version: z.number(),
    })
    .nullable(),
  /** Followed on the postnatal worklists: discharged in KMC, not graduated, alive. */
  inFollowUp: z.boolean(),
  /** The country's graduation criterion: weight at least `grams`, or post-menstrual age at least `pmaWeeks`. */
  graduationRule: z.object({ grams: z.number(), pmaWeeks: z.number() }),
  logs: z.array(KmcLogSchema),
  /** The country's numbers of the discharge checks read from the log (`dischargeFromLog`). */
  dischargeCheckRule: DischargeCheckRuleSchema.default({
    kmcWeightGainDays: DEFAULT_EENC_SETTINGS.kmcWeightGainDays,
    kmcStableTemperatureDays: DEFAULT_EENC_SETTINGS.kmcStableTemperatureDays,
    kmcNormalTemperatureMinC: DEFAULT_EENC_SETTINGS.kmcNormalTemperatureMinC,
    kmcNormalTemperatureBelowC: DEFAULT_EENC_SETTINGS.kmcNormalTemperatureBelowC,
  }),
  /** The facility's local date today: the latest day that can be logged. */
  today: z.string(),
});
export type KmcEpisode = z.infer<typeof KmcEpisodeSchema>;
