import type { ValueOf } from '../closed-set';
import type {
  BleedingState,
  CordState,
  FundusState,
  JaundiceState,
  LochiaState,
  MaternalDangerSign,
  NewbornDangerSign,
  ProteinuriaLevel,
} from './pnc-values';

/**
 * Danger signs and thresholds of a postnatal contact (facts §8.3 newborn, §8.4 mother). Each rule turns
 * the values recorded into findings: `urgent` ones prompt an urgent referral and keep the case open on
 * the worklist until it is closed with an outcome; `check` ones ask for a repeat measurement,
 * counselling or local treatment.
 */
export const FindingLevel = { urgent: 'urgent', check: 'check' } as const;
export type FindingLevel = ValueOf<typeof FindingLevel>;

/** A finding: its code (a danger sign of the value set or a rule code), level, and the field it comes from. */
export type Finding = { code: string; level: FindingLevel; path: string };

/** Thresholds from the DAK and the WHO 2013/2022 guideline (facts §8.3, §8.4); verified, so constants. */
export const PNC_THRESHOLDS = {
  /** Fast breathing: ≥ 60 breaths per minute. */
  newbornFastBreathingPerMin: 60,
  /** Fever: ≥ 37.5 °C. */
  newbornFeverC: 37.5,
  /** Low body temperature: < 35.5 °C. */
  newbornLowTemperatureC: 35.5,
  /** Mild hypothermia 35.5–36.4 °C: rewarm skin-to-skin and reassess after 2 h. */
  newbornMildHypothermiaBelowC: 36.5,
  /** Jaundice in the first 24 h of life is a danger sign. */
  newbornEarlyJaundiceHours: 24,
  /** Below this weight: small-baby counselling and KMC follow-up. */
  newbornSmallBabyGrams: 2500,
  /** Below this weight or gestational age: refer for high-level care (DAK; VLBW, very preterm). */
  newbornVeryLowWeightGrams: 1500,
  newbornVeryPretermWeeks: 32,
  /** Severe hypertension: systolic ≥ 160 or diastolic ≥ 110 mmHg, urgent referral. */
  maternalSevereSystolic: 160,
  maternalSevereDiastolic: 110,
  /** Repeat the blood pressure after 10–15 min rest: systolic ≥ 140 or < 90, diastolic ≥ 90 or < 60. */
  maternalHighSystolic: 140,
  maternalLowSystolic: 90,
  maternalHighDiastolic: 90,
  maternalLowDiastolic: 60,
  /** Maternal fever (infection work-up): ≥ 38 °C. */
  maternalFeverC: 38,
  /** Repeat the pulse when < 60 or > 100 per minute. */
  maternalLowPulse: 60,
  maternalHighPulse: 100,
  /** SpO₂ below this: urgent referral. */
  maternalLowSpo2Percent: 92,
} as const;

/** Proteinuria levels that, with hypertension, point to pre-eclampsia (++ or more). */
const PRE_ECLAMPSIA_PROTEINURIA: readonly ProteinuriaLevel[] = ['plus2', 'plus3'];
/**
 * Maternal danger signs that count as the "severe symptoms" of pre-eclampsia with hypertension (DAK:
 * severe headache, visual disturbance, epigastric pain, convulsions).
 */
const PRE_ECLAMPSIA_SYMPTOMS: readonly MaternalDangerSign[] = [
  'severe_headache',
  'visual_disturbance',
  'severe_abdominal_pain',
  'convulsing',
];

const T = PNC_THRESHOLDS;

export type NewbornObservations = {
  weightGrams: number | null;
  temperatureC: number | null;
  breathingRate: number | null;
  cord: CordState | null;
  jaundice: JaundiceState | null;
  dangerSigns: readonly NewbornDangerSign[];
};

export type MotherObservations = {
  systolic: number | null;
  diastolic: number | null;
  temperatureC: number | null;
  pulseBpm: number | null;
  bleeding: BleedingState | null;
  spo2Percent: number | null;
  proteinuria: ProteinuriaLevel | null;
  fundus: FundusState | null;
  uterineTenderness: boolean | null;
  lochia: LochiaState | null;
  dangerSigns: readonly MaternalDangerSign[];
};

function dedupe(findings: Finding[]): Finding[] {
  const byCode = new Map<string, Finding>();
  for (const f of findings) {
    const seen = byCode.get(f.code);
    if (!seen || (seen.level === 'check' && f.level === 'urgent')) byCode.set(f.code, f);
  }
  return [...byCode.values()];
}

/**
 * Findings for a newborn. Threshold breaches use the codes of the matching danger signs
 * (`fast_breathing`, `fever`, `low_temperature`, `jaundice_first_24h`, `purulent_stump_discharge`,
 * `stump_bleeding`) so that a sign ticked and a sign measured count once. `ageHours` is the baby's age
 * at the contact; `gestationalAgeWeeks` comes from the birth record (`null` when not recorded).
 */
export function newbornFindings(
  o: NewbornObservations,
  ctx: { ageHours: number; gestationalAgeWeeks: number | null },
): Finding[] {
  const out: Finding[] = [];
  for (const sign of o.dangerSigns)
    if (sign !== 'none') out.push({ code: sign, level: 'urgent', path: 'dangerSigns' });
  if (o.breathingRate !== null && o.breathingRate >= T.newbornFastBreathingPerMin)
    out.push({ code: 'fast_breathing', level: 'urgent', path: 'breathingRate' });
  if (o.temperatureC !== null) {
    if (o.temperatureC >= T.newbornFeverC) out.push({ code: 'fever', level: 'urgent', path: 'temperatureC' });
    else if (o.temperatureC < T.newbornLowTemperatureC)
      out.push({ code: 'low_temperature', level: 'urgent', path: 'temperatureC' });
    else if (o.temperatureC < T.newbornMildHypothermiaBelowC)
      out.push({ code: 'mild_hypothermia', level: 'check', path: 'temperatureC' });
  }
  if (o.jaundice === 'palms_soles')
    out.push({ code: 'jaundice_palms_soles', level: 'urgent', path: 'jaundice' });
  if (o.jaundice !== null && o.jaundice !== 'none' && ctx.ageHours < T.newbornEarlyJaundiceHours)
    out.push({ code: 'jaundice_first_24h', level: 'urgent', path: 'jaundice' });
  if (o.cord === 'pus') out.push({ code: 'purulent_stump_discharge', level: 'urgent', path: 'cord' });
  if (o.cord === 'bleeding') out.push({ code: 'stump_bleeding', level: 'urgent', path: 'cord' });
  if (o.cord === 'red_swollen') out.push({ code: 'umbilical_redness', level: 'check', path: 'cord' });
  if (o.weightGrams !== null && o.weightGrams < T.newbornVeryLowWeightGrams)
    out.push({ code: 'very_low_weight', level: 'urgent', path: 'weightGrams' });
  else if (o.weightGrams !== null && o.weightGrams < T.newbornSmallBabyGrams)
    out.push({ code: 'small_baby', level: 'check', path: 'weightGrams' });
  if (ctx.gestationalAgeWeeks !== null && ctx.gestationalAgeWeeks < T.newbornVeryPretermWeeks)
    out.push({ code: 'very_preterm', level: 'urgent', path: 'gestationalAgeWeeks' });
  return dedupe(out);
}

/**
 * Findings for the mother (facts §8.4). Heavy bleeding is the danger sign "abnormal vaginal bleeding".
 * The uterus and lochia findings call for an infection or bleeding work-up the contact cannot do at home,
 * so they are urgent [D].
 */
export function motherFindings(o: MotherObservations): Finding[] {
  const out: Finding[] = [];
  for (const sign of o.dangerSigns)
    if (sign !== 'none') out.push({ code: sign, level: 'urgent', path: 'dangerSigns' });
  const { systolic: s, diastolic: d } = o;
  if ((s !== null && s >= T.maternalSevereSystolic) || (d !== null && d >= T.maternalSevereDiastolic)) {
    out.push({
      code: 'severe_hypertension',
      level: 'urgent',
      path: s !== null && s >= T.maternalSevereSystolic ? 'systolic' : 'diastolic',
    });
  } else {
    if (s !== null && s >= T.maternalHighSystolic)
      out.push({ code: 'raised_blood_pressure', level: 'check', path: 'systolic' });
    else if (d !== null && d >= T.maternalHighDiastolic)
      out.push({ code: 'raised_blood_pressure', level: 'check', path: 'diastolic' });
    if (s !== null && s < T.maternalLowSystolic)
      out.push({ code: 'low_blood_pressure', level: 'check', path: 'systolic' });
    else if (d !== null && d < T.maternalLowDiastolic)
      out.push({ code: 'low_blood_pressure', level: 'check', path: 'diastolic' });
  }
  if (o.temperatureC !== null && o.temperatureC >= T.maternalFeverC)
    out.push({ code: 'fever', level: 'urgent', path: 'temperatureC' });
  if (o.pulseBpm !== null && (o.pulseBpm < T.maternalLowPulse || o.pulseBpm > T.maternalHighPulse))
    out.push({ code: 'abnormal_pulse', level: 'check', path: 'pulseBpm' });
  if (o.bleeding === 'heavy')
    out.push({ code: 'abnormal_vaginal_bleeding', level: 'urgent', path: 'bleeding' });
  const hypertensive =
    (s !== null && s >= T.maternalHighSystolic) || (d !== null && d >= T.maternalHighDiastolic);
  if (hypertensive && o.proteinuria && PRE_ECLAMPSIA_PROTEINURIA.includes(o.proteinuria))
    out.push({ code: 'pre_eclampsia', level: 'urgent', path: 'proteinuria' });
  else if (hypertensive && o.dangerSigns.some((sign) => PRE_ECLAMPSIA_SYMPTOMS.includes(sign)))
    out.push({ code: 'pre_eclampsia', level: 'urgent', path: 'dangerSigns' });
  if (o.spo2Percent !== null && o.spo2Percent < T.maternalLowSpo2Percent)
    out.push({ code: 'low_oxygen_saturation', level: 'urgent', path: 'spo2Percent' });
  if (o.fundus === 'flaccid') out.push({ code: 'flaccid_fundus', level: 'urgent', path: 'fundus' });
  if (o.uterineTenderness === true)
    out.push({ code: 'uterine_tenderness', level: 'urgent', path: 'uterineTenderness' });
  if (o.lochia === 'foul_smelling')
    out.push({ code: 'foul_smelling_lochia', level: 'urgent', path: 'lochia' });
  return dedupe(out);
}

export function urgentCodes(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.level === 'urgent').map((f) => f.code);
}

export const needsUrgentReferral = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.level === 'urgent');
