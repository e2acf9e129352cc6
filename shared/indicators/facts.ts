import type { BirthInput } from '../births/birth.schema';
import { type BirthTiming, deliveryFlags, deriveNewborn, wasResuscitated } from '../births/birth-rules';
import type { EencSettings } from '../births/eenc-settings';
import type { EencStep } from './sources';

/**
 * The facts an indicator counts, as plain records with the field names of the sources (shared/indicators/
 * sources.ts). The server reads the same values from the tables; these builders let unit tables and the
 * offline app evaluate definitions on a birth document without a database.
 */
export type FactRecord = Readonly<Record<string, unknown>>;

export type FacilityDates = Partial<Record<EencStep, string | null>>;

export function toNewbornFacts(b: BirthInput, birth: BirthTiming, settings: EencSettings): FactRecord[] {
  return b.newborns.map((n) => {
    const d = deriveNewborn(n, b.delivery, settings, birth);
    const p = d.practices;
    return {
      birth_date: birth.date,
      outcome: n.outcome,
      sex: n.sex,
      birth_weight_grams: n.birthWeightGrams,
      weight_band: d.weightBand,
      preterm_band: d.pretermBand,
      breathing_at_birth: n.breathingAtBirth,
      bag_mask_started_seconds: n.bagMaskStartedSeconds,
      resuscitated: wasResuscitated(n),
      resuscitation_outcome: n.resuscitationOutcome,
      immediate_drying: p.immediateDrying,
      immediate_ssc: p.immediateSsc,
      ssc_full_no_separation: p.sscFullNoSeparation,
      delayed_cord_clamping: p.delayedCordClamping,
      early_breastfeeding: p.earlyBreastfeeding,
      bag_mask_within_target: p.bagMaskWithinTarget,
      kmc_eligible: d.kmcEligible,
      kmc_initiated: n.kmcInitiated,
      discharge_status: n.discharge?.status ?? null,
      discharge_exclusive_bf: n.discharge?.exclusiveBreastfeeding ?? null,
      flags: d.flags,
      mode: b.delivery.mode,
      mother_ethnic_minority: b.mother.ethnicMinority,
    };
  });
}

export function toDeliveryFact(
  b: BirthInput,
  birthDate: string,
  settings: EencSettings,
  facility: FacilityDates = {},
): FactRecord {
  return {
    birth_date: birthDate,
    mode: b.delivery.mode,
    gestational_age_weeks: b.delivery.gestationalAgeWeeks,
    baby_count: b.delivery.babyCount,
    uterotonic_given: b.delivery.uterotonicGiven,
    uterotonic_minutes: b.delivery.uterotonicMinutes,
    mother_ethnic_minority: b.mother.ethnicMinority,
    flags: deliveryFlags(b.delivery, settings),
    facility_introduced_on: facility.introduced ?? null,
    facility_team_formed_on: facility.team_formed ?? null,
    facility_assessed_on: facility.assessed ?? null,
    facility_meets_standards_on: facility.meets_standards ?? null,
    facility_implementing_on: facility[settings.implementingStep] ?? null,
  };
}
