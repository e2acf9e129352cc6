import { describe, expect, it } from 'vitest';
import { type BirthInput, BirthInputSchema, NewbornInputSchema } from './birth.schema';
import { buildBirth, buildNewbornRaw } from './birth-builders';
import {
  checkBirth,
  deliveryFlags,
  deriveNewborn,
  diedInFacility,
  isKmcEligible,
  kmcTerms,
  pretermBandOf,
  weightBandOf,
} from './birth-rules';
import {
  type EencSettings,
  EencSettingsSchema,
  KMC_PRESETS,
  DEFAULT_EENC_SETTINGS as S,
} from './eenc-settings';

const ctx = { now: new Date('2026-03-12T00:00:00Z'), timeZone: 'Asia/Ho_Chi_Minh' };
type DeliveryCtx = {
  mode: 'spontaneous_vaginal' | 'assisted_vaginal' | 'caesarean';
  gestationalAgeWeeks: number | null;
};
const vaginal: DeliveryCtx = { mode: 'spontaneous_vaginal', gestationalAgeWeeks: 39 };
const caesarean: DeliveryCtx = { mode: 'caesarean', gestationalAgeWeeks: 39 };
const newborn = (o: Parameters<typeof buildNewbornRaw>[0] = {}) =>
  NewbornInputSchema.parse(buildNewbornRaw(o));
const flagsOf = (o: Parameters<typeof buildNewbornRaw>[0], d: DeliveryCtx = vaginal, s: EencSettings = S) =>
  deriveNewborn(newborn(o), d, s).flags;
const paths = (b: BirthInput) => checkBirth(b, ctx).map((i) => `${i.path}:${i.message}`);

describe('bands (§9.3)', () => {
  it.each([
    [null, 'unknown'],
    [999, 'elbw'],
    [1000, 'vlbw'],
    [1499, 'vlbw'],
    [1500, 'lbw'],
    [2499, 'lbw'],
    [2500, 'normal'],
  ] as const)('weight %s g is %s', (g, band) => expect(weightBandOf(g)).toBe(band));

  it.each([
    [null, 'unknown'],
    [27, 'extremely_preterm'],
    [28, 'very_preterm'],
    [31, 'very_preterm'],
    [32, 'moderate_late_preterm'],
    [36, 'moderate_late_preterm'],
    [37, 'term'],
  ] as const)('%s weeks is %s', (w, band) => expect(pretermBandOf(w)).toBe(band));
});

describe('KMC eligibility by the country cut-offs', () => {
  const who: EencSettings = { ...S, ...KMC_PRESETS.who2022 };
  const weeksAtOrBelow34: EencSettings = {
    ...S,
    kmcMaxWeightGrams: 1800,
    kmcWeightCutoff: 'below',
    kmcMaxGestationalWeeks: 34,
    kmcWeeksCutoff: 'at_or_below',
  };
  const rules = { eenc: S, who, weeksAtOrBelow34 };
  it.each([
    ['eenc', 1999, 39, true],
    ['eenc', 2000, 39, true],
    ['eenc', 2001, 30, false],
    ['eenc', null, 30, null],
    ['who', 2499, 39, true],
    ['who', 2500, 37, false],
    ['who', 2500, 36, true],
    ['who', null, 36, true],
    ['who', null, 38, null],
    ['who', 3000, null, null],
    ['weeksAtOrBelow34', 3000, 34, true],
    ['weeksAtOrBelow34', 1800, 35, false],
    ['weeksAtOrBelow34', 1799, null, true],
  ] as const)('%s: %s g at %s weeks → %s', (rule, w, ga, expected) => {
    expect(isKmcEligible({ outcome: 'live_birth', birthWeightGrams: w }, ga, rules[rule])).toBe(expected);
  });
  it('is never decided for a stillbirth', () => {
    expect(isKmcEligible({ outcome: 'fresh_stillbirth', birthWeightGrams: 1200 }, 30, S)).toBeNull();
  });
  it('is the EENC preset (2,000 g or less, weight only) by default', () => {
    expect(kmcTerms(S)).toEqual([{ field: 'birthWeightGrams', op: 'lte', value: 2000 }]);
  });
});

describe('EENC settings validation', () => {
  it.each([
    [{ kmcMaxWeightGrams: 999 }, 'kmcMaxWeightGrams', 'births.kmcWeightRange'],
    [{ kmcMaxWeightGrams: 2000.5 }, 'kmcMaxWeightGrams', 'births.kmcWeightRange'],
    [{ kmcMaxWeightGrams: null }, 'kmcMaxWeightGrams', 'births.kmcWeightRange'],
    [{ kmcMaxGestationalWeeks: 43 }, 'kmcMaxGestationalWeeks', 'births.kmcWeeksRange'],
    [{ kmcWeeksCutoff: 'above' }, 'kmcWeeksCutoff', 'births.kmcCutoffKind'],
  ])('refuses %j with %s: %s', (patch, path, message) => {
    const r = EencSettingsSchema.safeParse({ ...S, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[path, message]]);
  });
  it('accepts weight only (no gestational-age cut-off)', () => {
    expect(EencSettingsSchema.safeParse({ ...S, kmcMaxGestationalWeeks: null }).success).toBe(true);
  });
});

describe('practice flags (soft rules, §2 and §9.4)', () => {
  it('raises no flag for a birth done as recommended', () => {
    expect(flagsOf({})).toEqual([]);
  });
  it.each([
    [{ dryingStartedSeconds: 5 }, []],
    [{ dryingStartedSeconds: 6 }, ['drying_late']],
    [{ sscStartedMinutes: 1 }, []],
    [{ sscStartedMinutes: 1.5 }, ['ssc_not_immediate']],
    [{ sscDurationMinutes: 90 }, []],
    [{ sscDurationMinutes: 89 }, ['ssc_short']],
    [{ separatedBeforeBreastfeed: true }, ['separated_before_breastfeed']],
    [{ cordClampedMinutes: 1 }, []],
    [{ cordClampedMinutes: 0.5 }, ['cord_clamped_early']],
  ] as const)('vaginal birth with %o → %o', (o, expected) => expect(flagsOf(o)).toEqual(expected));

  it.each([
    [3, []],
    [3.5, ['ssc_not_immediate']],
  ] as const)('caesarean: skin-to-skin at %s min → %o', (m, expected) => {
    expect(flagsOf({ sscStartedMinutes: m }, caesarean)).toEqual(expected);
  });

  it('does not count early clamping against a resuscitated baby', () => {
    const d = deriveNewborn(
      newborn({
        breathingAtBirth: false,
        bagMaskStartedSeconds: 50,
        cordClampedMinutes: 0.3,
        resuscitationOutcome: 'breathing',
      }),
      vaginal,
      S,
    );
    expect(d.flags).not.toContain('cord_clamped_early');
    expect(d.practices.delayedCordClamping).toBeNull();
    expect(d.practices.bagMaskWithinTarget).toBe(true);
  });

  it.each([
    [60, true, []],
    [61, false, ['bag_mask_late']],
    [null, false, ['bag_mask_late']],
  ] as const)('not breathing, bag-and-mask at %s s → within target %s', (s, within, flags) => {
    const d = deriveNewborn(
      newborn({ apgar1: 4, breathingAtBirth: false, bagMaskStartedSeconds: s, cordClampedMinutes: 0.5 }),
      vaginal,
      S,
    );
    expect(d.practices.bagMaskWithinTarget).toBe(within);
    expect(d.flags).toEqual(flags);
  });

  it.each([
    ['weighing', 'weighing_before_breastfeed'],
    ['eyeCare', 'eye_care_before_breastfeed'],
    ['vitaminK', 'vitamin_k_before_breastfeed'],
    ['hepatitisB', 'hepatitis_b_before_breastfeed'],
  ] as const)('flags %s done before the first complete breastfeed, not at the same minute', (proc, flag) => {
    const base = buildNewbornRaw().procedures!;
    expect(flagsOf({ procedures: { ...base, [proc]: { done: true, minutes: 59 } } })).toEqual([flag]);
    expect(flagsOf({ procedures: { ...base, [proc]: { done: true, minutes: 60 } } })).toEqual([]);
  });

  it('compares with the start of the first breastfeed when its end is not recorded', () => {
    const base = buildNewbornRaw().procedures!;
    expect(
      flagsOf({
        breastfeedCompletedMinutes: null,
        procedures: { ...base, weighing: { done: true, minutes: 19 } },
      }),
    ).toEqual(['weighing_before_breastfeed']);
  });

  it.each([
    [24 * 60, S, []],
    [24 * 60 - 1, S, ['bath_early']],
    [6 * 60, { ...S, bathMinHours: 6 }, []],
  ] as const)('bath at %s min → %o', (minutes, settings, expected) => {
    const base = buildNewbornRaw().procedures!;
    expect(flagsOf({ procedures: { ...base, bath: { done: true, minutes } } }, vaginal, settings)).toEqual(
      expected,
    );
  });

  it('flags an Apgar of 7 or more at 1 min for a baby who was not breathing', () => {
    expect(flagsOf({ apgar1: 7, breathingAtBirth: false, bagMaskStartedSeconds: 40 })).toContain(
      'apgar_inconsistent',
    );
    expect(flagsOf({ apgar1: 6, breathingAtBirth: false, bagMaskStartedSeconds: 40 })).not.toContain(
      'apgar_inconsistent',
    );
  });

  it.each([
    [4501, 31, true],
    [4500, 31, false],
    [4501, 32, false],
    [999, 40, true],
    [1000, 40, false],
    [999, 39, false],
  ] as const)('weight %s g at %s weeks implausible: %s', (w, ga, flagged) => {
    expect(
      flagsOf({ birthWeightGrams: w }, { mode: 'spontaneous_vaginal', gestationalAgeWeeks: ga }).includes(
        'weight_ga_implausible',
      ),
    ).toBe(flagged);
  });

  it('flags bag-and-mask on a breathing baby (a practice to stop)', () => {
    expect(flagsOf({ bagMaskStartedSeconds: 30 })).toContain('ventilated_breathing_baby');
  });

  // Born 2026-03-10 at 02:15 in Viet Nam (the builder's time of birth).
  const born = { date: '2026-03-10', bornAt: '2026-03-10T02:15:00+07:00', timeZone: 'Asia/Ho_Chi_Minh' };
  it.each([
    ['the day of birth, no time recorded (calendar fallback)', '2026-03-10', null, 24, true],
    ['the next day, no time recorded: cannot tell', '2026-03-11', null, 24, false],
    ['the next day at 01:00, 22 h 45 after birth', '2026-03-11', '01:00', 24, true],
    ['the next day at 02:14, one minute short of 24 h', '2026-03-11', '02:14', 24, true],
    ['the next day at 02:15, exactly 24 h', '2026-03-11', '02:15', 24, false],
    ['the day of birth at 20:00', '2026-03-10', '20:00', 24, true],
    ['the day of birth, no time, minimum stay 6 h', '2026-03-10', null, 6, false],
    ['the day of birth at 08:00 (5 h 45), minimum stay 6 h', '2026-03-10', '08:00', 6, true],
    ['the day of birth at 09:00 (6 h 45), minimum stay 6 h', '2026-03-10', '09:00', 6, false],
  ] as const)('early discharge: %s → %s', (_name, date, time, minStayHours, early) => {
    const n = newborn({ discharge: { date, time, status: 'alive', exclusiveBreastfeeding: true } });
    const flags = deriveNewborn(n, vaginal, { ...S, minStayHours }, born).flags;
    expect(flags).toEqual(early ? ['early_discharge'] : []);
  });

  it('computes skin-to-skin ≥ 90 min without separation only when every part is known', () => {
    expect(deriveNewborn(newborn({}), vaginal, S).practices.sscFullNoSeparation).toBe(true);
    expect(
      deriveNewborn(newborn({ separatedBeforeBreastfeed: null }), vaginal, S).practices.sscFullNoSeparation,
    ).toBeNull();
    expect(
      deriveNewborn(newborn({ separatedBeforeBreastfeed: null, sscDurationMinutes: 30 }), vaginal, S)
        .practices.sscFullNoSeparation,
    ).toBe(false);
  });

  it.each([
    [60, true],
    [61, false],
  ] as const)('early breastfeeding: first feed at %s min → %s', (m, expected) => {
    expect(
      deriveNewborn(newborn({ breastfeedStartedMinutes: m, breastfeedCompletedMinutes: 90 }), vaginal, S)
        .practices.earlyBreastfeeding,
    ).toBe(expected);
  });

  it('has no practices for a stillbirth', () => {
    const d = deriveNewborn(
      NewbornInputSchema.parse({
        birthOrder: 1,
        sex: 'male',
        outcome: 'macerated_stillbirth',
        birthWeightGrams: 1800,
      }),
      vaginal,
      S,
    );
    expect(Object.values(d.practices).every((v) => v === null)).toBe(true);
    expect(d.weightBand).toBe('lbw');
  });
});

describe('practices that do not apply (facts sheet §2.3, §2.6, §2.9)', () => {
  const ventilated = {
    breathingAtBirth: false,
    bagMaskStartedSeconds: 40,
    resuscitationOutcome: 'breathing' as const,
  };
  const ventilatedBreathing = { breathingAtBirth: true, bagMaskStartedSeconds: 40 };
  const lateSsc = { sscStartedMinutes: 20, sscDurationMinutes: 40, separatedBeforeBreastfeed: true };
  it.each([
    ['breathing baby', false, false, ['ssc_not_immediate', 'ssc_short', 'separated_before_breastfeed'], {}],
    ['baby not breathing, ventilated', null, null, [], ventilated],
    ['breathing baby ventilated anyway', null, null, [], ventilatedBreathing],
  ] as const)(
    'skin-to-skin at 20 min for 40 min, separated: %s → immediate %s, full %s, flags %o',
    (_, immediate, full, flags, o) => {
      const d = deriveNewborn(newborn({ ...o, ...lateSsc }), vaginal, S);
      expect(d.practices.immediateSsc).toBe(immediate);
      expect(d.practices.sscFullNoSeparation).toBe(full);
      expect(d.flags.filter((f) => f.startsWith('ssc_') || f.startsWith('separated_'))).toEqual(flags);
    },
  );

  it.each([
    ['breathing baby', false, ['cord_clamped_early'], {}],
    ['breathing baby ventilated anyway', false, ['cord_clamped_early'], ventilatedBreathing],
    ['baby not breathing, ventilated', null, [], ventilated],
    ['baby not breathing, no bag-and-mask recorded', null, [], { breathingAtBirth: false }],
  ] as const)('cord clamped at 30 s: %s → delayed %s, flags %o', (_, delayed, flags, o) => {
    const d = deriveNewborn(newborn({ ...o, cordClampedMinutes: 0.5 }), vaginal, S);
    expect(d.practices.delayedCordClamping).toBe(delayed);
    expect(d.flags.filter((f) => f === 'cord_clamped_early')).toEqual(flags);
  });

  // No breastfeed recorded: a procedure inside the first 90 minutes (the country's skin-to-skin duration,
  // kept for the first full breastfeed) is certainly before it. The other procedures are at 100–110 min.
  const noFeed = { breastfeedStartedMinutes: null, breastfeedCompletedMinutes: null };
  const sscFor120 = { ...S, sscMinDurationMinutes: 120 };
  const settingsByName = { default: S, sscFor120 };
  it.each([
    ['weighing', 30, 'breathing', 'default', ['weighing_before_breastfeed']],
    ['vitaminK', 89, 'breathing', 'default', ['vitamin_k_before_breastfeed']],
    ['eyeCare', 90, 'breathing', 'default', []],
    ['weighing', 100, 'breathing', 'default', []],
    [
      'hepatitisB',
      130,
      'breathing',
      'sscFor120',
      ['weighing_before_breastfeed', 'eye_care_before_breastfeed', 'vitamin_k_before_breastfeed'],
    ],
    ['weighing', 30, 'resuscitated', 'default', []],
  ] as const)(
    'no breastfeed recorded: %s at %s min, %s baby, %s settings → %o',
    (proc, minutes, baby, settings, expected) => {
      const base = buildNewbornRaw().procedures!;
      const procedures = { ...base, [proc]: { done: true, minutes } };
      const o = baby === 'resuscitated' ? ventilated : {};
      const flags = deriveNewborn(
        newborn({ ...o, ...noFeed, procedures }),
        vaginal,
        settingsByName[settings],
      ).flags;
      expect(flags.filter((f) => f.endsWith('_before_breastfeed'))).toEqual(expected);
    },
  );
});

describe('died in the facility (§2.6, §9.4)', () => {
  const resuscitation = (outcome: 'breathing' | 'referred' | 'died' | null) => ({
    breathingAtBirth: false,
    bagMaskStartedSeconds: outcome === null ? null : 40,
    resuscitationOutcome: outcome,
    ...(outcome === 'died' ? { breastfeedStartedMinutes: null, breastfeedCompletedMinutes: null } : {}),
  });
  const discharged = (status: 'alive' | 'died' | 'referred') => ({
    discharge: { date: '2026-03-10', status, exclusiveBreastfeeding: null },
  });
  it.each([
    ['breathing baby, not discharged', false, {}],
    ['discharged alive', false, discharged('alive')],
    ['discharged as died', true, discharged('died')],
    ['died during resuscitation, no discharge entry', true, resuscitation('died')],
    [
      'died during resuscitation, discharge as died',
      true,
      { ...resuscitation('died'), ...discharged('died') },
    ],
    ['resuscitated, breathing', false, resuscitation('breathing')],
    ['resuscitated, referred', false, resuscitation('referred')],
  ] as const)('%s → died in facility: %s', (_, died, o) => {
    expect(diedInFacility(newborn(o))).toBe(died);
  });

  it('is never true for a stillbirth', () => {
    expect(
      diedInFacility({ outcome: 'fresh_stillbirth', discharge: null, resuscitationOutcome: 'died' }),
    ).toBe(false);
  });

  it('has no early-breastfeeding practice for a baby who died during resuscitation (not applicable)', () => {
    expect(deriveNewborn(newborn(resuscitation('died')), vaginal, S).practices.earlyBreastfeeding).toBeNull();
  });
});

describe('delivery flags', () => {
  const d = (o: Partial<BirthInput['delivery']>) => ({ ...buildBirth().delivery, ...o });
  it.each([
    [{ uterotonicMinutes: 1 }, []],
    [{ uterotonicMinutes: 2 }, ['uterotonic_late']],
    [{ uterotonicGiven: false, uterotonicMinutes: null }, ['uterotonic_not_given']],
    [{ secondBabyChecked: false }, ['second_baby_not_checked']],
  ] as const)('%o → %o', (o, expected) => expect(deliveryFlags(d(o), S)).toEqual(expected));
});

describe('hard rules (checkBirth)', () => {
  it('accepts a normal birth', () => {
    expect(paths(buildBirth())).toEqual([]);
  });
  it('refuses a time of birth in the future (beyond 5 min of clock skew)', () => {
    const bornAtIssue = 'delivery.bornAt:births.bornAtFuture';
    expect(paths(buildBirth({ delivery: { bornAt: '2026-03-12T00:04:00Z' } }))).not.toContain(bornAtIssue);
    expect(paths(buildBirth({ delivery: { bornAt: '2026-03-12T00:06:00Z' } }))).toContain(bornAtIssue);
  });
  it('refuses a date of birth before the earliest date of the context (local date; default 2000-01-01)', () => {
    const at = (bornAt: string, earliestBirthDate?: string | null) =>
      checkBirth(buildBirth({ delivery: { bornAt } }), { ...ctx, earliestBirthDate }).filter(
        (i) => i.message === 'births.bornAtTooEarly',
      );
    // 17:30 UTC on 31 December 1999 is already 1 January 2000 in Viet Nam.
    expect(at('1999-12-31T17:30:00Z')).toEqual([]);
    expect(at('1999-12-31T16:30:00Z')).toEqual([
      { path: 'delivery.bornAt', message: 'births.bornAtTooEarly', params: { date: '2000-01-01' } },
    ]);
    expect(at('0001-01-01T00:00:00Z', '2020-01-01')).toHaveLength(1);
    expect(at('2019-06-01T00:00:00Z', '2020-01-01')[0]?.params).toEqual({ date: '2020-01-01' });
    // null (an import of an older register): only births before 1900 are refused.
    expect(at('1950-06-01T00:00:00Z', null)).toEqual([]);
    expect(at('1899-12-31T00:00:00Z', null)[0]?.params).toEqual({ date: '1900-01-01' });
  });
  it('refuses a baby count that does not match the baby records', () => {
    expect(paths(buildBirth({ delivery: { babyCount: 2 } }))).toEqual([
      'delivery.babyCount:births.babyCountMismatch',
    ]);
  });
  it('refuses two babies with the same birth order', () => {
    const b = buildBirth({ delivery: { babyCount: 2 }, newborns: [buildNewbornRaw(), buildNewbornRaw()] });
    expect(paths(b)).toEqual(['newborns.1.birthOrder:births.birthOrderDuplicate']);
  });
  it('refuses breastfeeding, skin-to-skin and discharge data on a stillbirth', () => {
    const b = buildBirth({
      newborns: [
        buildNewbornRaw({
          outcome: 'fresh_stillbirth',
          apgar1: 0,
          apgar5: 0,
          breathingAtBirth: false,
          procedures: undefined,
          discharge: null,
        }),
      ],
    });
    expect(paths(b)).toEqual([
      'newborns.0.sscStartedMinutes:births.notForStillbirth',
      'newborns.0.sscDurationMinutes:births.notForStillbirth',
      'newborns.0.separatedBeforeBreastfeed:births.notForStillbirth',
      'newborns.0.breastfeedStartedMinutes:births.notForStillbirth',
      'newborns.0.breastfeedCompletedMinutes:births.notForStillbirth',
    ]);
  });
  it('refuses a non-zero Apgar and breathing for a stillbirth', () => {
    const b = buildBirth({
      newborns: [
        {
          birthOrder: 1,
          sex: 'male',
          outcome: 'macerated_stillbirth',
          apgar1: 1,
          apgar5: 0,
          breathingAtBirth: true,
        },
      ],
    });
    expect(paths(b)).toEqual([
      'newborns.0.breathingAtBirth:births.stillbirthBreathing',
      'newborns.0.apgar1:births.stillbirthApgar',
    ]);
  });
  it('refuses a breastfeed that ends before it starts', () => {
    expect(
      paths(
        buildBirth({
          newborns: [buildNewbornRaw({ breastfeedStartedMinutes: 30, breastfeedCompletedMinutes: 29 })],
        }),
      ),
    ).toEqual(['newborns.0.breastfeedCompletedMinutes:births.completedBeforeStarted']);
  });
  it('refuses a step timed later than now', () => {
    // Born 2026-03-11 23:00 UTC, now is 2026-03-12 00:00 UTC: 65 minutes after birth is in the future.
    const b = buildBirth({
      delivery: { bornAt: '2026-03-11T23:00:00Z' },
      newborns: [buildNewbornRaw({ breastfeedCompletedMinutes: 66 })],
    });
    expect(paths(b)).toEqual([
      'newborns.0.breastfeedCompletedMinutes:births.stepInFuture',
      'newborns.0.procedures.weighing.minutes:births.stepInFuture',
      'newborns.0.procedures.eyeCare.minutes:births.stepInFuture',
      'newborns.0.procedures.vitaminK.minutes:births.stepInFuture',
      'newborns.0.procedures.hepatitisB.minutes:births.stepInFuture',
    ]);
  });
  it("refuses a discharge dated before the birth (in the facility's time zone)", () => {
    // 2026-03-10T02:15+07:00 is 2026-03-09 in UTC but 2026-03-10 in Viet Nam.
    const b = (date: string) =>
      buildBirth({ newborns: [buildNewbornRaw({ discharge: { date, status: 'alive' } })] });
    expect(paths(b('2026-03-10'))).toEqual([]);
    expect(paths(b('2026-03-09'))).toEqual(['newborns.0.discharge.date:births.dischargeBeforeBirth']);
  });
  it('refuses a discharge time before the birth or later than now (facility time)', () => {
    // Born 2026-03-10 02:15 local; now is 2026-03-12 07:00 local.
    const b = (date: string, time: string) =>
      buildBirth({ newborns: [buildNewbornRaw({ discharge: { date, time, status: 'alive' } })] });
    expect(paths(b('2026-03-10', '02:15'))).toEqual([]);
    expect(paths(b('2026-03-10', '02:00'))).toEqual([
      'newborns.0.discharge.time:births.dischargeBeforeBirth',
    ]);
    expect(paths(b('2026-03-12', '06:59'))).toEqual([]);
    expect(paths(b('2026-03-12', '08:00'))).toEqual(['newborns.0.discharge.time:births.stepInFuture']);
  });
  it.each(['24:00', '7:30', '07:30:00', '07h30'])('refuses the discharge time %j (HH:MM)', (time) => {
    const raw = buildNewbornRaw({ discharge: { date: '2026-03-11', time, status: 'alive' } });
    expect(NewbornInputSchema.safeParse(raw).error?.issues).toEqual([
      expect.objectContaining({ path: ['discharge', 'time'], message: 'births.dischargeTimeFormat' }),
    ]);
  });
  it('refuses a uterotonic time when none was given, and a procedure time when it was not done', () => {
    const b = buildBirth({
      delivery: { uterotonicGiven: false, uterotonicMinutes: 1 },
      newborns: [
        buildNewbornRaw({
          procedures: { ...buildNewbornRaw().procedures!, vitaminK: { done: false, minutes: 30 } },
        }),
      ],
    });
    expect(paths(b)).toEqual([
      'delivery.uterotonicMinutes:births.minutesWithoutGiven',
      'newborns.0.procedures.vitaminK.minutes:births.minutesWithoutGiven',
    ]);
  });
  it('refuses an age that contradicts the birth year, and a birth year giving an impossible age', () => {
    expect(paths(buildBirth({ mother: { age: 27, birthYear: 1999 } }))).toEqual([]);
    expect(paths(buildBirth({ mother: { age: 35, birthYear: 1999 } }))).toEqual([
      'mother.age:births.ageBirthYearMismatch',
    ]);
    expect(paths(buildBirth({ mother: { age: null, birthYear: 2020 } }))).toEqual([
      'mother.birthYear:births.motherBirthYearRange',
    ]);
  });
  it('refuses a resuscitation outcome without a bag-and-mask start, and a survivor discharged after dying', () => {
    const b = buildBirth({
      newborns: [
        buildNewbornRaw({
          breathingAtBirth: false,
          resuscitationOutcome: 'died',
          discharge: { date: '2026-03-11', status: 'alive' },
        }),
      ],
    });
    expect(paths(b)).toEqual([
      'newborns.0.resuscitationOutcome:births.outcomeWithoutBagMask',
      'newborns.0.discharge.status:births.dischargeAfterDeath',
    ]);
  });
});

describe('value ranges in the schema (§9.1)', () => {
  const issuesFor = (o: Parameters<typeof buildNewbornRaw>[0]) => {
    const r = BirthInputSchema.safeParse({ ...buildBirth(), newborns: [buildNewbornRaw(o)] });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
  };
  it.each([
    [{ birthWeightGrams: 500 }, []],
    [{ birthWeightGrams: 499 }, ['newborns.0.birthWeightGrams:births.weightRange']],
    [{ birthWeightGrams: 9000 }, []],
    [{ birthWeightGrams: 9001 }, ['newborns.0.birthWeightGrams:births.weightRange']],
    [{ apgar1: 10 }, []],
    [{ apgar1: 11 }, ['newborns.0.apgar1:births.apgarRange']],
    [{ apgar5: 7.5 }, ['newborns.0.apgar5:births.apgarRange']],
    [{ dryingStartedSeconds: -1 }, ['newborns.0.dryingStartedSeconds:births.secondsRange']],
    [{ sscStartedMinutes: -0.5 }, ['newborns.0.sscStartedMinutes:births.minutesRange']],
  ] as const)('%o → %o', (o, expected) => expect(issuesFor(o)).toEqual(expected));

  it.each([
    [22, true],
    [21, false],
    [42, true],
    [43, false],
  ] as const)('gestational age %s weeks accepted: %s', (ga, ok) => {
    expect(
      BirthInputSchema.safeParse({
        ...buildBirth(),
        delivery: { ...buildBirth().delivery, gestationalAgeWeeks: ga },
      }).success,
    ).toBe(ok);
  });

  it('refuses unknown fields', () => {
    const r = BirthInputSchema.safeParse({ ...buildBirth(), extra: 1 });
    expect(r.success).toBe(false);
  });
});
