import type { ChecklistDefinition } from './checklists';

/**
 * Scoring of a skills checklist (facts §12.1, an app convention of the EMRO/Sudan adaptation, not a WHO
 * rule): yes 2, partial 1, no 0, not applicable left out; percentage = total ÷ maximum of the items
 * that apply. Bands: below `lowBandPercent`, up to `passingPercent`, and at or above it (defaults 50
 * and 80: < 50, 50–79, ≥ 80), country settings; the certificate needs the passing score.
 */
export const CHECKLIST_ANSWERS = ['yes', 'partial', 'no', 'na'] as const;
export type ChecklistAnswer = (typeof CHECKLIST_ANSWERS)[number];
const POINTS: Record<Exclude<ChecklistAnswer, 'na'>, number> = { yes: 2, partial: 1, no: 0 };

export const DEFAULT_PASSING_PERCENT = 80;
export const DEFAULT_LOW_BAND_PERCENT = 50;

export type Score = { total: number; max: number; percent: number | null };
export type ChecklistScore = Score & { domains: Record<string, Score> };

const percentOf = (total: number, max: number) => (max === 0 ? null : Math.round((1000 * total) / max) / 10);

/** The score of answers (by item code) on a checklist; an item without an answer counts as not applicable. */
export function scoreChecklist(
  def: ChecklistDefinition,
  answers: Readonly<Record<string, ChecklistAnswer>>,
): ChecklistScore {
  let total = 0;
  let max = 0;
  const domains: Record<string, Score> = {};
  for (const d of def.domains) {
    let dt = 0;
    let dm = 0;
    for (const i of d.items) {
      const a = answers[i.code] ?? 'na';
      if (a === 'na') continue;
      dt += POINTS[a];
      dm += 2;
    }
    domains[d.code] = { total: dt, max: dm, percent: percentOf(dt, dm) };
    total += dt;
    max += dm;
  }
  return { total, max, percent: percentOf(total, max), domains };
}

export const BANDS = ['low', 'middle', 'high'] as const;
export type Band = (typeof BANDS)[number];

export type BandSettings = { lowBandPercent: number; passingPercent: number };

/** The band of a percentage: below the low band, below passing, or passing. */
export function bandOf(percent: number | null, s: BandSettings): Band | null {
  if (percent === null) return null;
  if (percent < s.lowBandPercent) return 'low';
  return percent < s.passingPercent ? 'middle' : 'high';
}

/** Codes of the items of a checklist that an answer set names but the checklist does not have. */
export function unknownItems(def: ChecklistDefinition, answers: Readonly<Record<string, unknown>>): string[] {
  const codes = new Set(def.domains.flatMap((d) => d.items.map((i) => i.code)));
  return Object.keys(answers).filter((k) => !codes.has(k));
}
