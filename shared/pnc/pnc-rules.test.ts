import { describe, expect, it } from 'vitest';
import {
  type MotherObservations,
  motherFindings,
  needsUrgentReferral,
  type NewbornObservations,
  newbornFindings,
  urgentCodes,
} from './pnc-rules';

const baby = (o: Partial<NewbornObservations> = {}): NewbornObservations => ({
  weightGrams: 3200,
  temperatureC: 36.8,
  breathingRate: 44,
  cord: 'clean_dry',
  jaundice: 'none',
  dangerSigns: ['none'],
  ...o,
});
const mother = (o: Partial<MotherObservations> = {}): MotherObservations => ({
  systolic: 118,
  diastolic: 76,
  temperatureC: 36.9,
  pulseBpm: 80,
  bleeding: 'normal',
  spo2Percent: 98,
  proteinuria: 'negative',
  fundus: 'firm',
  uterineTenderness: false,
  lochia: 'normal',
  dangerSigns: ['none'],
  ...o,
});
/** A term baby seen on day 3. */
const day3 = { ageHours: 60, gestationalAgeWeeks: 39 };
const fmt = (fs: { code: string; level: string; path: string }[]) =>
  fs.map((f) => `${f.level}:${f.code}@${f.path}`);

describe('newborn rules (facts §8.3), each at its boundary', () => {
  it('finds nothing for a well baby', () => expect(newbornFindings(baby(), day3)).toEqual([]));

  it.each([
    ['breathing 59/min', { breathingRate: 59 }, []],
    ['breathing 60/min', { breathingRate: 60 }, ['urgent:fast_breathing@breathingRate']],
    ['temperature 37.4 °C', { temperatureC: 37.4 }, []],
    ['temperature 37.5 °C', { temperatureC: 37.5 }, ['urgent:fever@temperatureC']],
    ['temperature 36.5 °C', { temperatureC: 36.5 }, []],
    ['temperature 36.4 °C', { temperatureC: 36.4 }, ['check:mild_hypothermia@temperatureC']],
    ['temperature 35.5 °C', { temperatureC: 35.5 }, ['check:mild_hypothermia@temperatureC']],
    ['temperature 35.4 °C', { temperatureC: 35.4 }, ['urgent:low_temperature@temperatureC']],
    ['weight 2500 g', { weightGrams: 2500 }, []],
    ['weight 2499 g', { weightGrams: 2499 }, ['check:small_baby@weightGrams']],
    ['weight 1500 g', { weightGrams: 1500 }, ['check:small_baby@weightGrams']],
    ['weight 1499 g', { weightGrams: 1499 }, ['urgent:very_low_weight@weightGrams']],
    ['weight 1400 g', { weightGrams: 1400 }, ['urgent:very_low_weight@weightGrams']],
    [
      'a bulging fontanelle',
      { dangerSigns: ['bulging_fontanelle'] },
      ['urgent:bulging_fontanelle@dangerSigns'],
    ],
    ['a red, swollen cord', { cord: 'red_swollen' }, ['check:umbilical_redness@cord']],
    ['pus from the cord', { cord: 'pus' }, ['urgent:purulent_stump_discharge@cord']],
    ['a bleeding cord', { cord: 'bleeding' }, ['urgent:stump_bleeding@cord']],
    ['yellow palms and soles', { jaundice: 'palms_soles' }, ['urgent:jaundice_palms_soles@jaundice']],
    ['jaundice of face and body after 24 h', { jaundice: 'face_body' }, []],
    [
      'nothing recorded',
      {
        weightGrams: null,
        temperatureC: null,
        breathingRate: null,
        cord: null,
        jaundice: null,
        dangerSigns: [],
      },
      [],
    ],
  ] as const)('%s', (_name, o, expected) => {
    expect(fmt(newbornFindings(baby(o as Partial<NewbornObservations>), day3))).toEqual(expected);
  });

  it.each([
    [23.9, ['urgent:jaundice_first_24h@jaundice']],
    [24, []],
  ])('jaundice of the face seen at %s h of age', (ageHours, expected) => {
    expect(fmt(newbornFindings(baby({ jaundice: 'face_body' }), { ...day3, ageHours }))).toEqual(expected);
  });

  it.each([
    [32, []],
    [31, ['urgent:very_preterm@gestationalAgeWeeks']],
    [null, []],
  ])('a baby born at %s weeks, well at the contact', (gestationalAgeWeeks, expected) => {
    expect(fmt(newbornFindings(baby(), { ...day3, gestationalAgeWeeks }))).toEqual(expected);
  });

  it('flags every danger sign of the value set as urgent, and counts a sign measured and ticked once', () => {
    const f = newbornFindings(
      baby({ dangerSigns: ['convulsions', 'fast_breathing'], breathingRate: 72 }),
      day3,
    );
    expect(urgentCodes(f)).toEqual(['convulsions', 'fast_breathing']);
    expect(needsUrgentReferral(f)).toBe(true);
  });

  it('does not treat "none" as a sign', () =>
    expect(needsUrgentReferral(newbornFindings(baby(), { ...day3, ageHours: 1 }))).toBe(false));
});

describe('mother rules (facts §8.4), each at its boundary', () => {
  it('finds nothing for a well mother', () => expect(motherFindings(mother())).toEqual([]));

  it.each([
    ['BP 159/109', { systolic: 159, diastolic: 109 }, ['check:raised_blood_pressure@systolic']],
    ['BP 160/100', { systolic: 160, diastolic: 100 }, ['urgent:severe_hypertension@systolic']],
    ['BP 150/110', { systolic: 150, diastolic: 110 }, ['urgent:severe_hypertension@diastolic']],
    ['BP 139/89', { systolic: 139, diastolic: 89 }, []],
    ['BP 140/80', { systolic: 140, diastolic: 80 }, ['check:raised_blood_pressure@systolic']],
    ['BP 130/90', { systolic: 130, diastolic: 90 }, ['check:raised_blood_pressure@diastolic']],
    ['BP 90/60', { systolic: 90, diastolic: 60 }, []],
    ['BP 89/60', { systolic: 89, diastolic: 60 }, ['check:low_blood_pressure@systolic']],
    ['BP 100/59', { systolic: 100, diastolic: 59 }, ['check:low_blood_pressure@diastolic']],
    ['temperature 37.9 °C', { temperatureC: 37.9 }, []],
    ['temperature 38.0 °C', { temperatureC: 38 }, ['urgent:fever@temperatureC']],
    ['pulse 60', { pulseBpm: 60 }, []],
    ['pulse 59', { pulseBpm: 59 }, ['check:abnormal_pulse@pulseBpm']],
    ['pulse 100', { pulseBpm: 100 }, []],
    ['pulse 101', { pulseBpm: 101 }, ['check:abnormal_pulse@pulseBpm']],
    ['heavy bleeding', { bleeding: 'heavy' }, ['urgent:abnormal_vaginal_bleeding@bleeding']],
    ['SpO₂ 92 %', { spo2Percent: 92 }, []],
    ['SpO₂ 91 %', { spo2Percent: 91 }, ['urgent:low_oxygen_saturation@spo2Percent']],
    ['protein ++ with a normal BP', { proteinuria: 'plus2' }, []],
    [
      'BP 140/85 with protein +',
      { systolic: 140, diastolic: 85, proteinuria: 'plus1' },
      ['check:raised_blood_pressure@systolic'],
    ],
    [
      'BP 140/85 with protein ++',
      { systolic: 140, diastolic: 85, proteinuria: 'plus2' },
      ['check:raised_blood_pressure@systolic', 'urgent:pre_eclampsia@proteinuria'],
    ],
    [
      'BP 130/90 with protein +++',
      { systolic: 130, diastolic: 90, proteinuria: 'plus3' },
      ['check:raised_blood_pressure@diastolic', 'urgent:pre_eclampsia@proteinuria'],
    ],
    [
      'BP 170/100 with protein ++',
      { systolic: 170, diastolic: 100, proteinuria: 'plus2' },
      ['urgent:severe_hypertension@systolic', 'urgent:pre_eclampsia@proteinuria'],
    ],
    [
      'BP 145/95 with visual disturbance',
      { systolic: 145, diastolic: 95, dangerSigns: ['visual_disturbance'] },
      [
        'urgent:visual_disturbance@dangerSigns',
        'check:raised_blood_pressure@systolic',
        'urgent:pre_eclampsia@dangerSigns',
      ],
    ],
    [
      'severe headache with a normal BP',
      { dangerSigns: ['severe_headache'] },
      ['urgent:severe_headache@dangerSigns'],
    ],
    ['a flaccid fundus', { fundus: 'flaccid' }, ['urgent:flaccid_fundus@fundus']],
    ['uterine tenderness', { uterineTenderness: true }, ['urgent:uterine_tenderness@uterineTenderness']],
    ['foul-smelling lochia', { lochia: 'foul_smelling' }, ['urgent:foul_smelling_lochia@lochia']],
    [
      'only the systolic measured, 160',
      { systolic: 160, diastolic: null },
      ['urgent:severe_hypertension@systolic'],
    ],
  ] as const)('%s', (_name, o, expected) => {
    expect(fmt(motherFindings(mother(o as Partial<MotherObservations>)))).toEqual(expected);
  });

  it('flags maternal danger signs as urgent and merges a ticked sign with the same measured one', () => {
    const f = motherFindings(mother({ dangerSigns: ['severe_headache', 'fever'], temperatureC: 38.6 }));
    expect(urgentCodes(f)).toEqual(['severe_headache', 'fever']);
  });
});
