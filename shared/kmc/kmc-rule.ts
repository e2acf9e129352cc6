import { isKmcEligible } from '../births/birth-rules';
import type { NewbornInput } from '../births/birth.schema';
import { KMC_PRESETS, type KmcCutoffs } from '../births/eenc-settings';
import { PNC_THRESHOLDS } from '../pnc/pnc-rules';

/**
 * Who needs kangaroo mother care (facts §2.7, §12.2). The country's rule is its KMC cut-offs, kept with
 * the EENC settings (`KmcCutoffs`, presets `KMC_PRESETS`) and evaluated by the one rule of
 * shared/births/birth-rules.ts (`isKmcEligible`, stored as `newborns.kmc_eligible` when the birth is
 * saved and re-derived when the setting changes). This module names the rule a setting is (a preset or
 * the country's own numbers), adds the special-care mark, and the snapshot a closed episode keeps.
 */
export const KmcPreset = { eenc: 'eenc', who2022: 'who2022', custom: 'custom' } as const;
export type KmcPreset = (typeof KmcPreset)[keyof typeof KmcPreset];
export const KMC_PRESET_IDS = Object.values(KmcPreset) as [KmcPreset, ...KmcPreset[]];

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
 * completed weeks (SMART PNC DAK, facts §2.7 and §12.2). The same verified thresholds as the postnatal
 * danger-sign rules, so both modules mark the same babies.
 */
export const SPECIAL_CARE = {
  belowGrams: PNC_THRESHOLDS.newbornVeryLowWeightGrams,
  belowWeeks: PNC_THRESHOLDS.newbornVeryPretermWeeks,
} as const;

/** Three-valued like the eligibility: true when a known value is under its threshold, null when unknown. */
export function needsSpecialCare(
  n: Pick<NewbornInput, 'outcome' | 'birthWeightGrams'>,
  gaWeeks: number | null,
): boolean | null {
  if (n.outcome !== 'live_birth') return null;
  const w = n.birthWeightGrams;
  if ((w !== null && w < SPECIAL_CARE.belowGrams) || (gaWeeks !== null && gaWeeks < SPECIAL_CARE.belowWeeks))
    return true;
  return w === null || gaWeeks === null ? null : false;
}

export type KmcAssessment = { eligible: boolean | null; specialCare: boolean | null };

/** A baby's KMC eligibility under a country's rule and the special-care mark. Pure: browser and server. */
export function assessKmc(
  n: Pick<NewbornInput, 'outcome' | 'birthWeightGrams'>,
  gaWeeks: number | null,
  cutoffs: KmcCutoffs,
): KmcAssessment {
  return { eligible: isKmcEligible(n, gaWeeks, cutoffs), specialCare: needsSpecialCare(n, gaWeeks) };
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
