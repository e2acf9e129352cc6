import { evaluateFilter, type Filter } from '../indicators/filter';

/**
 * Whether a baby in KMC follow-up is still seen weekly (issue 16: "weekly until 2,000 g as default"),
 * written once: the server evaluates it here, the database's `kmc_follow_up_refresh` compiles it
 * (server/features/kmc/kmc-follow-up-weight.sql.ts), which keeps `newborns.kmc_follow_up_weekly` and
 * so the marker `kmc_follow_up_weekly` that the weekly contacts are for.
 *
 * The weight known to the follow-up is the weight recorded at the baby's latest KMC follow-up contact
 * (by the time it was made), or the discharge weight before any. Weekly while it is under the
 * country's threshold (`kmcWeeklyBelowGrams`), or unknown (no weight at the discharge nor at a
 * contact: the safer reading).
 */
export type KmcWeeklyFacts = {
  /** The weight known to the follow-up minus the country's threshold, in grams; null when unknown. */
  grams_over_threshold: number | null;
};

export const KMC_WEEKLY_WHERE: Filter = {
  any: [
    { field: 'grams_over_threshold', isNull: true },
    { field: 'grams_over_threshold', lt: 0 },
  ],
};

/** The rule on one baby: weight known to the follow-up (or null) and the country's threshold. */
export const isKmcWeekly = (grams: number | null, weeklyBelowGrams: number): boolean =>
  evaluateFilter(KMC_WEEKLY_WHERE, {
    grams_over_threshold: grams === null ? null : grams - weeklyBelowGrams,
  } satisfies KmcWeeklyFacts);
