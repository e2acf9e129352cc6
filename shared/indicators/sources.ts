import {
  BIRTH_OUTCOMES,
  DELIVERY_MODES,
  DISCHARGE_STATUSES,
  PRETERM_BANDS,
  RESUSCITATION_OUTCOMES,
  SEXES,
  WEIGHT_BANDS,
} from '../births/birth.schema';
import { COACHING_CHECKLIST_SOURCE_SPEC } from '../coaching/checklist-indicators';
import { KMC_FACILITY_SOURCE_SPEC, KMC_SOURCE_SPEC } from '../kmc/kmc-indicators';
import { SCREENING_RESULT_SOURCE_SPEC, SCREENING_SOURCE_SPEC } from '../screening/screening-indicators';
import { FACILITY_LEVELS } from '../org-units/org-unit.schema';
import type { FieldCatalogue } from './filter';
import { booleanField, evaluatedSource } from './definition-parts';
import { type ValueOf, valuesOf } from '../closed-set';

/**
 * Where an indicator counts from. Each source has its fields (what filters may use) and the
 * disaggregations it supports; the server adds its fact table, SQL and rollup (see docs/indicators.md,
 * "Adding a source").
 */
export const SourceId = {
  /** One row per baby (newborns), with the delivery's mode and the mother's ethnic-minority flag. */
  newborn: 'newborn',
  /** One row per delivery (births). */
  delivery: 'delivery',
  /** One row per facility where births may take place (org units and their EENC status ladder). */
  facility: 'facility',
  /** One row per health worker on a facility's roster during the period (Module 2, docs/coaching.md). */
  coaching: 'coaching',
  /** One row per recorded skills checklist, and its points (Module 2, shared/coaching/checklist-indicators.ts). */
  coachingChecklist: 'coaching_checklist',
  /** One row per mother or live-born baby followed after birth (postnatal care), by birth date. */
  pncSubject: 'pnc_subject',
  /** One row per scheduled postnatal contact of a mother or baby, by birth date. */
  pncContact: 'pnc_contact',
  /** One row per live-born baby with its KMC episode, if any, by birth date (shared/kmc/kmc-indicators.ts). */
  kmc: 'kmc',
  /** A woman followed for cervical screening: her states' changes (age, screens), counted at the period's end (shared/screening). */
  screening: 'screening',
  /** One row per woman followed for cervical screening with a screen in the period: its result and follow-up. */
  screeningResult: 'screening_result',
  /** One row per facility and period: offers KMC, KMC-trained staff (shared/kmc/kmc-indicators.ts). */
  kmcFacility: 'kmc_facility',
} as const;
export type SourceId = ValueOf<typeof SourceId>;
export const SOURCE_IDS = valuesOf(SourceId);

export const DimensionId = {
  sex: 'sex',
  weightBand: 'weight_band',
  mode: 'mode',
  ethnicMinority: 'ethnic_minority',
  facilityLevel: 'facility_level',
} as const;
export type DimensionId = ValueOf<typeof DimensionId>;
export const DIMENSION_IDS = valuesOf(DimensionId);

/** Values of each disaggregation, in display order; `unknown` = not recorded. */
export const DIMENSION_VALUES: Record<DimensionId, readonly string[]> = {
  sex: SEXES,
  weight_band: WEIGHT_BANDS,
  mode: DELIVERY_MODES,
  ethnic_minority: ['yes', 'no', 'unknown'],
  facility_level: [...FACILITY_LEVELS, 'unknown'],
};

/**
 * Dimensions kept in the disaggregation rollup (province level and above). The facility level is read
 * from the facilities' own rollup rows joined to org units instead, so changing a facility's level needs
 * no rollup work.
 */
export const STORED_DIMENSIONS: readonly DimensionId[] = ['sex', 'weight_band', 'mode', 'ethnic_minority'];

const bool = booleanField;
const num = { type: 'number' } as const;
const text = (values?: readonly string[]) =>
  values ? { type: 'text' as const, values } : { type: 'text' as const };

export const EENC_STEPS = ['introduced', 'team_formed', 'assessed', 'meets_standards'] as const;
export type EencStep = (typeof EENC_STEPS)[number];

/** The date of each step, and `facility_implementing_on`: that of the step the country counts as implementing. */
const stepFields = Object.fromEntries(
  [...EENC_STEPS, 'implementing'].map((s) => [
    `facility_${s}_on`,
    { type: 'date', facilityAttribute: true } as const,
  ]),
);

export type SourceSpec = {
  fields: FieldCatalogue;
  dimensions: readonly DimensionId[];
  /** Counts people (babies, mothers): perturbed for partner viewers (cell-key method). */
  countsPeople: boolean;
  /** Counted from a rollup per org unit and month (else evaluated directly). */
  rolledUp: boolean;
  /**
   * Rolled up, each row a signed change of a state (+1 entering it, −1 leaving it, on that day), so
   * that definitions may count the state at the period's end (`periodEnd`): the changes up to then.
   */
  signed?: boolean;
};

/**
 * A postnatal-care source: people by birth date and subject (mother or newborn), with the facts of a
 * subject or of a contact; rolled up per facility and birth month (docs/indicators.md, "Postnatal care").
 */
const pncSource = (facts: FieldCatalogue): SourceSpec => ({
  ...evaluatedSource(true, { birth_date: { type: 'date' }, subject: text(['mother', 'newborn']), ...facts }),
  rolledUp: true,
});

export const SOURCES: Record<SourceId, SourceSpec> = {
  newborn: {
    countsPeople: true,
    rolledUp: true,
    dimensions: ['sex', 'weight_band', 'mode', 'ethnic_minority', 'facility_level'],
    fields: {
      birth_date: { type: 'date' },
      outcome: text(BIRTH_OUTCOMES),
      sex: text(SEXES),
      birth_weight_grams: num,
      weight_band: text(WEIGHT_BANDS),
      preterm_band: text(PRETERM_BANDS),
      breathing_at_birth: bool,
      bag_mask_started_seconds: num,
      /** Not breathing at birth or ventilated: derived, same rule as shared/births/birth-rules.ts. */
      resuscitated: bool,
      resuscitation_outcome: text(RESUSCITATION_OUTCOMES),
      immediate_drying: bool,
      immediate_ssc: bool,
      ssc_full_no_separation: bool,
      delayed_cord_clamping: bool,
      early_breastfeeding: bool,
      bag_mask_within_target: bool,
      kmc_eligible: bool,
      kmc_initiated: bool,
      discharge_status: text(DISCHARGE_STATUSES),
      discharge_exclusive_bf: bool,
      flags: { type: 'text[]' },
      mode: text(DELIVERY_MODES),
      mother_ethnic_minority: bool,
    },
  },
  delivery: {
    countsPeople: true,
    rolledUp: true,
    dimensions: ['mode', 'ethnic_minority', 'facility_level'],
    fields: {
      birth_date: { type: 'date' },
      mode: text(DELIVERY_MODES),
      gestational_age_weeks: num,
      baby_count: num,
      uterotonic_given: bool,
      uterotonic_minutes: num,
      mother_ethnic_minority: bool,
      flags: { type: 'text[]' },
      ...stepFields,
    },
  },
  facility: {
    countsPeople: false,
    rolledUp: false,
    dimensions: ['facility_level'],
    fields: {
      kind: text(['facility', 'commune']),
      facility_level: text(FACILITY_LEVELS),
      provides_births: bool,
      active: bool,
      ...stepFields,
    },
  },
  // Coaching (Module 2): the roster's changes, rolled up per facility and month (docs/coaching.md).
  coaching: {
    countsPeople: true,
    rolledUp: true,
    signed: true,
    dimensions: [],
    fields: {
      /**
       * What the row changes: a worker joins or leaves the roster (`on_roster`), becomes or stops being
       * covered (a course completed in the last N years), becomes ever coached (`ever_coached`): states
       * counted at the period's end; or is coached in a month, a quarter or a year (`coached`,
       * `coached_quarter`, `coached_year`: +1 once per worker and period, at the posting of their first
       * completion in it).
       */
      state: text(['on_roster', 'covered', 'ever_coached', 'coached', 'coached_quarter', 'coached_year']),
      /** The posting is in the delivery room (else the postnatal ward). */
      delivery_room: bool,
      facilitator: text(['national', 'provincial', 'none']),
      /** A `coached…` row: one of the worker's completed courses of the period has an after-coaching checklist at the passing score. */
      to_standard: bool,
    },
  },
  coaching_checklist: COACHING_CHECKLIST_SOURCE_SPEC,
  // Postnatal care: the facts of pnc_contact_facts (docs/pnc.md), rolled up per birth month.
  pnc_subject: pncSource({
    /** The first contact was made within its window (default: within 24 h of birth). */
    first_contact_on_time: bool,
    /** At least one contact was recorded. */
    any_contact: bool,
    /** Every core contact (the four of the schedule) was recorded. */
    core_contacts_done: bool,
    /** Every core contact's window has expired (the follow-up is over). */
    core_windows_over: bool,
    /** The baby died or the mother died: no further contacts expected. */
    cancelled: bool,
    /** At the most recent contact: fed only breast milk the day before. */
    last_contact_exclusive_bf: bool,
  }),
  pnc_contact: pncSource({ done: bool, danger_signs_found: bool, referred: bool }),
  kmc: KMC_SOURCE_SPEC,
  screening: SCREENING_SOURCE_SPEC,
  screening_result: SCREENING_RESULT_SOURCE_SPEC,
  kmc_facility: KMC_FACILITY_SOURCE_SPEC,
};
