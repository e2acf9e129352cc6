import { isKmcEligible } from '../births/birth-rules';
import type { NewbornInput } from '../births/birth.schema';
import {
  DEFAULT_EENC_SETTINGS,
  type EencSettings,
  KMC_PRESETS,
  type KmcCutoffs,
} from '../births/eenc-settings';
import { type ValueOf, valuesOf } from '../closed-set';

/**
 * Who needs kangaroo mother care (facts §2.7, §12.2). The country's rule is its KMC cut-offs, kept with
 * the EENC settings (`KmcCutoffs`, presets `KMC_PRESETS`) and evaluated by the one rule of
 * shared/births/birth-rules.ts (`isKmcEligible`, stored as `newborns.kmc_eligible` when the birth is
 * saved and re-derived when the setting changes). This module names the rule a setting is (a preset or
 * the country's own numbers), adds the special-care mark, and the snapshot a closed episode keeps.
 */
export const KmcPreset = { eenc: 'eenc', who2022: 'who2022', custom: 'custom' } as const;
export type KmcPreset = ValueOf<typeof KmcPreset>;
export const KMC_PRESET_IDS = valuesOf(KmcPreset);

const sameCutoffs = (a: KmcCutoffs, b: KmcCutoffs) =>
  a.kmcMaxWeightGrams === b.kmcMaxWeightGrams &&
  a.kmcWeightCutoff === b.kmcWeightCutoff &&
  a.kmcMaxGestationalWeeks === b.kmcMaxGestationalWeeks &&
  // The weeks comparison means nothing without a weeks cut-off.
  (a.kmcMaxGestationalWeeks === null || a.kmcWeeksCutoff === b.kmcWeeksCutoff);

/** Which preset a country's cut-offs are, or `custom` for numbers of its own. */
export function kmcPresetOf(c: KmcCutoffs): KmcPreset {
  if (sameCutoffs(c, KMC_PRESETS.eenc)) return KmcPreset.eenc;
  if (sameCutoffs(c, KMC_PRESETS.who2022)) return KmcPreset.who2022;
  return KmcPreset.custom;
}

/**
 * Special care and urgent referral where the facility cannot provide it: under 1,500 g or under 32
 * completed weeks by default (SMART PNC DAK, facts §2.7 and §12.2; the same numbers as the postnatal
 * danger-sign rules, a test checks), a country setting next to its KMC rule.
 */
export type SpecialCareThresholds = Pick<
  EencSettings,
  'kmcSpecialCareBelowGrams' | 'kmcSpecialCareBelowWeeks'
>;
export const DEFAULT_SPECIAL_CARE: SpecialCareThresholds = {
  kmcSpecialCareBelowGrams: DEFAULT_EENC_SETTINGS.kmcSpecialCareBelowGrams,
  kmcSpecialCareBelowWeeks: DEFAULT_EENC_SETTINGS.kmcSpecialCareBelowWeeks,
};

/**
 * The special-care rule as data, the one definition that `needsSpecialCare` applies here and
 * `specialCareSql` (server/features/kmc/kmc-rule.sql.ts) compiles for the database: a baby needs
 * special care when any known value is under its threshold.
 */
export const SPECIAL_CARE_BELOW = [
  { value: 'birthWeightGrams', threshold: 'kmcSpecialCareBelowGrams' },
  { value: 'gestationalAgeWeeks', threshold: 'kmcSpecialCareBelowWeeks' },
] as const satisfies readonly { value: string; threshold: keyof SpecialCareThresholds }[];
export type SpecialCareValue = (typeof SPECIAL_CARE_BELOW)[number]['value'];

/** Three-valued like the eligibility: true when a known value is under its threshold, null when unknown. */
export function needsSpecialCare(
  n: Pick<NewbornInput, 'outcome' | 'birthWeightGrams'>,
  gaWeeks: number | null,
  t: SpecialCareThresholds = DEFAULT_SPECIAL_CARE,
): boolean | null {
  if (n.outcome !== 'live_birth') return null;
  const values: Record<SpecialCareValue, number | null> = {
    birthWeightGrams: n.birthWeightGrams,
    gestationalAgeWeeks: gaWeeks,
  };
  const below = SPECIAL_CARE_BELOW.map(({ value, threshold }) => {
    const v = values[value];
    return v === null ? null : v < t[threshold];
  });
  if (below.includes(true)) return true;
  return below.includes(null) ? null : false;
}

export type KmcAssessment = { eligible: boolean | null; specialCare: boolean | null };

/** A baby's KMC eligibility under a country's rule and the special-care mark. Pure: browser and server. */
export function assessKmc(
  n: Pick<NewbornInput, 'outcome' | 'birthWeightGrams'>,
  gaWeeks: number | null,
  cutoffs: KmcCutoffs,
  special: SpecialCareThresholds = DEFAULT_SPECIAL_CARE,
): KmcAssessment {
  return { eligible: isKmcEligible(n, gaWeeks, cutoffs), specialCare: needsSpecialCare(n, gaWeeks, special) };
}

/** The rule an assessment was made under, kept with a closed episode so that it can say which. */
export type KmcRuleSnapshot = KmcCutoffs & { preset: KmcPreset };

export function kmcRuleSnapshot(c: KmcCutoffs): KmcRuleSnapshot {
  return {
    preset: kmcPresetOf(c),
    kmcMaxWeightGrams: c.kmcMaxWeightGrams,
    kmcWeightCutoff: c.kmcWeightCutoff,
    kmcMaxGestationalWeeks: c.kmcMaxGestationalWeeks,
    kmcWeeksCutoff: c.kmcWeeksCutoff,
  };
}
