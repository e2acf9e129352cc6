import { type BirthInput, type BirthInputRaw, BirthInputSchema, type NewbornInputRaw } from './birth.schema';

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
