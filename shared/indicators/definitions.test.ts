import { describe, expect, it } from 'vitest';
import { buildBirth, buildNewbornRaw, NO_CARE_AFTER_BIRTH } from '../births/birth-builders';
import type { NewbornInputRaw } from '../births/birth.schema';
import { DEFAULT_EENC_SETTINGS } from '../births/eenc-settings';
import {
  buildMeasureRegistry,
  INDICATORS,
  type IndicatorDefinition,
  loadIndicators,
  validateDefinitions,
} from './definitions';
import { evaluateFilter } from './filter';
import { type FacilityDates, toDeliveryFact, toNewbornFacts } from './facts';
import { valuesFromCounts } from './values';

const DATE = '2024-03-10';
const def = (id: string) => INDICATORS.find((d) => d.id === id) as IndicatorDefinition;

type Case = {
  newborn?: Partial<NewbornInputRaw>;
  delivery?: Record<string, unknown>;
  facility?: FacilityDates;
};

/** [in numerator, in denominator] of one indicator for the first baby (or the delivery) of a case. */
function membership(id: string, c: Case): [boolean, boolean] {
  const d = def(id);
  const birth = buildBirth({
    newborns: [buildNewbornRaw(c.newborn)],
    ...(c.delivery ? { delivery: c.delivery } : {}),
  });
  const fact =
    d.source === 'newborn'
      ? toNewbornFacts(
          birth,
          { date: DATE, bornAt: birth.delivery.bornAt, timeZone: 'Asia/Ho_Chi_Minh' },
          DEFAULT_EENC_SETTINGS,
        )[0]!
      : toDeliveryFact(birth, DATE, DEFAULT_EENC_SETTINGS, c.facility);
  return [
    evaluateFilter(d.numerator.where, fact),
    d.denominator ? evaluateFilter(d.denominator.where, fact) : false,
  ];
}

const STILLBIRTH: Partial<NewbornInputRaw> = {
  outcome: 'fresh_stillbirth',
  ...NO_CARE_AFTER_BIRTH,
  breathingAtBirth: null,
  procedures: { weighing: null, eyeCare: null, vitaminK: null, hepatitisB: null, bath: null },
};
const NOT_BREATHING: Partial<NewbornInputRaw> = {
  breathingAtBirth: false,
  bagMaskStartedSeconds: 45,
  resuscitationOutcome: 'breathing',
  apgar1: 4,
  cordClampedMinutes: 0.5,
  sscStartedMinutes: 12,
};

/** No heart rate after 10 min of ventilation (§2.6): no feed, no discharge entry. */
const DIED_RESUSCITATING: Partial<NewbornInputRaw> = {
  ...NOT_BREATHING,
  ...NO_CARE_AFTER_BIRTH,
  resuscitationOutcome: 'died',
  procedures: {
    weighing: { done: true, minutes: 15 },
    eyeCare: null,
    vitaminK: null,
    hepatitisB: null,
    bath: null,
  },
};

describe('indicator library', () => {
  it('loads without problems', () => {
    expect(validateDefinitions(INDICATORS)).toEqual([]);
    expect(() => loadIndicators()).not.toThrow();
  });

  it('collects every problem of broken definitions', () => {
    const broken = [
      { ...def('immediate_ssc'), id: 'dup', denominator: undefined },
      { ...def('immediate_ssc'), id: 'dup', disaggregations: ['sex'], source: 'delivery' },
      { id: 'x' },
    ];
    const messages = validateDefinitions(broken as never).map((i) => i.message);
    expect(messages).toContain('indicators.def.rateNeedsDenominator');
    expect(messages).toContain('indicators.def.duplicateId');
    expect(messages).toContain('indicators.def.dimensionNotInSource');
    expect(messages).toContain('indicators.def.unknownField');
    expect(messages.length).toBeGreaterThan(4);
  });

  it("takes a state at the period's end only from a signed source, without disaggregations", () => {
    const state = { ...def('eenc_facilitators'), id: 'state_at_end' };
    expect(validateDefinitions([state], [])).toEqual([]);
    const messages = (d: object) => validateDefinitions([d] as never, []).map((i) => i.message);
    expect(messages({ ...def('live_births'), periodEnd: true })).toEqual([
      'indicators.def.stateNeedsSignedSource',
    ]);
    expect(messages({ ...state, disaggregations: ['facility_level'] })).toContain(
      'indicators.def.stateNeedsSignedSource',
    );
    // The same condition counted as events and as a state are two measures.
    const registry = buildMeasureRegistry([state, { ...state, id: 'events', periodEnd: undefined }]);
    expect(registry.measures.map((m) => Boolean(m.periodEnd))).toEqual([true, false]);
  });

  it('keeps a variant per calendar grain as a rollup column of its own, shared like the measures', () => {
    const registry = buildMeasureRegistry([
      def('health_workers_coached'),
      def('health_workers_coached_to_standard'),
    ]);
    const coached = registry.measures.find((m) => m.id === registry.parts.health_workers_coached!.numerator)!;
    expect(coached.grains?.quarter?.where).toEqual({ field: 'state', eq: 'coached_quarter' });
    expect(coached.grains?.year?.where).toEqual({ field: 'state', eq: 'coached_year' });
    // The rate's denominator is the same count, variants included: one measure.
    expect(registry.parts.health_workers_coached_to_standard!.denominator).toBe(coached.id);
    // The indicators' measures exclude the variants; the source's rollup columns hold both.
    expect(registry.measures.map((m) => m.id)).not.toContain(coached.grains!.quarter!.id);
    expect(registry.bySource.coaching!.map((m) => m.id)).toEqual(
      expect.arrayContaining([coached.id, coached.grains!.quarter!.id, coached.grains!.year!.id]),
    );
    expect(registry.bySource.coaching).toHaveLength(6);
    // Without the variants, the same condition is another measure.
    const plain = { ...def('health_workers_coached'), id: 'plain' };
    const both = buildMeasureRegistry([
      def('health_workers_coached'),
      { ...plain, numerator: { label: plain.numerator.label, where: plain.numerator.where } },
    ]);
    expect(both.measures).toHaveLength(2);
  });

  it('takes a variant per calendar grain only for events of a rolled-up source', () => {
    const byGrain = { quarter: { field: 'outcome', eq: 'live_birth' } };
    const messages = (d: object) => validateDefinitions([d] as never, []).map((i) => i.message);
    const live = def('live_births');
    expect(messages({ ...live, numerator: { ...live.numerator, byGrain } })).toEqual([]);
    const facilities = def('facilities_introduced');
    expect(
      messages({
        ...facilities,
        numerator: { ...facilities.numerator, byGrain: { year: facilities.numerator.where } },
      }),
    ).toContain('indicators.def.grainNeedsRollup');
    const state = def('eenc_facilitators');
    expect(
      messages({ ...state, numerator: { ...state.numerator, byGrain: { year: state.numerator.where } } }),
    ).toEqual(['indicators.def.grainNeedsRollup']);
    expect(
      messages({ ...live, numerator: { ...live.numerator, byGrain: { quarter: { field: 'nope', eq: 1 } } } }),
    ).toContain('indicators.def.unknownField');
  });

  it('shares one measure between indicators with the same condition', () => {
    const { registry } = loadIndicators();
    expect(registry.parts.immediate_ssc!.denominator).toBe(registry.parts.ssc_90_no_separation!.denominator);
    expect(registry.parts.deliveries!.numerator).toBe(registry.parts.uterotonic_within_1_min!.denominator);
  });
});

describe.each<[string, string, Case, [boolean, boolean]]>([
  // immediate skin-to-skin: caesarean 3-minute rule, stillbirths and resuscitated babies out
  ['immediate_ssc', 'vaginal birth, SSC at 1 min', { newborn: { sscStartedMinutes: 1 } }, [true, true]],
  ['immediate_ssc', 'vaginal birth, SSC at 2 min', { newborn: { sscStartedMinutes: 2 } }, [false, true]],
  [
    'immediate_ssc',
    'caesarean, SSC at 3 min (3-minute rule)',
    { newborn: { sscStartedMinutes: 3 }, delivery: { mode: 'caesarean' } },
    [true, true],
  ],
  [
    'immediate_ssc',
    'caesarean, SSC at 4 min',
    { newborn: { sscStartedMinutes: 4 }, delivery: { mode: 'caesarean' } },
    [false, true],
  ],
  [
    'immediate_ssc',
    'SSC not recorded counts as not done',
    { newborn: { sscStartedMinutes: null } },
    [false, true],
  ],
  ['immediate_ssc', 'stillbirth excluded', { newborn: STILLBIRTH }, [false, false]],
  ['immediate_ssc', 'baby not breathing excluded', { newborn: NOT_BREATHING }, [false, false]],
  // 90 minutes without separation
  ['ssc_90_no_separation', 'immediate, 95 min, not separated', {}, [true, true]],
  ['ssc_90_no_separation', '80 min', { newborn: { sscDurationMinutes: 80 } }, [false, true]],
  [
    'ssc_90_no_separation',
    'separated before the first feed',
    { newborn: { separatedBeforeBreastfeed: true } },
    [false, true],
  ],
  ['ssc_90_no_separation', 'stillbirth excluded', { newborn: STILLBIRTH }, [false, false]],
  // delayed cord clamping: resuscitated babies excluded
  ['delayed_cord_clamping', 'clamped at 2 min', {}, [true, true]],
  ['delayed_cord_clamping', 'clamped at 30 s', { newborn: { cordClampedMinutes: 0.5 } }, [false, true]],
  ['delayed_cord_clamping', 'resuscitated baby excluded', { newborn: NOT_BREATHING }, [false, false]],
  [
    'delayed_cord_clamping',
    'breathing baby ventilated anyway, clamped at 30 s: counted, not met',
    { newborn: { bagMaskStartedSeconds: 30, cordClampedMinutes: 0.5 } },
    [false, true],
  ],
  // resuscitated babies return to skin-to-skin once stable: not in the skin-to-skin indicators
  ['ssc_90_no_separation', 'baby not breathing excluded', { newborn: NOT_BREATHING }, [false, false]],
  ['delayed_cord_clamping', 'stillbirth excluded', { newborn: STILLBIRTH }, [false, false]],
  // early breastfeeding
  ['early_breastfeeding', 'first feed at 20 min', {}, [true, true]],
  [
    'early_breastfeeding',
    'first feed at 75 min',
    { newborn: { breastfeedStartedMinutes: 75, breastfeedCompletedMinutes: 100 } },
    [false, true],
  ],
  ['early_breastfeeding', 'stillbirth excluded', { newborn: STILLBIRTH }, [false, false]],
  [
    'early_breastfeeding',
    'died during resuscitation excluded',
    { newborn: DIED_RESUSCITATING },
    [false, false],
  ],
  [
    'early_breastfeeding',
    'resuscitated, breathing, not breastfed: counted, not met',
    { newborn: { ...NOT_BREATHING, breastfeedStartedMinutes: null, breastfeedCompletedMinutes: null } },
    [false, true],
  ],
  // only breast milk before discharge: babies still in hospital excluded
  [
    'exclusive_bf_discharge',
    'discharged home, only breast milk',
    { newborn: { discharge: { date: '2024-03-12', status: 'alive', exclusiveBreastfeeding: true } } },
    [true, true],
  ],
  [
    'exclusive_bf_discharge',
    'discharged home, formula given',
    { newborn: { discharge: { date: '2024-03-12', status: 'alive', exclusiveBreastfeeding: false } } },
    [false, true],
  ],
  ['exclusive_bf_discharge', 'still in hospital excluded', { newborn: { discharge: null } }, [false, false]],
  [
    'exclusive_bf_discharge',
    'referred excluded',
    { newborn: { discharge: { date: '2024-03-11', status: 'referred', exclusiveBreastfeeding: true } } },
    [false, false],
  ],
  // bag and mask
  ['bag_mask_within_1_min', 'not breathing, ventilated at 45 s', { newborn: NOT_BREATHING }, [true, true]],
  [
    'bag_mask_within_1_min',
    'not breathing, ventilated at 90 s',
    { newborn: { ...NOT_BREATHING, bagMaskStartedSeconds: 90 } },
    [false, true],
  ],
  [
    'bag_mask_within_1_min',
    'not breathing, never ventilated',
    { newborn: { ...NOT_BREATHING, bagMaskStartedSeconds: null, resuscitationOutcome: null } },
    [false, true],
  ],
  ['bag_mask_within_1_min', 'breathing baby not counted', {}, [false, false]],
  // uterotonic (delivery)
  ['uterotonic_within_1_min', 'given at 1 min', {}, [true, true]],
  ['uterotonic_within_1_min', 'given at 3 min', { delivery: { uterotonicMinutes: 3 } }, [false, true]],
  [
    'uterotonic_within_1_min',
    'given, time not recorded',
    { delivery: { uterotonicMinutes: null } },
    [false, true],
  ],
  [
    'uterotonic_within_1_min',
    'not given',
    { delivery: { uterotonicGiven: false, uterotonicMinutes: null } },
    [false, true],
  ],
  // documented weight
  ['documented_birth_weight', 'weighed', {}, [true, true]],
  ['documented_birth_weight', 'weight not recorded', { newborn: { birthWeightGrams: null } }, [false, true]],
  ['documented_birth_weight', 'stillbirth excluded', { newborn: STILLBIRTH }, [false, false]],
  // KMC among eligible (default rule < 2000 g)
  [
    'kmc_eligible_initiated',
    '1800 g, KMC started',
    { newborn: { birthWeightGrams: 1800, kmcInitiated: true } },
    [true, true],
  ],
  [
    'kmc_eligible_initiated',
    '1800 g, no KMC',
    { newborn: { birthWeightGrams: 1800, kmcInitiated: false } },
    [false, true],
  ],
  [
    'kmc_eligible_initiated',
    '2300 g not eligible under the 2000 g rule',
    { newborn: { birthWeightGrams: 2300, kmcInitiated: true } },
    [false, false],
  ],
  // preterm, low birth weight
  ['preterm_rate', '36 weeks', { delivery: { gestationalAgeWeeks: 36 } }, [true, true]],
  ['preterm_rate', '39 weeks', {}, [false, true]],
  ['preterm_rate', 'gestational age unknown', { delivery: { gestationalAgeWeeks: null } }, [false, false]],
  ['low_birth_weight_rate', '2400 g', { newborn: { birthWeightGrams: 2400 } }, [true, true]],
  ['low_birth_weight_rate', '2500 g', { newborn: { birthWeightGrams: 2500 } }, [false, true]],
  ['low_birth_weight_rate', 'weight unknown', { newborn: { birthWeightGrams: null } }, [false, false]],
  // stillbirth rate: ≥ 1000 g or ≥ 28 weeks
  ['stillbirth_rate', 'fresh stillbirth, 2900 g', { newborn: STILLBIRTH }, [true, true]],
  [
    'stillbirth_rate',
    'stillbirth 800 g at 26 weeks (below the threshold)',
    { newborn: { ...STILLBIRTH, birthWeightGrams: 800 }, delivery: { gestationalAgeWeeks: 26 } },
    [false, false],
  ],
  ['stillbirth_rate', 'live birth in the denominator', {}, [false, true]],
  // facility neonatal deaths
  [
    'facility_neonatal_deaths',
    'died before discharge',
    { newborn: { discharge: { date: '2024-03-11', status: 'died', exclusiveBreastfeeding: null } } },
    [true, true],
  ],
  ['facility_neonatal_deaths', 'alive', {}, [false, true]],
  [
    'facility_neonatal_deaths',
    'died during resuscitation, no discharge entry',
    { newborn: DIED_RESUSCITATING },
    [true, true],
  ],
  ['facility_neonatal_deaths', 'stillbirth is not a neonatal death', { newborn: STILLBIRTH }, [false, false]],
  // births in EENC facilities: the facility's status on the day of the birth
  [
    'births_in_eenc_facilities',
    'EENC introduced before the birth',
    { facility: { introduced: '2020-01-01' } },
    [true, true],
  ],
  [
    'births_in_eenc_facilities',
    'EENC introduced on the day of the birth',
    { facility: { introduced: DATE } },
    [true, true],
  ],
  [
    'births_in_eenc_facilities',
    'EENC introduced after the birth',
    { facility: { introduced: '2024-03-11' } },
    [false, true],
  ],
  ['births_in_eenc_facilities', 'EENC never introduced', {}, [false, true]],
  ['caesarean_rate', 'caesarean', { delivery: { mode: 'caesarean' } }, [true, true]],
])('%s', (id, name, c, expected) => {
  it(`${name}: numerator ${expected[0]}, denominator ${expected[1]}`, () => {
    expect(membership(id, c)).toEqual(expected);
  });
});

describe('values', () => {
  it('computes percent, per 1,000 and counts, and marks perturbed parts', () => {
    const { definitions, registry } = loadIndicators();
    const pick = (ids: string[]) => definitions.filter((d) => ids.includes(d.id));
    const counts = {
      [registry.parts.immediate_ssc!.numerator]: 3,
      [registry.parts.immediate_ssc!.denominator!]: 4,
      [registry.parts.stillbirth_rate!.numerator]: 2,
      [registry.parts.stillbirth_rate!.denominator!]: 400,
      [registry.parts.live_births!.numerator]: 398,
    };
    const v = valuesFromCounts(pick(['immediate_ssc', 'stillbirth_rate', 'live_births']), registry, counts);
    expect(v.map((x) => [x.id, x.value])).toEqual([
      ['live_births', 398],
      ['immediate_ssc', 75],
      ['stillbirth_rate', 5],
    ]);
    const marked = valuesFromCounts(
      pick(['immediate_ssc']),
      registry,
      counts,
      (m) => m === registry.parts.immediate_ssc!.numerator,
    );
    expect(marked[0]).toEqual({
      id: 'immediate_ssc',
      numerator: 3,
      denominator: 4,
      value: 75,
      perturbed: ['numerator'],
    });
  });
});
