import { z } from 'zod';

/**
 * Thresholds of the EENC practice rules, per country. Defaults follow the facts sheet; those tagged
 * uncertain there ([U]: drying seconds, bath hours, early-breastfeeding window, KMC cut-off wording)
 * are settings here, not constants in code, so a country can align them with its national guide.
 */
export const KmcRule = {
  /** EENC Module 4 era: birth weight below 2000 g. */
  eenc2000g: 'eenc_2000g',
  /** WHO 2022: birth weight below 2500 g or gestational age below 37 weeks. */
  who2022: 'who_2022',
} as const;
export type KmcRule = (typeof KmcRule)[keyof typeof KmcRule];

export const EencSettingsSchema = z.strictObject({
  kmcRule: z.enum([KmcRule.eenc2000g, KmcRule.who2022]),
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

export const DEFAULT_EENC_SETTINGS: EencSettings = {
  kmcRule: KmcRule.eenc2000g,
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
