/**
 * The closed value sets of a birth record. Kept apart from birth.schema.ts because the field tables
 * (birth-fields.ts, newborn-fields.ts) name them in their rules, and the schema is built from the tables.
 */

export const DeliveryMode = {
  spontaneousVaginal: 'spontaneous_vaginal',
  assistedVaginal: 'assisted_vaginal',
  caesarean: 'caesarean',
} as const;
export type DeliveryMode = (typeof DeliveryMode)[keyof typeof DeliveryMode];
export const DELIVERY_MODES = Object.values(DeliveryMode) as [DeliveryMode, ...DeliveryMode[]];

export const Sex = { female: 'female', male: 'male', undetermined: 'undetermined' } as const;
export type Sex = (typeof Sex)[keyof typeof Sex];
export const SEXES = Object.values(Sex) as [Sex, ...Sex[]];

export const BirthOutcome = {
  liveBirth: 'live_birth',
  freshStillbirth: 'fresh_stillbirth',
  maceratedStillbirth: 'macerated_stillbirth',
} as const;
export type BirthOutcome = (typeof BirthOutcome)[keyof typeof BirthOutcome];
export const BIRTH_OUTCOMES = Object.values(BirthOutcome) as [BirthOutcome, ...BirthOutcome[]];

/** How bag-and-mask ventilation ended (§2.6): breathing well; still not breathing at 10 min with a heart rate, referred; no heart rate, died. */
export const ResuscitationOutcome = { breathing: 'breathing', referred: 'referred', died: 'died' } as const;
export type ResuscitationOutcome = (typeof ResuscitationOutcome)[keyof typeof ResuscitationOutcome];
export const RESUSCITATION_OUTCOMES = Object.values(ResuscitationOutcome) as [
  ResuscitationOutcome,
  ...ResuscitationOutcome[],
];

export const DischargeStatus = { alive: 'alive', died: 'died', referred: 'referred' } as const;
export type DischargeStatus = (typeof DischargeStatus)[keyof typeof DischargeStatus];
export const DISCHARGE_STATUSES = Object.values(DischargeStatus) as [DischargeStatus, ...DischargeStatus[]];

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
export type WeightBand = (typeof WeightBand)[keyof typeof WeightBand];
export const WEIGHT_BANDS = Object.values(WeightBand) as [WeightBand, ...WeightBand[]];

/** Band of gestational age (§9.3): extremely < 28, very < 32, moderate-to-late < 37 weeks. */
export const PretermBand = {
  extremely: 'extremely_preterm',
  very: 'very_preterm',
  moderateLate: 'moderate_late_preterm',
  term: 'term',
  unknown: 'unknown',
} as const;
export type PretermBand = (typeof PretermBand)[keyof typeof PretermBand];
export const PRETERM_BANDS = Object.values(PretermBand) as [PretermBand, ...PretermBand[]];
