import type { BirthInput, DerivedNewborn, NewbornInput } from '../../../shared/births/birth.schema';
import type { BulkColumn } from '../../db/bulk-insert';
import { toPgArrayLiteral } from '../../db/sql-literals';

/** Mapping between the birth document of the API and the rows of `births` and `newborns`. */

export type BirthRowValues = {
  id: string;
  facilityId: string;
  bornAt: string;
  birthDate: string;
  input: BirthInput;
  flags: string[];
  actorId: string | null;
  now: Date;
};

export const BIRTH_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'facility_id', type: 'uuid' },
  { name: 'born_at', type: 'timestamptz' },
  { name: 'birth_date', type: 'date' },
  { name: 'mode', type: 'text' },
  { name: 'gestational_age_weeks', type: 'smallint' },
  { name: 'baby_count', type: 'smallint' },
  { name: 'second_baby_checked', type: 'boolean' },
  { name: 'uterotonic_given', type: 'boolean' },
  { name: 'uterotonic_minutes', type: 'numeric' },
  { name: 'mother_record_number', type: 'text' },
  { name: 'mother_age', type: 'smallint' },
  { name: 'mother_birth_year', type: 'smallint' },
  { name: 'mother_commune_id', type: 'uuid' },
  { name: 'mother_ethnic_minority', type: 'boolean' },
  { name: 'mother_parity', type: 'smallint' },
  { name: 'mother_name', type: 'text' },
  { name: 'mother_phone', type: 'text' },
  { name: 'flags', type: 'text[]' },
  { name: 'deviation_reasons', type: 'jsonb' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
  { name: 'created_by', type: 'uuid' },
  { name: 'updated_by', type: 'uuid' },
];

export function birthRow(v: BirthRowValues): unknown[] {
  const { mother: m, delivery: d } = v.input;
  return [
    v.id,
    v.facilityId,
    v.bornAt,
    v.birthDate,
    d.mode,
    d.gestationalAgeWeeks,
    d.babyCount,
    d.secondBabyChecked,
    d.uterotonicGiven,
    d.uterotonicMinutes,
    m.recordNumber,
    m.age,
    m.birthYear,
    m.communeId,
    m.ethnicMinority,
    m.parity,
    m.name,
    m.phone,
    toPgArrayLiteral(v.flags),
    JSON.stringify(d.deviationReasons),
    v.now,
    v.now,
    v.actorId,
    v.actorId,
  ];
}

export const NEWBORN_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'birth_id', type: 'uuid' },
  { name: 'birth_order', type: 'smallint' },
  { name: 'facility_id', type: 'uuid' },
  { name: 'birth_date', type: 'date' },
  { name: 'sex', type: 'text' },
  { name: 'birth_weight_grams', type: 'integer' },
  { name: 'outcome', type: 'text' },
  { name: 'apgar1', type: 'smallint' },
  { name: 'apgar5', type: 'smallint' },
  { name: 'drying_started_seconds', type: 'integer' },
  { name: 'breathing_at_birth', type: 'boolean' },
  { name: 'ssc_started_minutes', type: 'numeric' },
  { name: 'ssc_duration_minutes', type: 'numeric' },
  { name: 'separated_before_breastfeed', type: 'boolean' },
  { name: 'cord_clamped_minutes', type: 'numeric' },
  { name: 'breastfeed_started_minutes', type: 'numeric' },
  { name: 'breastfeed_completed_minutes', type: 'numeric' },
  { name: 'procedures', type: 'jsonb' },
  { name: 'bag_mask_started_seconds', type: 'integer' },
  { name: 'resuscitation_outcome', type: 'text' },
  { name: 'kmc_initiated', type: 'boolean' },
  { name: 'discharge_date', type: 'date' },
  { name: 'discharge_status', type: 'text' },
  { name: 'discharge_exclusive_bf', type: 'boolean' },
  { name: 'deviation_reasons', type: 'jsonb' },
  { name: 'weight_band', type: 'text' },
  { name: 'preterm_band', type: 'text' },
  { name: 'kmc_eligible', type: 'boolean' },
  { name: 'immediate_drying', type: 'boolean' },
  { name: 'immediate_ssc', type: 'boolean' },
  { name: 'ssc_full_no_separation', type: 'boolean' },
  { name: 'delayed_cord_clamping', type: 'boolean' },
  { name: 'early_breastfeeding', type: 'boolean' },
  { name: 'bag_mask_within_target', type: 'boolean' },
  { name: 'flags', type: 'text[]' },
];

export function newbornRow(
  n: NewbornInput & { id: string },
  d: DerivedNewborn,
  birth: { id: string; facilityId: string; birthDate: string },
): unknown[] {
  return [
    n.id,
    birth.id,
    n.birthOrder,
    birth.facilityId,
    birth.birthDate,
    n.sex,
    n.birthWeightGrams,
    n.outcome,
    n.apgar1,
    n.apgar5,
    n.dryingStartedSeconds,
    n.breathingAtBirth,
    n.sscStartedMinutes,
    n.sscDurationMinutes,
    n.separatedBeforeBreastfeed,
    n.cordClampedMinutes,
    n.breastfeedStartedMinutes,
    n.breastfeedCompletedMinutes,
    JSON.stringify(n.procedures),
    n.bagMaskStartedSeconds,
    n.resuscitationOutcome,
    n.kmcInitiated,
    n.discharge?.date ?? null,
    n.discharge?.status ?? null,
    n.discharge?.exclusiveBreastfeeding ?? null,
    JSON.stringify(n.deviationReasons),
    ...derivedColumns(d),
  ];
}

/**
 * The derived columns of a newborn row (weight_band … flags, the last columns of NEWBORN_COLUMNS), in
 * order: written on insert and rewritten when a country's thresholds change.
 */
export function derivedColumns(d: DerivedNewborn): unknown[] {
  const p = d.practices;
  return [
    d.weightBand,
    d.pretermBand,
    d.kmcEligible,
    p.immediateDrying,
    p.immediateSsc,
    p.sscFullNoSeparation,
    p.delayedCordClamping,
    p.earlyBreastfeeding,
    p.bagMaskWithinTarget,
    toPgArrayLiteral(d.flags),
  ];
}

/** Columns of a newborn row as read back (snake_case), enough to rebuild the API document. */
export type NewbornRow = {
  id: string;
  birth_id: string;
  birth_order: number;
  sex: NewbornInput['sex'];
  birth_weight_grams: number | null;
  outcome: NewbornInput['outcome'];
  apgar1: number | null;
  apgar5: number | null;
  drying_started_seconds: number | null;
  breathing_at_birth: boolean | null;
  ssc_started_minutes: number | null;
  ssc_duration_minutes: number | null;
  separated_before_breastfeed: boolean | null;
  cord_clamped_minutes: number | null;
  breastfeed_started_minutes: number | null;
  breastfeed_completed_minutes: number | null;
  procedures: NewbornInput['procedures'];
  bag_mask_started_seconds: number | null;
  resuscitation_outcome: NewbornInput['resuscitationOutcome'];
  kmc_initiated: boolean | null;
  discharge_date: string | null;
  discharge_status: 'alive' | 'died' | 'referred' | null;
  discharge_exclusive_bf: boolean | null;
  deviation_reasons: Record<string, string>;
  weight_band: DerivedNewborn['weightBand'];
  preterm_band: DerivedNewborn['pretermBand'];
  kmc_eligible: boolean | null;
  immediate_drying: boolean | null;
  immediate_ssc: boolean | null;
  ssc_full_no_separation: boolean | null;
  delayed_cord_clamping: boolean | null;
  early_breastfeeding: boolean | null;
  bag_mask_within_target: boolean | null;
  flags: string[];
};

const PROCEDURE_DEFAULT = { weighing: null, eyeCare: null, vitaminK: null, hepatitisB: null, bath: null };

export function toNewborn(r: NewbornRow) {
  return {
    id: r.id,
    birthOrder: r.birth_order,
    sex: r.sex,
    birthWeightGrams: r.birth_weight_grams,
    outcome: r.outcome,
    apgar1: r.apgar1,
    apgar5: r.apgar5,
    dryingStartedSeconds: r.drying_started_seconds,
    breathingAtBirth: r.breathing_at_birth,
    sscStartedMinutes: r.ssc_started_minutes,
    sscDurationMinutes: r.ssc_duration_minutes,
    separatedBeforeBreastfeed: r.separated_before_breastfeed,
    cordClampedMinutes: r.cord_clamped_minutes,
    breastfeedStartedMinutes: r.breastfeed_started_minutes,
    breastfeedCompletedMinutes: r.breastfeed_completed_minutes,
    procedures: { ...PROCEDURE_DEFAULT, ...r.procedures },
    bagMaskStartedSeconds: r.bag_mask_started_seconds,
    resuscitationOutcome: r.resuscitation_outcome,
    kmcInitiated: r.kmc_initiated,
    deviationReasons: r.deviation_reasons ?? {},
    discharge:
      r.discharge_date && r.discharge_status
        ? {
            date: r.discharge_date,
            status: r.discharge_status,
            exclusiveBreastfeeding: r.discharge_exclusive_bf,
          }
        : null,
    derived: {
      weightBand: r.weight_band,
      pretermBand: r.preterm_band,
      kmcEligible: r.kmc_eligible,
      flags: r.flags,
      practices: {
        immediateDrying: r.immediate_drying,
        immediateSsc: r.immediate_ssc,
        sscFullNoSeparation: r.ssc_full_no_separation,
        delayedCordClamping: r.delayed_cord_clamping,
        earlyBreastfeeding: r.early_breastfeeding,
        bagMaskWithinTarget: r.bag_mask_within_target,
      },
    },
  };
}
