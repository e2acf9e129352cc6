import { type ValueOf, valuesOf } from '../closed-set';
/**
 * The closed value sets of a birth record. Kept apart from birth.schema.ts because the field tables
 * (birth-fields.ts, newborn-fields.ts) name them in their rules, and the schema is built from the tables.
 */

export const DeliveryMode = {
  spontaneousVaginal: 'spontaneous_vaginal',
  assistedVaginal: 'assisted_vaginal',
  caesarean: 'caesarean',
} as const;
export type DeliveryMode = ValueOf<typeof DeliveryMode>;
export const DELIVERY_MODES = valuesOf(DeliveryMode);

export const Sex = { female: 'female', male: 'male', undetermined: 'undetermined' } as const;
export type Sex = ValueOf<typeof Sex>;
export const SEXES = valuesOf(Sex);

export const BirthOutcome = {
  liveBirth: 'live_birth',
  freshStillbirth: 'fresh_stillbirth',
  maceratedStillbirth: 'macerated_stillbirth',
} as const;
export type BirthOutcome = ValueOf<typeof BirthOutcome>;
export const BIRTH_OUTCOMES = valuesOf(BirthOutcome);

/** How bag-and-mask ventilation ended (§2.6): breathing well; still not breathing at 10 min with a heart rate, referred; no heart rate, died. */
export const ResuscitationOutcome = { breathing: 'breathing', referred: 'referred', died: 'died' } as const;
export type ResuscitationOutcome = ValueOf<typeof ResuscitationOutcome>;
export const RESUSCITATION_OUTCOMES = valuesOf(ResuscitationOutcome);

export const DischargeStatus = { alive: 'alive', died: 'died', referred: 'referred' } as const;
export type DischargeStatus = ValueOf<typeof DischargeStatus>;
export const DISCHARGE_STATUSES = valuesOf(DischargeStatus);

/** Routine procedures that EENC postpones until after the first full breastfeed (§2.3), and the bath (≥ 24 h). */
export const PROCEDURES = ['weighing', 'eyeCare', 'vitaminK', 'hepatitisB', 'bath'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/** Band of birth weight (§9.3): extremely low < 1000 g, very low < 1500 g, low < 2500 g. */
export const WeightBand = {
  elbw: 'elbw',
  vlbw: 'vlbw',
  lbw: 'lbw',
  normal: 'normal',
  unknown: 'unknown',
} as const;
export type WeightBand = ValueOf<typeof WeightBand>;
export const WEIGHT_BANDS = valuesOf(WeightBand);

/** Band of gestational age (§9.3): extremely < 28, very < 32, moderate-to-late < 37 weeks. */
export const PretermBand = {
  extremely: 'extremely_preterm',
  very: 'very_preterm',
  moderateLate: 'moderate_late_preterm',
  term: 'term',
  unknown: 'unknown',
} as const;
export type PretermBand = ValueOf<typeof PretermBand>;
export const PRETERM_BANDS = valuesOf(PretermBand);
