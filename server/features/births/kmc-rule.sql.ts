import { kmcTerms } from '../../../shared/births/birth-rules';
import type { KmcCutoffs } from '../../../shared/births/eenc-settings';

/** Columns (or expressions) the KMC rule reads: live birth (boolean), birth weight, gestational age. */
export type KmcColumns = { live: string; weightGrams: string; gestationalAgeWeeks: string };

/**
 * The country's KMC rule (`kmcTerms`, shared/births/birth-rules.ts) as a SQL expression, for SQL that
 * writes newborns without the service (the synthetic generator). SQL's `or` is three-valued exactly
 * like `isKmcEligible`: true when any known value is under its cut-off, else null when one is missing.
 */
export function kmcEligibleSql(settings: KmcCutoffs, cols: KmcColumns): string {
  const column = { birthWeightGrams: cols.weightGrams, gestationalAgeWeeks: cols.gestationalAgeWeeks };
  const terms = kmcTerms(settings).map((t) => {
    if (!Number.isFinite(t.value)) throw new Error(`KMC cut-off is not a number: ${t.value}`);
    return `${column[t.field]} ${t.op === 'lt' ? '<' : '<='} ${t.value}`;
  });
  return `(case when ${cols.live} then (${terms.join(' or ')}) end)`;
}
