import { z } from 'zod';
import { type ValueOf, valuesOf } from '../closed-set';

/**
 * Cervical screening rules of a country, stored as data in `country_settings.screening` (absent fields
 * take these defaults). Defaults follow the WHO guideline for screening and treatment of cervical
 * pre-cancer lesions, 2nd ed., 2021 (facts §12.4, S72/S73). Where the facts sheet marks a value
 * uncertain ([U], or only secondary [V2]) it is a setting, never a constant: a country aligns it with
 * its national guide.
 */

export const ScreeningTest = { hpvDna: 'hpv_dna', via: 'via', cytology: 'cytology' } as const;
export type ScreeningTest = ValueOf<typeof ScreeningTest>;
export const SCREENING_TESTS = valuesOf(ScreeningTest);

/** A whole number in a range; one message per kind of number so a form shows what is expected. */
const whole = (min: number, max: number, error: string) =>
  z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
const years = whole(1, 10, 'screening.settingYears');
const weeks = whole(1, 52, 'screening.settingWeeks');
const age = (min: number) => whole(min, 80, 'screening.settingAge');
const days = (max: number) => whole(0, max, 'screening.settingDays');
const yesNo = z.boolean({ error: 'screening.choice' });
const IntervalsSchema = z.strictObject({ hpv_dna: years, via: years, cytology: years });

export const ScreeningSettingsSchema = z.strictObject({
  /** §12.4 [V2: S73]: start at 30. */
  startAge: age(18),
  /** §12.4 [V2: S73] (conditional recommendation): women living with HIV from 25. */
  startAgeHiv: age(18),
  /**
   * Last age at which a woman is called. WHO 2021 stops after 50 with two negative screens, Viet Nam's
   * 2016–2025 plan counts 30–54 and the 2021 survey 30–49 (§12.4 [V2: S74]): 49 by default, a setting.
   */
  upperAge: age(30),
  /** Years to the next screen after a negative result, by test: HPV DNA every 5–10 years (§12.4 [V2: S73]). */
  intervalYears: IntervalsSchema,
  /** The same for women living with HIV: 3–5 years, the interval itself [U] (§12.4). */
  intervalYearsHiv: IntervalsSchema,
  /** After a positive screen with negative triage, and after treatment: intervals [U] (§12.4). */
  rescreenAfterNegativeTriageYears: years,
  rescreenAfterNegativeTriageYearsHiv: years,
  rescreenAfterTreatmentYears: years,
  /**
   * Screen-triage-treat (a positive HPV screen is triaged before treatment) or screen-and-treat. WHO 2021
   * recommends either for the general population and triage for women living with HIV (§12.4 [V: S72]).
   */
  triageHpvPositive: yesNo,
  triageHpvPositiveHiv: yesNo,
  /** HPV 16/18 found by partial genotyping goes straight to treatment (genotyping as triage, §12.4 [V: S72]). */
  treatGenotype1618: yesNo,
  /** Recall triggers (§12.4 [V2: S75], Mongolia MOH A/641): result missing 3 weeks after the sample. */
  resultMissingWeeks: weeks,
  /** Positive without triage, treatment or referral 4 weeks after the result. */
  positiveUntreatedWeeks: weeks,
  /** Target time from a positive result to treatment, for the indicator (the same 4 weeks by default) [D]. */
  treatmentTargetWeeks: weeks,
  /** A woman due and not screened counts as overdue this many days after her due date [D]. */
  overdueAfterDays: days(730),
  /** The worklist's "upcoming" section: due within this many days [D]. */
  upcomingDays: days(365),
  /** SMS reminder this many days before the due date (due and recalls use the PNC outbox) [D]. */
  reminderLeadDays: days(60),
  /**
   * A second SMS this many days after a recall the woman has not answered (still the same recall), once
   * only; 0 sends none [D].
   */
  secondReminderDays: days(90),
});
export type ScreeningSettings = z.infer<typeof ScreeningSettingsSchema>;

export const DEFAULT_SCREENING_SETTINGS: ScreeningSettings = {
  startAge: 30,
  startAgeHiv: 25,
  upperAge: 49,
  // WHO 2021: HPV DNA every 5–10 years, VIA or cytology every 3 years; women living with HIV: HPV DNA
  // every 3–5 years, VIA or cytology every 3 years (guideline §3, NBK572314). VIA/cytology intervals [U].
  intervalYears: { hpv_dna: 5, via: 3, cytology: 3 },
  intervalYearsHiv: { hpv_dna: 3, via: 3, cytology: 3 },
  // WHO 2021 follow-up: positive screen, negative triage, rescreen at 24 months (12 for HIV); after
  // treatment, at 12 months. The facts sheet marks these intervals [U].
  rescreenAfterNegativeTriageYears: 2,
  rescreenAfterNegativeTriageYearsHiv: 1,
  rescreenAfterTreatmentYears: 1,
  triageHpvPositive: false,
  triageHpvPositiveHiv: true,
  treatGenotype1618: true,
  resultMissingWeeks: 3,
  positiveUntreatedWeeks: 4,
  treatmentTargetWeeks: 4,
  overdueAfterDays: 90,
  upcomingDays: 30,
  reminderLeadDays: 7,
  secondReminderDays: 14,
};

/** Cross-field rules of a settings form: both start ages below the last age called. */
export function screeningSettingsIssues(s: ScreeningSettings): { path: string; message: string }[] {
  const issues = [];
  if (s.startAge >= s.upperAge)
    issues.push({ path: 'settings.startAge', message: 'screening.settingAgeOrder' });
  if (s.startAgeHiv >= s.upperAge)
    issues.push({ path: 'settings.startAgeHiv', message: 'screening.settingAgeOrder' });
  return issues;
}

/** Stored settings over the defaults; anything unreadable falls back to the defaults field by field. */
export function screeningSettingsOf(stored: unknown): ScreeningSettings {
  const merged = { ...DEFAULT_SCREENING_SETTINGS, ...(stored && typeof stored === 'object' ? stored : {}) };
  const parsed = ScreeningSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_SCREENING_SETTINGS;
}
