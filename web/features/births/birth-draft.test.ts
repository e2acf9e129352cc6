import { describe, expect, expectTypeOf, it } from 'vitest';
import { BirthInputSchema, type ResuscitationOutcome, type Sex } from '../../../shared/births/birth.schema';
import { BIRTH_FIELDS } from '../../../shared/births/birth-fields';
import { NO_PRACTICES } from '../../../shared/births/birth-rules';
import { NEWBORN_FIELDS } from '../../../shared/births/newborn-fields';
import {
  type BirthDraft,
  emptyDraft,
  emptyNewborn,
  fromBirth,
  type NewbornDraft,
  parseNumber,
  type Tri,
  toBirthInput,
  withBabyCount,
} from './birth-draft';
import type { AnyField } from '../../../shared/births/field-table';
import { buildDraft, TEST_BIRTH_ID, TEST_FACILITY_ID } from './draft-test-builders';
import { birthsI18n } from './i18n';
import { plainFields } from './TableFields';

const TZ = 'Asia/Ho_Chi_Minh';
const FACILITY = TEST_FACILITY_ID;
const ID = TEST_BIRTH_ID;

describe('parseNumber', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['3100', 3100],
    ['1,5', 1.5],
    ['1.5', 1.5],
    ['abc', Number.NaN],
    ['1,5,2', Number.NaN],
  ])('%j → %s', (input, expected) => expect(parseNumber(input)).toEqual(expected));
});

describe('draft ↔ document', () => {
  it('turns a filled draft into a document the shared schema accepts, in the facility time zone', () => {
    const d = buildDraft({ newborn: { sscStartedMinutes: '0,5' } });
    d.mother.age = '27';
    d.newborns[0]!.procedures.bath = { done: 'yes', time: '25' };
    const input = toBirthInput(d, TZ);
    expect(input.delivery.bornAt).toBe('2026-03-10T02:15:00+07:00');
    const parsed = BirthInputSchema.parse(input);
    expect(parsed.newborns[0]!.sscStartedMinutes).toBe(0.5);
    expect(parsed.newborns[0]!.procedures.bath).toEqual({ done: true, minutes: 1500 });
    expect(parsed.newborns[0]!.procedures.weighing).toBeNull();
    expect(parsed.mother.name).toBeNull();
  });

  it('round-trips a stored birth through the edit form unchanged', () => {
    const d = buildDraft({
      recordNumber: 'SB-2',
      mode: 'caesarean',
      newborn: {
        id: '00000000-0000-4000-8000-0000000000c1',
        sex: 'male',
        birthWeightGrams: '2900',
        breathingAtBirth: '',
      },
    });
    d.newborns[0]!.procedures.vitaminK = { done: 'yes', time: '95' };
    d.newborns[0]!.discharge = {
      date: '2026-03-11',
      time: '09:30',
      status: 'alive',
      exclusiveBreastfeeding: 'yes',
    };
    const input = BirthInputSchema.parse(toBirthInput(d, TZ));
    expect(input.newborns[0]!.discharge).toEqual({
      date: '2026-03-11',
      time: '09:30',
      status: 'alive',
      exclusiveBreastfeeding: true,
    });
    const stored = {
      ...input,
      id: ID,
      facilityName: 'H',
      birthDate: '2026-03-10',
      mother: { ...input.mother, communeName: null },
      personalDataHidden: false,
      delivery: { ...input.delivery, bornAt: '2026-03-09T19:15:00.000Z', flags: [] },
      newborns: input.newborns.map((n) => ({
        ...n,
        id: n.id!,
        derived: {
          weightBand: 'normal' as const,
          pretermBand: 'unknown' as const,
          kmcEligible: false,
          flags: [],
          practices: NO_PRACTICES,
        },
      })),
      version: 1,
      createdAt: '',
      updatedAt: '',
      createdBy: null,
      updatedBy: null,
    };
    const again = BirthInputSchema.parse(toBirthInput(fromBirth(stored, TZ), TZ));
    expect(again).toEqual(input);
  });

  it('adds baby sections for twins and keeps what was typed', () => {
    const d = emptyDraft(ID, FACILITY, '2026-03-10T02:15');
    d.newborns[0]!.birthWeightGrams = '2400';
    const twins = withBabyCount(d, 2);
    expect(twins.newborns.map((n) => n.birthOrder)).toEqual([1, 2]);
    expect(twins.newborns[0]!.birthWeightGrams).toBe('2400');
    expect(withBabyCount(twins, 1).newborns).toHaveLength(1);
  });

  it('holds the fields of the field table by their form kind: text, yes/no, choices', () => {
    expectTypeOf<BirthDraft['mother']['age']>().toEqualTypeOf<string>();
    expectTypeOf<BirthDraft['mother']['ethnicMinority']>().toEqualTypeOf<Tri>();
    expectTypeOf<BirthDraft['delivery']['uterotonicMinutes']>().toEqualTypeOf<string>();
    expectTypeOf<NewbornDraft['sex']>().toEqualTypeOf<Sex | ''>();
    expectTypeOf<NewbornDraft['resuscitationOutcome']>().toEqualTypeOf<ResuscitationOutcome | ''>();
    const baby = emptyNewborn(2);
    expect(baby).toMatchObject({
      birthOrder: 2,
      sex: '',
      apgar5: '',
      kmcInitiated: '',
      outcome: '',
    });
    expect(emptyDraft(ID, FACILITY).delivery).toMatchObject({ bornAtLocal: '', mode: '' });
    const d = emptyDraft(ID, FACILITY, '2026-03-10T02:15');
    const motherFormFields = BIRTH_FIELDS.flatMap((f) =>
      'form' in f && f.path.startsWith('mother.') ? [f.path.slice('mother.'.length)] : [],
    );
    expect(motherFormFields).toContain('ethnicMinority');
    expect(Object.keys(d.mother).sort()).toEqual([...motherFormFields, 'communeName'].sort());
    d.mother.ethnicMinority = 'no';
    d.mother.phone = '  ';
    d.newborns[0]!.resuscitationOutcome = '';
    const input = toBirthInput(d, TZ);
    expect(input.mother).toMatchObject({ ethnicMinority: false, phone: null, age: null });
    expect(input.newborns[0]).toMatchObject({
      resuscitationOutcome: null,
      sex: undefined,
      outcome: undefined,
    });
  });

  it('finds the label of every field of the tables in each language of the births catalogue', () => {
    const labels = [...BIRTH_FIELDS, ...NEWBORN_FIELDS].flatMap((f) => ('label' in f ? [f.label] : []));
    expect(labels).toContain('age');
    for (const catalogue of Object.values(birthsI18n))
      expect(labels.filter((l) => !(l in catalogue))).toEqual([]);
  });

  it('renders the plain inputs that the tables give a section, in table order, with their options labelled', () => {
    // Fields added later join these; the ones placed today keep their order.
    const keys = (fields: readonly AnyField[], section: string, today: string[]) =>
      plainFields(fields, section)
        .map((f) => f.key)
        .filter((k) => today.includes(k));
    expect(keys(BIRTH_FIELDS, 'mother', ['age', 'birthYear', 'parity'])).toEqual([
      'age',
      'birthYear',
      'parity',
    ]);
    expect(keys(BIRTH_FIELDS, 'delivery', ['uterotonicGiven', 'secondBabyChecked'])).toEqual([
      'secondBabyChecked',
      'uterotonicGiven',
    ]);
    expect(keys(NEWBORN_FIELDS, 'baby', ['apgar5', 'apgar1'])).toEqual(['apgar1', 'apgar5']);
    const options = ['mother', 'delivery', 'baby'].flatMap((section) =>
      plainFields([...BIRTH_FIELDS, ...NEWBORN_FIELDS], section).flatMap(({ field }) =>
        (field.values ?? []).map((v) => `${field.label}.${v}`),
      ),
    );
    for (const catalogue of Object.values(birthsI18n))
      expect(options.filter((o) => !(o in catalogue))).toEqual([]);
  });
});
