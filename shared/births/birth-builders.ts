import { type BirthInput, type BirthInputRaw, BirthInputSchema, type NewbornInputRaw } from './birth.schema';

/**
 * The care fields of a baby born without life or who died during resuscitation: Apgar 0, and no
 * skin-to-skin contact or breastfeed recorded. Spread it into a newborn and add what differs.
 */
export const NO_CARE_AFTER_BIRTH = {
  apgar1: 0,
  apgar5: 0,
  sscStartedMinutes: null,
  sscDurationMinutes: null,
  separatedBeforeBreastfeed: null,
  breastfeedStartedMinutes: null,
  breastfeedCompletedMinutes: null,
} satisfies Partial<NewbornInputRaw>;

/**
 * Builders for tests: a normal vaginal birth of one live, breathing baby with every EENC step done as
 * recommended. Override only what a test is about. Pure: no ids, no clock.
 */
export function buildNewbornRaw(overrides: Partial<NewbornInputRaw> = {}): NewbornInputRaw {
  return {
    birthOrder: 1,
    sex: 'female',
    birthWeightGrams: 3100,
    outcome: 'live_birth',
    apgar1: 8,
    apgar5: 9,
    dryingStartedSeconds: 3,
    breathingAtBirth: true,
    sscStartedMinutes: 1,
    sscDurationMinutes: 95,
    separatedBeforeBreastfeed: false,
    cordClampedMinutes: 2,
    breastfeedStartedMinutes: 20,
    breastfeedCompletedMinutes: 60,
    procedures: {
      weighing: { done: true, minutes: 100 },
      eyeCare: { done: true, minutes: 100 },
      vitaminK: { done: true, minutes: 105 },
      hepatitisB: { done: true, minutes: 110 },
      bath: null,
    },
    ...overrides,
  };
}

export function buildBirthRaw(
  overrides: Partial<Omit<BirthInputRaw, 'mother' | 'delivery'>> & {
    mother?: Partial<BirthInputRaw['mother']>;
    delivery?: Partial<BirthInputRaw['delivery']>;
  } = {},
): BirthInputRaw {
  const { mother, delivery, ...rest } = overrides;
  return {
    facilityId: '00000000-0000-4000-8000-00000000f001',
    mother: { recordNumber: 'SB-2026-0001', age: 27, ethnicMinority: false, parity: 1, ...mother },
    delivery: {
      bornAt: '2026-03-10T02:15:00+07:00',
      mode: 'spontaneous_vaginal',
      gestationalAgeWeeks: 39,
      babyCount: 1,
      secondBabyChecked: true,
      uterotonicGiven: true,
      uterotonicMinutes: 1,
      ...delivery,
    },
    newborns: [buildNewbornRaw()],
    ...rest,
  };
}

/** The parsed form (defaults applied), as services and rules receive it. */
export function buildBirth(overrides: Parameters<typeof buildBirthRaw>[0] = {}): BirthInput {
  return BirthInputSchema.parse(buildBirthRaw(overrides));
}

/**
 * Twins with every field of the schema set, most to values other than their defaults (all procedures,
 * discharges, reasons, personal data with quotes, commas and a newline): for round trips through rows,
 * CSV and the API document.
 */
export function buildFullBirth(): BirthInput {
  return BirthInputSchema.parse(
    buildBirthRaw({
      id: '6f1c2a4e-3b5d-4c7e-9a8b-1c2d3e4f5a6b',
      facilityId: '00000000-0000-4000-8000-00000000f001',
      mother: {
        recordNumber: 'SB-2026-0042',
        age: 31,
        birthYear: 1995,
        communeId: '00000000-0000-4000-8000-00000000c001',
        ethnicMinority: true,
        parity: 2,
        name: 'Nguyễn Thị "Lan", Hà',
        phone: '+84 905 123 456',
      },
      delivery: {
        babyCount: 2,
        uterotonicMinutes: 1.5,
        membranesRupturedOver18h: true,
        maternalFeverInLabour: false,
        deviationReasons: { uterotonic_late: 'bleeding, then given' },
      },
      newborns: [
        buildNewbornRaw({
          id: '11111111-1111-4111-8111-111111111111',
          procedures: {
            weighing: { done: true, minutes: 100 },
            eyeCare: { done: false, minutes: null },
            vitaminK: { done: true, minutes: null },
            hepatitisB: { done: true, minutes: 110.5 },
            bath: { done: true, minutes: 1500 },
          },
          kmcInitiated: false,
          discharge: { date: '2026-03-12', time: '08:45', status: 'alive', exclusiveBreastfeeding: true },
          deviationReasons: { ssc_short: 'mother\ntired' },
        }),
        buildNewbornRaw({
          id: '22222222-2222-4222-8222-222222222222',
          birthOrder: 2,
          sex: 'male',
          birthWeightGrams: 2450,
          breathingAtBirth: false,
          bagMaskStartedSeconds: 45,
          resuscitationOutcome: 'breathing',
          apgar1: 4,
          cordClampedMinutes: 0.5,
          discharge: { date: '2026-03-13', status: 'referred', exclusiveBreastfeeding: null },
        }),
      ],
    }),
  );
}
