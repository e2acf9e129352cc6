/**
 * Value sets and plausible ranges of a postnatal contact record (facts §8.3, §8.4, §9.1).
 * Codes are stable (stored and counted); labels live in the message catalogues.
 */

/** DAK newborn danger-sign value set (facts §8.3). `none` excludes every other sign. */
export const NEWBORN_DANGER_SIGNS = [
  'none',
  'noisy_breathing',
  'central_cyanosis',
  'slow_breathing_gasping_apnoea',
  'nasal_flaring',
  'not_feeding_well',
  'convulsions',
  'abdominal_distension',
  'fast_breathing',
  'severe_chest_indrawing',
  'movement_only_when_stimulated',
  'purulent_stump_discharge',
  'stump_bleeding',
  'fever',
  'low_temperature',
  'jaundice_first_24h',
  /** A DAK rule, not in the first-24-h value set: an emergency at any contact (facts §8.3). */
  'bulging_fontanelle',
  'other',
] as const;
export type NewbornDangerSign = (typeof NEWBORN_DANGER_SIGNS)[number];

/** DAK maternal danger signs at reception triage (facts §8.4). */
export const MATERNAL_DANGER_SIGNS = [
  'none',
  'abnormal_vaginal_bleeding',
  'central_cyanosis',
  'convulsing',
  'fever',
  'looks_very_ill',
  'severe_headache',
  'severe_pain',
  'severe_vomiting',
  'severe_abdominal_pain',
  'unconscious',
  'visual_disturbance',
] as const;
export type MaternalDangerSign = (typeof MATERNAL_DANGER_SIGNS)[number];

/** The umbilical cord at the contact: pus or bleeding are danger signs, redness a local infection. */
export const CORD_STATES = ['clean_dry', 'red_swollen', 'pus', 'bleeding'] as const;
export type CordState = (typeof CORD_STATES)[number];

/** Jaundice seen: any in the first 24 h, or yellow palms and soles at any age, are danger signs (§8.3). */
export const JAUNDICE_STATES = ['none', 'face_body', 'palms_soles'] as const;
export type JaundiceState = (typeof JAUNDICE_STATES)[number];

export const BLEEDING_STATES = ['normal', 'heavy'] as const;
export type BleedingState = (typeof BLEEDING_STATES)[number];

/** Urine dipstick protein; `plus2` (++) or more with hypertension points to pre-eclampsia (facts §8.4). */
export const PROTEINURIA_LEVELS = ['negative', 'trace', 'plus1', 'plus2', 'plus3'] as const;
export type ProteinuriaLevel = (typeof PROTEINURIA_LEVELS)[number];

/** The uterus felt at the contact: a flaccid fundus means atony (bleeding work-up, facts §8.4). */
export const FUNDUS_STATES = ['firm', 'flaccid'] as const;
export type FundusState = (typeof FUNDUS_STATES)[number];

/** Foul-smelling (purulent) lochia means infection (facts §8.4). */
export const LOCHIA_STATES = ['normal', 'foul_smelling'] as const;
export type LochiaState = (typeof LOCHIA_STATES)[number];

export const BREASTFEEDING_PROBLEMS = [
  'none',
  'nipple_pain',
  'engorgement',
  'mastitis_signs',
  'not_enough_milk',
  'attachment',
  'other',
] as const;
export type BreastfeedingProblem = (typeof BREASTFEEDING_PROBLEMS)[number];

export const CONTACT_PLACES = ['facility', 'home'] as const;
export type ContactPlace = (typeof CONTACT_PLACES)[number];

/** How a referral case was closed. */
export const REFERRAL_OUTCOMES = [
  'treated_at_facility',
  'admitted',
  'recovered_at_home',
  'refused_referral',
  'died',
  'lost_to_follow_up',
  'other',
] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/**
 * Plausible ranges of the WHO SMART PNC DAK data dictionary (facts §9.1). The newborn breathing rate
 * is not in the dictionary: its bounds only exclude typing errors [D].
 */
export const PNC_RANGES = {
  newbornWeightGrams: { min: 500, max: 9999 },
  kmcHoursYesterday: { min: 0, max: 24 },
  newbornTemperatureC: { min: 33, max: 42 },
  newbornBreathingRate: { min: 10, max: 150 },
  maternalTemperatureC: { min: 33, max: 42 },
  maternalPulseBpm: { min: 50, max: 200 },
  maternalBloodPressure: { min: 10, max: 260 },
  /** Not in the dictionary: a pulse oximeter reads 50–100 %; the bounds only exclude typing errors [D]. */
  maternalSpo2Percent: { min: 50, max: 100 },
  /** A contact may be entered up to this far ahead of the server clock (device clock skew). */
  futureToleranceMinutes: 5,
} as const;
