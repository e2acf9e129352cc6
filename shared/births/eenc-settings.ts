import { z } from 'zod';
import { EENC_STEPS } from '../indicators/sources';
import { type ValueOf, valuesOf } from '../closed-set';

/** How a KMC cut-off compares: strictly below it, or at it and below. */
export const Cutoff = { below: 'below', atOrBelow: 'at_or_below' } as const;
export type Cutoff = ValueOf<typeof Cutoff>;
const CUTOFFS = valuesOf(Cutoff);

/** Limits of the KMC cut-offs a country may set (message keys name them). */
export const KMC_LIMITS = { weightGrams: { min: 1000, max: 4000 }, weeks: { min: 28, max: 42 } } as const;

const cutoff = z.enum(CUTOFFS, { error: 'births.kmcCutoffKind' });

/**
 * Thresholds of the EENC practice rules, per country. Defaults follow the facts sheet; those tagged
 * uncertain there ([U]: drying seconds, bath hours, early-breastfeeding window, KMC cut-off wording)
 * are settings here, not constants in code, so a country can align them with its national guide.
 */
export const EencSettingsSchema = z.strictObject({
  /** KMC eligibility (§2.7, §9.4): birth weight below (or at) this many grams… */
  kmcMaxWeightGrams: z
    .number({ error: 'births.kmcWeightRange' })
    .int({ error: 'births.kmcWeightRange' })
    .min(KMC_LIMITS.weightGrams.min, { error: 'births.kmcWeightRange' })
    .max(KMC_LIMITS.weightGrams.max, { error: 'births.kmcWeightRange' }),
  kmcWeightCutoff: cutoff,
  /** …or gestational age below (or at) this many completed weeks; null = weight only. */
  kmcMaxGestationalWeeks: z
    .number({ error: 'births.kmcWeeksRange' })
    .int({ error: 'births.kmcWeeksRange' })
    .min(KMC_LIMITS.weeks.min, { error: 'births.kmcWeeksRange' })
    .max(KMC_LIMITS.weeks.max, { error: 'births.kmcWeeksRange' })
    .nullable(),
  kmcWeeksCutoff: cutoff,
  /**
   * Special care and urgent referral where the facility cannot provide it (issue 16): birth weight
   * under this many grams or gestational age under this many completed weeks (SMART PNC DAK, facts
   * §12.2: 1,500 g, 32 weeks). Settings, so a country can follow its national guide.
   */
  kmcSpecialCareBelowGrams: z.number().int().min(500).max(2500),
  kmcSpecialCareBelowWeeks: z.number().int().min(24).max(37),
  /**
   * Graduation from the KMC follow-up (issue 16; facts §12.2, exact WHO criteria [U]): weight at least
   * this many grams, or post-menstrual age at least this many weeks (gestational age at birth plus the
   * weeks since).
   */
  kmcGraduationGrams: z.number().int().min(1500).max(4000),
  kmcGraduationPmaWeeks: z.number().int().min(34).max(52),
  /**
   * The discharge checks read from the daily log (issue 16; facts §12.2 "weight gained for 3 days,
   * temperature stable", exact WHO criteria [U]; shared/kmc/kmc-discharge.ts): weight gained on this many
   * consecutive days…
   */
  kmcWeightGainDays: z.number().int().min(1).max(7),
  /**
   * …and the lowest temperature of each of the last this many days logged within the normal range: at
   * least the first number, under the second (°C; facts §8.3: mild hypothermia 35.5–36.4 °C, fever from
   * 37.5 °C, so 36.5 to under 37.5).
   */
  kmcStableTemperatureDays: z.number().int().min(1).max(7),
  kmcNormalTemperatureMinC: z.number().min(35).max(37),
  kmcNormalTemperatureBelowC: z.number().min(37).max(38.5),
  /**
   * The step of the EENC status ladder from which a facility counts as "implementing EENC" (facts §5.1
   * note: the biennial reports most likely mean *introduced*).
   */
  implementingStep: z.enum(EENC_STEPS, { error: 'births.implementingStepKind' }),
  /** Drying counts as immediate when it starts within this many seconds of birth (§2.2: 5 s). */
  immediateDryingSeconds: z.number().int().min(1).max(120),
  /** Skin-to-skin counts as immediate within this many minutes: vaginal 1, caesarean 3 (§2.2, WPRO standard). */
  immediateSscMinutesVaginal: z.number().min(0).max(60),
  immediateSscMinutesCaesarean: z.number().min(0).max(60),
  /** Uninterrupted skin-to-skin for at least this long (§2.3: 90 min). */
  sscMinDurationMinutes: z.number().int().min(1).max(600),
  /** Cord clamping counts as delayed from this many minutes, unless the baby was resuscitated (§2.2: 1–3 min). */
  delayedCordClampMinutes: z.number().min(0).max(10),
  /** Bag-and-mask ventilation within this many seconds of birth: the golden minute (§2.6). */
  bagMaskWithinSeconds: z.number().int().min(10).max(600),
  /** Uterotonic within this many minutes of birth (§2.8: 1 min). */
  uterotonicWithinMinutes: z.number().min(0).max(60),
  /** Early breastfeeding initiation window (PNC DAK: within 1 h). */
  earlyBreastfeedingMinutes: z.number().int().min(1).max(600),
  /** Bathing before this many hours is a deviation (§2.3: 24 h; some countries use 6 h). */
  bathMinHours: z.number().min(0).max(72),
  /** Discharge before this many hours is flagged (§2.5: at least 24 h). */
  minStayHours: z.number().min(0).max(168),
});
export type EencSettings = z.infer<typeof EencSettingsSchema>;

export type KmcCutoffs = Pick<
  EencSettings,
  'kmcMaxWeightGrams' | 'kmcWeightCutoff' | 'kmcMaxGestationalWeeks' | 'kmcWeeksCutoff'
>;

/**
 * Cut-offs offered as buttons that fill the numbers. EENC era: "2000 g or less" (WHO 2015; facts §9.4,
 * inclusive by default). WHO 2022: every preterm (< 37 weeks) or low-birth-weight (< 2500 g) baby.
 */
export const KMC_PRESETS = {
  eenc: {
    kmcMaxWeightGrams: 2000,
    kmcWeightCutoff: Cutoff.atOrBelow,
    kmcMaxGestationalWeeks: null,
    kmcWeeksCutoff: Cutoff.below,
  },
  who2022: {
    kmcMaxWeightGrams: 2500,
    kmcWeightCutoff: Cutoff.below,
    kmcMaxGestationalWeeks: 37,
    kmcWeeksCutoff: Cutoff.below,
  },
} as const satisfies Record<string, KmcCutoffs>;

export const DEFAULT_EENC_SETTINGS: EencSettings = {
  ...KMC_PRESETS.eenc,
  kmcSpecialCareBelowGrams: 1500,
  kmcSpecialCareBelowWeeks: 32,
  kmcGraduationGrams: 2500,
  kmcGraduationPmaWeeks: 40,
  kmcWeightGainDays: 3,
  kmcStableTemperatureDays: 3,
  kmcNormalTemperatureMinC: 36.5,
  kmcNormalTemperatureBelowC: 37.5,
  implementingStep: 'introduced',
  immediateDryingSeconds: 5,
  immediateSscMinutesVaginal: 1,
  immediateSscMinutesCaesarean: 3,
  sscMinDurationMinutes: 90,
  delayedCordClampMinutes: 1,
  bagMaskWithinSeconds: 60,
  uterotonicWithinMinutes: 1,
  earlyBreastfeedingMinutes: 60,
  bathMinHours: 24,
  minStayHours: 24,
};

/** A country's EENC settings as `GET /api/eenc-settings` shows them to the form and the settings page. */
export const EencSettingsViewSchema = z.object({
  countryId: z.string().nullable(),
  countryName: z.string().nullable(),
  settings: EencSettingsSchema,
  defaults: EencSettingsSchema,
  version: z.number().int(),
  isDefault: z.boolean(),
  /** REGISTER_EARLIEST_BIRTH_DATE (YYYY-MM-DD): the form checks births against the date the server enforces. */
  earliestBirthDate: z.iso.date(),
});
export type EencSettingsView = z.infer<typeof EencSettingsViewSchema>;
