/**
 * The closed value sets of a birth record. Kept apart from birth.schema.ts because the field tables
 * (birth-fields.ts, newborn-fields.ts) name them in their rules, and the schema is built from the tables.
 */

export const DELIVERY_MODES = ['spontaneous_vaginal', 'assisted_vaginal', 'caesarean'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const SEXES = ['female', 'male', 'undetermined'] as const;
export type Sex = (typeof SEXES)[number];

export const BIRTH_OUTCOMES = ['live_birth', 'fresh_stillbirth', 'macerated_stillbirth'] as const;
export type BirthOutcome = (typeof BIRTH_OUTCOMES)[number];

/** How bag-and-mask ventilation ended (§2.6): breathing well; still not breathing at 10 min with a heart rate, referred; no heart rate, died. */
export const RESUSCITATION_OUTCOMES = ['breathing', 'referred', 'died'] as const;
export type ResuscitationOutcome = (typeof RESUSCITATION_OUTCOMES)[number];

export const DISCHARGE_STATUSES = ['alive', 'died', 'referred'] as const;
export type DischargeStatus = (typeof DISCHARGE_STATUSES)[number];

/** Routine procedures that EENC postpones until after the first full breastfeed (§2.3), and the bath (≥ 24 h). */
export const PROCEDURES = ['weighing', 'eyeCare', 'vitaminK', 'hepatitisB', 'bath'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/** Band of birth weight (§9.3): extremely low < 1000 g, very low < 1500 g, low < 2500 g. */
export const WEIGHT_BANDS = ['elbw', 'vlbw', 'lbw', 'normal', 'unknown'] as const;
export type WeightBand = (typeof WEIGHT_BANDS)[number];

/** Band of gestational age (§9.3): extremely < 28, very < 32, moderate-to-late < 37 weeks. */
export const PRETERM_BANDS = [
  'extremely_preterm',
  'very_preterm',
  'moderate_late_preterm',
  'term',
  'unknown',
] as const;
export type PretermBand = (typeof PRETERM_BANDS)[number];
