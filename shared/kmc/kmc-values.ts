/** Value sets of the KMC episode, its daily log and its discharge (issue 16, facts §12.2). */
const set = <T extends string>(...v: [T, ...T[]]) => v;

/** Where KMC is given. */
export const KMC_PLACES = set('nicu', 'kmc_ward', 'postnatal_ward', 'home');
export type KmcPlace = (typeof KMC_PLACES)[number];

/** Who gives skin-to-skin contact. */
export const KMC_PROVIDERS = set('mother', 'father', 'other');
export type KmcProvider = (typeof KMC_PROVIDERS)[number];

/** Why KMC was not started. */
export const KMC_NOT_STARTED_REASONS = set(
  'baby_unstable',
  'mother_unwell',
  'no_caregiver',
  'no_space_or_staff',
  'declined',
  'referred_out',
  'other',
);
export type KmcNotStartedReason = (typeof KMC_NOT_STARTED_REASONS)[number];

/** Feeding on the day logged. */
export const KMC_FEEDING = set('exclusive_breast_milk', 'mixed', 'formula', 'tube_or_cup');
export type KmcFeeding = (typeof KMC_FEEDING)[number];

/** Danger signs of a small baby on the ward (facts §8.3); `none` when looked for and not found. */
export const KMC_DANGER_SIGNS = set(
  'none',
  'not_feeding_well',
  'convulsions',
  'fast_breathing',
  'chest_indrawing',
  'apnoea',
  'lethargy',
  'hypothermia',
  'fever',
  'jaundice',
);
export type KmcDangerSign = (typeof KMC_DANGER_SIGNS)[number];

/** How an episode ended. */
export const KMC_OUTCOMES = set('discharged_in_kmc', 'stopped', 'referred', 'died', 'left_against_advice');
export type KmcOutcome = (typeof KMC_OUTCOMES)[number];

/** The checks before discharge in KMC (facts §12.2; exact WHO wording [U]). */
export const KMC_DISCHARGE_CHECKS = set(
  'feedsWell',
  'weightGain3Days',
  'temperatureStable',
  'caregiverReady',
);
export type KmcDischargeCheck = (typeof KMC_DISCHARGE_CHECKS)[number];

export const KMC_RANGES = {
  sscHours: { min: 0, max: 24 },
  weightGrams: { min: 400, max: 6000 },
  temperatureC: { min: 30, max: 42 },
} as const;
