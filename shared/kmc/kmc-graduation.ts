import type { EencSettings } from '../births/eenc-settings';

/**
 * Graduation from the KMC follow-up (issue 16; facts §12.2: weekly follow-up after discharge in KMC
 * until at least 2 kg, exact WHO criteria [U]). The criterion is the country's: weight at least
 * `kmcGraduationGrams`, or post-menstrual age at least `kmcGraduationPmaWeeks` (defaults 2,500 g and
 * 40 weeks, from the issue).
 */
export type GraduationRule = Pick<EencSettings, 'kmcGraduationGrams' | 'kmcGraduationPmaWeeks'>;

const DAY_MS = 86_400_000;

/**
 * Post-menstrual age in completed weeks on a date: the completed weeks of gestation at birth plus the
 * completed weeks since. The register keeps completed weeks only (31+6 is 31), so this never
 * overstates the age. Null when the gestational age is unknown.
 */
export function pmaWeeksOn(gaWeeks: number | null, birthDate: string, date: string): number | null {
  if (gaWeeks === null) return null;
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${birthDate}T00:00:00Z`)) / DAY_MS);
  return gaWeeks + Math.floor(Math.max(0, days) / 7);
}

/** Whether a baby of this weight and age meets the criterion (an unknown value meets nothing). */
export function meetsGraduation(
  rule: GraduationRule,
  weightGrams: number | null,
  pmaWeeks: number | null,
): boolean {
  return (
    (weightGrams !== null && weightGrams >= rule.kmcGraduationGrams) ||
    (pmaWeeks !== null && pmaWeeks >= rule.kmcGraduationPmaWeeks)
  );
}
