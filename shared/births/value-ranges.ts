/**
 * Plausible ranges from the WHO SMART PNC Digital Adaptation Kit data dictionary (facts sheet §9.1),
 * plus bounds for the EENC timings that only exclude the impossible (a step recorded days after birth).
 * Outside these a value is rejected: it is a typing error, not a practice to learn from.
 */
export const RANGES = {
  gestationalAgeWeeks: { min: 22, max: 42 },
  birthWeightGrams: { min: 500, max: 9000 },
  apgar: { min: 0, max: 10 },
  motherAgeYears: { min: 10, max: 60 },
  parity: { min: 0, max: 20 },
  babyCount: { min: 1, max: 6 },
  /** Seconds after birth for drying and bag-and-mask. */
  stepSeconds: { min: 0, max: 3600 },
  /** Minutes after birth for the steps of the first hours and days. */
  stepMinutes: { min: 0, max: 14 * 24 * 60 },
  sscDurationMinutes: { min: 0, max: 7 * 24 * 60 },
  /** A birth can be entered up to this far in the future of the server's clock (device clock skew). */
  futureToleranceMinutes: 5,
} as const;
