import type { ValueOf } from '../closed-set';
import type { Issue } from '../errors';
import { evaluateFilter, type Filter } from '../indicators/filter';
import type {
  BirthInput,
  DeliveryInput,
  DerivedNewborn,
  Discharge,
  NewbornInput,
  PretermBand,
  Procedure,
  WeightBand,
} from './birth.schema';
import { Cutoff, type EencSettings, type KmcCutoffs } from './eenc-settings';
import { localDate } from './local-date';
import { RANGES } from './value-ranges';
import { zonedLocalToIso } from './zoned-time';

/**
 * The version of what `deriveNewborn` and `deliveryFlags` compute from a stored record. Raise it when a
 * change makes them give another answer for a record already saved: the next start re-derives the stored
 * values of every birth once (server/features/births/rederive.service.ts). A unit test fails until it
 * is raised (server/features/births/birth-rules-version.test.ts).
 * 1: issue 12 (practices not applicable after resuscitation, early clamping excused only when not
 *    breathing, the procedures' sequence without a breastfeed, early discharge from the discharge time).
 */
export const BIRTH_RULES_VERSION = 1;

/** Codes of the soft rules: practice deviations saved with the record (never blocking a save). */
export const NewbornFlag = {
  dryingLate: 'drying_late',
  sscNotImmediate: 'ssc_not_immediate',
  sscShort: 'ssc_short',
  separatedBeforeBreastfeed: 'separated_before_breastfeed',
  cordClampedEarly: 'cord_clamped_early',
  bagMaskLate: 'bag_mask_late',
  weighingBeforeBreastfeed: 'weighing_before_breastfeed',
  eyeCareBeforeBreastfeed: 'eye_care_before_breastfeed',
  vitaminKBeforeBreastfeed: 'vitamin_k_before_breastfeed',
  hepatitisBBeforeBreastfeed: 'hepatitis_b_before_breastfeed',
  bathEarly: 'bath_early',
  apgarInconsistent: 'apgar_inconsistent',
  weightGaImplausible: 'weight_ga_implausible',
  ventilatedBreathingBaby: 'ventilated_breathing_baby',
  earlyDischarge: 'early_discharge',
} as const;
export type NewbornFlag = ValueOf<typeof NewbornFlag>;

export const DeliveryFlag = {
  uterotonicLate: 'uterotonic_late',
  uterotonicNotGiven: 'uterotonic_not_given',
  secondBabyNotChecked: 'second_baby_not_checked',
} as const;
export type DeliveryFlag = ValueOf<typeof DeliveryFlag>;

const BEFORE_BREASTFEED_FLAGS: Partial<Record<Procedure, NewbornFlag>> = {
  weighing: NewbornFlag.weighingBeforeBreastfeed,
  eyeCare: NewbornFlag.eyeCareBeforeBreastfeed,
  vitaminK: NewbornFlag.vitaminKBeforeBreastfeed,
  hepatitisB: NewbornFlag.hepatitisBBeforeBreastfeed,
};

export const isLiveBirth = (n: Pick<NewbornInput, 'outcome'>) => n.outcome === 'live_birth';

/** §9.3 birth-weight bands, lightest first: a weight is in the first band it is under the limit of. */
const WEIGHT_BAND_LIMITS = [
  ['elbw', 1000],
  ['vlbw', 1500],
  ['lbw', 2500],
] as const satisfies ReadonlyArray<readonly [WeightBand, number]>;
/** The bands of a low birth weight (under 2500 g), as stored in `weight_band`. */
export const LOW_BIRTH_WEIGHT_BANDS: readonly WeightBand[] = WEIGHT_BAND_LIMITS.map(([band]) => band);

/** §9.3 birth-weight bands. */
export function weightBandOf(grams: number | null): WeightBand {
  return bandOf(WEIGHT_BAND_LIMITS, grams, 'normal');
}

/** §9.3 gestational-age bands (completed weeks), earliest first, as the weight bands. */
const PRETERM_BAND_LIMITS = [
  ['extremely_preterm', 28],
  ['very_preterm', 32],
  ['moderate_late_preterm', 37],
] as const satisfies ReadonlyArray<readonly [PretermBand, number]>;
/** The bands of a preterm birth (before 37 completed weeks), as stored in `preterm_band`. */
export const PRETERM_BIRTH_BANDS: readonly PretermBand[] = PRETERM_BAND_LIMITS.map(([band]) => band);

/** §9.3 gestational-age bands (completed weeks). */
export function pretermBandOf(weeks: number | null): PretermBand {
  return bandOf(PRETERM_BAND_LIMITS, weeks, 'term');
}

/** The first band whose limit a value is under; `unknown` without a value, `above` over every limit. */
function bandOf<Band extends string>(
  limits: ReadonlyArray<readonly [Band, number]>,
  value: number | null,
  above: Band,
): Band | 'unknown' {
  if (value === null) return 'unknown';
  return limits.find(([, under]) => value < under)?.[0] ?? above;
}

/** One part of the KMC rule: a value of the birth record compared with a cut-off. */
export type KmcTerm = {
  field: 'birthWeightGrams' | 'gestationalAgeWeeks';
  op: 'lt' | 'lte';
  value: number;
};

/**
 * The country's KMC rule as data (its cut-offs, §2.7, §9.4): a live-born baby is eligible when any
 * term holds. `isKmcEligible` evaluates it here; the server compiles the same terms to SQL.
 */
export function kmcTerms(s: KmcCutoffs): KmcTerm[] {
  const op = (c: Cutoff) => (c === Cutoff.atOrBelow ? 'lte' : 'lt');
  const terms: KmcTerm[] = [
    { field: 'birthWeightGrams', op: op(s.kmcWeightCutoff), value: s.kmcMaxWeightGrams },
  ];
  if (s.kmcMaxGestationalWeeks !== null)
    terms.push({ field: 'gestationalAgeWeeks', op: op(s.kmcWeeksCutoff), value: s.kmcMaxGestationalWeeks });
  return terms;
}

/**
 * KMC eligibility by the country's cut-offs. Three-valued like SQL's `or`: true when a known value is
 * under its cut-off, `null` when none is and a value needed is missing; always `null` for stillbirths.
 */
export function isKmcEligible(
  n: Pick<NewbornInput, 'outcome' | 'birthWeightGrams'>,
  gaWeeks: number | null,
  settings: KmcCutoffs,
): boolean | null {
  if (!isLiveBirth(n)) return null;
  const values = { birthWeightGrams: n.birthWeightGrams, gestationalAgeWeeks: gaWeeks };
  let unknown = false;
  for (const t of kmcTerms(settings)) {
    const v = values[t.field];
    if (v === null) unknown = true;
    else if (t.op === 'lt' ? v < t.value : v <= t.value) return true;
  }
  return unknown ? null : false;
}

const within = (value: number | null, limit: number) => (value === null ? null : value <= limit);

/** True when any known part fails, null when some part is unknown, else true. */
function allOf(...parts: Array<boolean | null>): boolean | null {
  if (parts.some((p) => p === false)) return false;
  return parts.some((p) => p === null) ? null : true;
}

/**
 * A baby who needed resuscitation (§2.6): not breathing at birth, or ventilated. Written as a filter over
 * the newborn record's columns so that the indicator facts and the postnatal risk markers compile the
 * same rule to SQL.
 */
export const RESUSCITATED_WHERE: Filter = {
  any: [
    { field: 'breathing_at_birth', eq: false },
    { field: 'bag_mask_started_seconds', isNull: false },
  ],
};

export function wasResuscitated(
  n: Pick<NewbornInput, 'breathingAtBirth' | 'bagMaskStartedSeconds'>,
): boolean {
  return evaluateFilter(RESUSCITATED_WHERE, {
    breathing_at_birth: n.breathingAtBirth,
    bag_mask_started_seconds: n.bagMaskStartedSeconds,
  });
}

/**
 * A live-born baby who died in the facility: discharged as died, or died during resuscitation (§2.6: no
 * heart rate after 10 min of ventilation). The second needs no discharge entry. A filter, so that the
 * indicators compile the same rule to SQL (facility neonatal deaths; early breastfeeding leaves the
 * deaths during resuscitation out). The postnatal module's `alive` is this condition negated, compiled
 * from this filter (server/features/pnc/pnc-subjects.sql.ts).
 */
export const DIED_DURING_RESUSCITATION_WHERE: Filter = { field: 'resuscitation_outcome', eq: 'died' };
export const DIED_IN_FACILITY_WHERE: Filter = {
  all: [
    { field: 'outcome', eq: 'live_birth' },
    { any: [{ field: 'discharge_status', eq: 'died' }, DIED_DURING_RESUSCITATION_WHERE] },
  ],
};

export function diedInFacility(
  n: Pick<NewbornInput, 'outcome' | 'discharge' | 'resuscitationOutcome'>,
): boolean {
  return evaluateFilter(DIED_IN_FACILITY_WHERE, {
    outcome: n.outcome,
    discharge_status: n.discharge?.status ?? null,
    resuscitation_outcome: n.resuscitationOutcome,
  });
}

/**
 * When and where the birth happened: the local date of birth at the facility, the instant, and the
 * facility's time zone (a discharge's date and time are local there).
 */
export type BirthTiming = { date: string; bornAt: string | Date; timeZone: string };

/** The instant (epoch ms) a baby left the facility, or null when no time of discharge was recorded. */
export function dischargeInstant(d: Pick<Discharge, 'date' | 'time'>, timeZone: string): number | null {
  if (d.time === null) return null;
  const iso = zonedLocalToIso(`${d.date}T${d.time}`, timeZone);
  return iso === null ? null : Date.parse(iso);
}

const HOUR_MS = 3_600_000;

/**
 * Discharged before the country's minimum stay (§2.5, §8.1: not before 24 h). With the time of
 * discharge, measured from the birth; without it (records made before the time was asked), only a
 * discharge on the day of birth is certainly too early, and only when the minimum is a full day.
 */
function isEarlyDischarge(d: Discharge, birth: BirthTiming, settings: EencSettings): boolean {
  const left = dischargeInstant(d, birth.timeZone);
  if (left === null) return d.date === birth.date && settings.minStayHours >= 24;
  return left - new Date(birth.bornAt).getTime() < settings.minStayHours * HOUR_MS;
}

/** The practices of a baby not born alive: none applies. */
export const NO_PRACTICES = {
  immediateDrying: null,
  immediateSsc: null,
  sscFullNoSeparation: null,
  delayedCordClamping: null,
  earlyBreastfeeding: null,
  bagMaskWithinTarget: null,
} as const;

/**
 * The practices, bands and soft flags of one newborn (facts sheet §2, §9.4). Pure: same answer on server
 * and form. Without `birth` the discharge is not judged (a rule table that has no birth time).
 */
export function deriveNewborn(
  n: NewbornInput,
  delivery: Pick<DeliveryInput, 'mode' | 'gestationalAgeWeeks'>,
  settings: EencSettings,
  birth?: BirthTiming,
): DerivedNewborn {
  const weightBand = weightBandOf(n.birthWeightGrams);
  const pretermBand = pretermBandOf(delivery.gestationalAgeWeeks);
  const kmcEligible = isKmcEligible(n, delivery.gestationalAgeWeeks, settings);
  const flags: NewbornFlag[] = [];
  const ga = delivery.gestationalAgeWeeks;
  const w = n.birthWeightGrams;
  if (w !== null && ga !== null && ((w > 4500 && ga < 32) || (w < 1000 && ga >= 40)))
    flags.push(NewbornFlag.weightGaImplausible);
  if (!isLiveBirth(n)) {
    return { weightBand, pretermBand, kmcEligible, flags, practices: { ...NO_PRACTICES } };
  }
  const sscLimit =
    delivery.mode === 'caesarean'
      ? settings.immediateSscMinutesCaesarean
      : settings.immediateSscMinutesVaginal;
  const immediateDrying = within(n.dryingStartedSeconds, settings.immediateDryingSeconds);
  const resuscitated = wasResuscitated(n);
  // A resuscitated baby is moved to the resuscitation area and returned to skin-to-skin once stable
  // (§2.6 step 7): immediate, unbroken skin-to-skin does not apply (null, "not applicable"), as the
  // skin-to-skin indicators leave resuscitated babies out of their denominators.
  const immediateSsc = resuscitated ? null : within(n.sscStartedMinutes, sscLimit);
  const sscLongEnough =
    resuscitated || n.sscDurationMinutes === null
      ? null
      : n.sscDurationMinutes >= settings.sscMinDurationMinutes;
  const notSeparated =
    resuscitated || n.separatedBeforeBreastfeed === null ? null : !n.separatedBeforeBreastfeed;
  // Early clamping is right only for a baby who needs resuscitation, i.e. is not breathing at birth
  // (§2.6). Ventilating a breathing baby is itself a practice to stop (§2.9) and excuses nothing.
  const delayedCordClamping =
    n.breathingAtBirth === false || n.cordClampedMinutes === null
      ? null
      : n.cordClampedMinutes >= settings.delayedCordClampMinutes;
  // A baby who died during resuscitation could never be breastfed: not applicable.
  const earlyBreastfeeding =
    n.resuscitationOutcome === 'died'
      ? null
      : within(n.breastfeedStartedMinutes, settings.earlyBreastfeedingMinutes);
  const bagMaskWithinTarget =
    n.breathingAtBirth === false
      ? n.bagMaskStartedSeconds === null
        ? false
        : n.bagMaskStartedSeconds <= settings.bagMaskWithinSeconds
      : null;
  const practices = {
    immediateDrying,
    immediateSsc,
    sscFullNoSeparation: allOf(immediateSsc, sscLongEnough, notSeparated),
    delayedCordClamping,
    earlyBreastfeeding,
    bagMaskWithinTarget,
  };
  if (immediateDrying === false) flags.push(NewbornFlag.dryingLate);
  if (immediateSsc === false) flags.push(NewbornFlag.sscNotImmediate);
  if (sscLongEnough === false) flags.push(NewbornFlag.sscShort);
  if (notSeparated === false) flags.push(NewbornFlag.separatedBeforeBreastfeed);
  if (delayedCordClamping === false) flags.push(NewbornFlag.cordClampedEarly);
  if (bagMaskWithinTarget === false) flags.push(NewbornFlag.bagMaskLate);
  // Routine procedures wait for the first full breastfeed (§2.3), which the first 90 minutes of
  // skin-to-skin are kept for (0–90 min band; procedures belong to the 90 min–6 h band, §2.4). When no
  // breastfeed is recorded, a procedure inside that window (the country's skin-to-skin duration) took
  // the time kept for the first breastfeed and is flagged; a later one cannot be judged. Not for a resuscitated baby, whose care
  // (weighing for a referral, say) is not the routine sequence of a breathing baby.
  const firstFeed =
    n.breastfeedCompletedMinutes ??
    n.breastfeedStartedMinutes ??
    (resuscitated ? null : settings.sscMinDurationMinutes);
  for (const [procedure, flag] of Object.entries(BEFORE_BREASTFEED_FLAGS) as Array<
    [Procedure, NewbornFlag]
  >) {
    const p = n.procedures[procedure];
    if (p?.done && p.minutes !== null && firstFeed !== null && p.minutes < firstFeed) flags.push(flag);
  }
  const bath = n.procedures.bath;
  if (bath?.done && bath.minutes !== null && bath.minutes < settings.bathMinHours * 60)
    flags.push(NewbornFlag.bathEarly);
  if (n.apgar1 !== null && n.apgar1 >= 7 && resuscitated) flags.push(NewbornFlag.apgarInconsistent);
  if (n.breathingAtBirth === true && n.bagMaskStartedSeconds !== null)
    flags.push(NewbornFlag.ventilatedBreathingBaby);
  if (n.discharge && birth && isEarlyDischarge(n.discharge, birth, settings))
    flags.push(NewbornFlag.earlyDischarge);
  return { weightBand, pretermBand, kmcEligible, flags, practices };
}

/** Soft flags of the mother's care during delivery (§2.8). */
export function deliveryFlags(
  d: Pick<DeliveryInput, 'uterotonicGiven' | 'uterotonicMinutes' | 'secondBabyChecked'>,
  settings: EencSettings,
): DeliveryFlag[] {
  const flags: DeliveryFlag[] = [];
  if (d.uterotonicGiven === false) flags.push(DeliveryFlag.uterotonicNotGiven);
  if (
    d.uterotonicGiven === true &&
    d.uterotonicMinutes !== null &&
    d.uterotonicMinutes > settings.uterotonicWithinMinutes
  ) {
    flags.push(DeliveryFlag.uterotonicLate);
  }
  if (d.uterotonicGiven === true && d.secondBabyChecked === false)
    flags.push(DeliveryFlag.secondBabyNotChecked);
  return flags;
}

/** Fields that make no sense for a stillborn baby (§9.4): practices of the living, feeding, discharge. */
const LIVE_ONLY_FIELDS = [
  'sscStartedMinutes',
  'sscDurationMinutes',
  'separatedBeforeBreastfeed',
  'breastfeedStartedMinutes',
  'breastfeedCompletedMinutes',
  'kmcInitiated',
  'discharge',
] as const;

/** Default earliest date of birth in the register (server setting REGISTER_EARLIEST_BIRTH_DATE). */
export const DEFAULT_EARLIEST_BIRTH_DATE = '2000-01-01';
/** No birth before this date, even through an import allowed to load older births: nothing older is plausible. */
export const ABSOLUTE_EARLIEST_BIRTH_DATE = '1900-01-01';
const DAY_MS = 86_400_000;

export type RuleContext = {
  now: Date;
  timeZone: string;
  /**
   * Earliest local date of birth (YYYY-MM-DD) accepted; default DEFAULT_EARLIEST_BIRTH_DATE. null only for
   * an import of older births (allowBefore), which is still held to ABSOLUTE_EARLIEST_BIRTH_DATE.
   */
  earliestBirthDate?: string | null | undefined;
};

/**
 * Hard rules: data that cannot be true. Each problem comes back with the path of the input it belongs
 * to, so the form can show it there. Range checks live in the schema; these are the cross-field ones.
 */
export function checkBirth(b: BirthInput, ctx: RuleContext): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string, params?: Record<string, unknown>) =>
    issues.push({ path, message, ...(params ? { params } : {}) });
  const bornAt = new Date(b.delivery.bornAt);
  const nowMs = ctx.now.getTime() + RANGES.futureToleranceMinutes * 60_000;
  if (bornAt.getTime() > nowMs) add('delivery.bornAt', 'births.bornAtFuture');
  const birthDate = localDate(bornAt, ctx.timeZone);
  const earliest = ctx.earliestBirthDate === undefined ? DEFAULT_EARLIEST_BIRTH_DATE : ctx.earliestBirthDate;
  const floor = earliest && earliest > ABSOLUTE_EARLIEST_BIRTH_DATE ? earliest : ABSOLUTE_EARLIEST_BIRTH_DATE;
  // Compared as instants too: a date before year 1000 is not formatted with four digits everywhere.
  if (birthDate < floor || bornAt.getTime() < Date.parse(`${floor}T00:00:00Z`) - DAY_MS)
    add('delivery.bornAt', 'births.bornAtTooEarly', { date: floor });
  const birthYear = Number(birthDate.slice(0, 4));

  if (b.newborns.length !== b.delivery.babyCount) {
    add('delivery.babyCount', 'births.babyCountMismatch', { count: b.newborns.length });
  }
  const m = b.mother;
  if (m.birthYear !== null) {
    const age = birthYear - m.birthYear;
    if (age < RANGES.motherAgeYears.min || age > RANGES.motherAgeYears.max)
      add('mother.birthYear', 'births.motherBirthYearRange');
    else if (m.age !== null && Math.abs(age - m.age) > 1)
      add('mother.age', 'births.ageBirthYearMismatch', { age });
  }
  if (b.delivery.uterotonicMinutes !== null && b.delivery.uterotonicGiven !== true) {
    add('delivery.uterotonicMinutes', 'births.minutesWithoutGiven');
  }
  if (
    b.delivery.uterotonicMinutes !== null &&
    bornAt.getTime() + b.delivery.uterotonicMinutes * 60_000 > nowMs
  ) {
    add('delivery.uterotonicMinutes', 'births.stepInFuture');
  }

  const orders = new Set<number>();
  b.newborns.forEach((n, i) => {
    const p = (field: string) => `newborns.${i}.${field}`;
    if (orders.has(n.birthOrder)) add(p('birthOrder'), 'births.birthOrderDuplicate');
    else if (n.birthOrder > b.delivery.babyCount)
      add(p('birthOrder'), 'births.birthOrderAboveCount', { count: b.delivery.babyCount });
    orders.add(n.birthOrder);

    if (!isLiveBirth(n)) {
      for (const f of LIVE_ONLY_FIELDS) if (n[f] !== null) add(p(f), 'births.notForStillbirth');
      for (const proc of ['eyeCare', 'vitaminK', 'hepatitisB', 'bath'] as const) {
        if (n.procedures[proc] !== null) add(p(`procedures.${proc}`), 'births.notForStillbirth');
      }
      if (n.breathingAtBirth === true) add(p('breathingAtBirth'), 'births.stillbirthBreathing');
      if (n.apgar1 !== null && n.apgar1 !== 0) add(p('apgar1'), 'births.stillbirthApgar');
      if (n.apgar5 !== null && n.apgar5 !== 0) add(p('apgar5'), 'births.stillbirthApgar');
      return;
    }
    if (
      n.breastfeedStartedMinutes !== null &&
      n.breastfeedCompletedMinutes !== null &&
      n.breastfeedCompletedMinutes < n.breastfeedStartedMinutes
    ) {
      add(p('breastfeedCompletedMinutes'), 'births.completedBeforeStarted');
    }
    if (n.resuscitationOutcome !== null && n.bagMaskStartedSeconds === null)
      add(p('resuscitationOutcome'), 'births.outcomeWithoutBagMask');
    for (const [name, proc] of Object.entries(n.procedures)) {
      if (proc && !proc.done && proc.minutes !== null)
        add(p(`procedures.${name}.minutes`), 'births.minutesWithoutGiven');
    }
    const stepMinutes: Array<[string, number | null]> = [
      ['dryingStartedSeconds', n.dryingStartedSeconds === null ? null : n.dryingStartedSeconds / 60],
      ['sscStartedMinutes', n.sscStartedMinutes],
      ['cordClampedMinutes', n.cordClampedMinutes],
      ['breastfeedStartedMinutes', n.breastfeedStartedMinutes],
      ['breastfeedCompletedMinutes', n.breastfeedCompletedMinutes],
      ['bagMaskStartedSeconds', n.bagMaskStartedSeconds === null ? null : n.bagMaskStartedSeconds / 60],
      ...Object.entries(n.procedures).map(([k, v]): [string, number | null] => [
        `procedures.${k}.minutes`,
        v?.minutes ?? null,
      ]),
    ];
    for (const [field, minutes] of stepMinutes) {
      if (minutes !== null && bornAt.getTime() + minutes * 60_000 > nowMs)
        add(p(field), 'births.stepInFuture');
    }
    if (n.discharge) {
      if (n.discharge.date < birthDate) add(p('discharge.date'), 'births.dischargeBeforeBirth');
      if (n.discharge.date > localDate(new Date(nowMs), ctx.timeZone))
        add(p('discharge.date'), 'births.dischargeInFuture');
      const left = dischargeInstant(n.discharge, ctx.timeZone);
      // On the day of birth or today, the time decides (the date alone was checked above).
      if (left !== null && n.discharge.date === birthDate && left < bornAt.getTime())
        add(p('discharge.time'), 'births.dischargeBeforeBirth');
      else if (left !== null && left > nowMs && n.discharge.date <= localDate(new Date(nowMs), ctx.timeZone))
        add(p('discharge.time'), 'births.stepInFuture');
      if (n.resuscitationOutcome === 'died' && n.discharge.status !== 'died')
        add(p('discharge.status'), 'births.dischargeAfterDeath');
    }
  });
  return issues;
}
