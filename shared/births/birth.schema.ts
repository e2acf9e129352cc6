import { z } from 'zod';
import { RANGES } from './value-ranges';

export const DeliveryMode = {
  spontaneousVaginal: 'spontaneous_vaginal',
  assistedVaginal: 'assisted_vaginal',
  caesarean: 'caesarean',
} as const;
export type DeliveryMode = (typeof DeliveryMode)[keyof typeof DeliveryMode];
export const DELIVERY_MODES = Object.values(DeliveryMode) as [DeliveryMode, ...DeliveryMode[]];

export const Sex = { female: 'female', male: 'male', undetermined: 'undetermined' } as const;
export type Sex = (typeof Sex)[keyof typeof Sex];
export const SEXES = Object.values(Sex) as [Sex, ...Sex[]];

export const BirthOutcome = {
  liveBirth: 'live_birth',
  freshStillbirth: 'fresh_stillbirth',
  maceratedStillbirth: 'macerated_stillbirth',
} as const;
export type BirthOutcome = (typeof BirthOutcome)[keyof typeof BirthOutcome];
export const BIRTH_OUTCOMES = Object.values(BirthOutcome) as [BirthOutcome, ...BirthOutcome[]];

/** How bag-and-mask ventilation ended (§2.6): breathing well; still not breathing at 10 min with a heart rate, referred; no heart rate, died. */
export const ResuscitationOutcome = { breathing: 'breathing', referred: 'referred', died: 'died' } as const;
export type ResuscitationOutcome = (typeof ResuscitationOutcome)[keyof typeof ResuscitationOutcome];
export const RESUSCITATION_OUTCOMES = Object.values(ResuscitationOutcome) as [
  ResuscitationOutcome,
  ...ResuscitationOutcome[],
];

export const DischargeStatus = { alive: 'alive', died: 'died', referred: 'referred' } as const;
export type DischargeStatus = (typeof DischargeStatus)[keyof typeof DischargeStatus];
export const DISCHARGE_STATUSES = Object.values(DischargeStatus) as [DischargeStatus, ...DischargeStatus[]];

/** Routine procedures that EENC postpones until after the first full breastfeed (§2.3), and the bath (≥ 24 h). */
export const PROCEDURES = ['weighing', 'eyeCare', 'vitaminK', 'hepatitisB', 'bath'] as const;
export type Procedure = (typeof PROCEDURES)[number];

const int = (min: number, max: number, key: string) =>
  z.number({ error: key }).int({ error: key }).min(min, { error: key }).max(max, { error: key });
const num = (min: number, max: number, key: string) =>
  z.number({ error: key }).min(min, { error: key }).max(max, { error: key });
const opt = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

const minutes = () => opt(num(RANGES.stepMinutes.min, RANGES.stepMinutes.max, 'births.minutesRange'));
const seconds = () => opt(int(RANGES.stepSeconds.min, RANGES.stepSeconds.max, 'births.secondsRange'));

/** Whether a procedure was done and, if known, when (minutes after birth). `null` = not recorded. */
export const ProcedureSchema = z
  .strictObject({ done: z.boolean(), minutes: minutes() })
  .nullable()
  .default(null);

export const DischargeSchema = z.strictObject({
  date: z.iso.date(),
  /**
   * Local time at the facility (HH:MM, 24-hour) on `date`. Null for records made before it was asked
   * (then early discharge is judged by the calendar day only).
   */
  time: opt(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'births.dischargeTimeFormat' })),
  status: z.enum(DISCHARGE_STATUSES),
  /** Fed only breast milk since birth (no other food or fluid). */
  exclusiveBreastfeeding: opt(z.boolean()),
});
export type Discharge = z.infer<typeof DischargeSchema>;

/** Reasons a clinician gives for a practice deviation, keyed by flag code. Optional; never blocks a save. */
export const DeviationReasonsSchema = z
  .record(z.string().regex(/^[a-z_]{1,40}$/), z.string().trim().max(500))
  .default({});

export const NewbornInputSchema = z.strictObject({
  id: z.uuid().optional(),
  birthOrder: int(1, RANGES.babyCount.max, 'births.birthOrderRange'),
  sex: z.enum(SEXES),
  birthWeightGrams: opt(int(RANGES.birthWeightGrams.min, RANGES.birthWeightGrams.max, 'births.weightRange')),
  outcome: z.enum(BIRTH_OUTCOMES),
  apgar1: opt(int(RANGES.apgar.min, RANGES.apgar.max, 'births.apgarRange')),
  apgar5: opt(int(RANGES.apgar.min, RANGES.apgar.max, 'births.apgarRange')),
  dryingStartedSeconds: seconds(),
  /** Breathing or crying well after drying; `false` = not breathing (resuscitation path). */
  breathingAtBirth: opt(z.boolean()),
  sscStartedMinutes: minutes(),
  sscDurationMinutes: opt(
    num(RANGES.sscDurationMinutes.min, RANGES.sscDurationMinutes.max, 'births.minutesRange'),
  ),
  separatedBeforeBreastfeed: opt(z.boolean()),
  cordClampedMinutes: minutes(),
  breastfeedStartedMinutes: minutes(),
  breastfeedCompletedMinutes: minutes(),
  procedures: z
    .strictObject({
      weighing: ProcedureSchema,
      eyeCare: ProcedureSchema,
      vitaminK: ProcedureSchema,
      hepatitisB: ProcedureSchema,
      bath: ProcedureSchema,
    })
    .default({ weighing: null, eyeCare: null, vitaminK: null, hepatitisB: null, bath: null }),
  bagMaskStartedSeconds: seconds(),
  resuscitationOutcome: opt(z.enum(RESUSCITATION_OUTCOMES)),
  kmcInitiated: opt(z.boolean()),
  deviationReasons: DeviationReasonsSchema,
  discharge: DischargeSchema.nullable().default(null),
});
export type NewbornInput = z.infer<typeof NewbornInputSchema>;
export type NewbornInputRaw = z.input<typeof NewbornInputSchema>;

export const MotherInputSchema = z.strictObject({
  /** The facility's own record (register) number for this delivery. */
  recordNumber: z.string().trim().min(1, { error: 'births.recordNumberRequired' }).max(50),
  age: opt(int(RANGES.motherAgeYears.min, RANGES.motherAgeYears.max, 'births.motherAgeRange')),
  birthYear: opt(int(1900, 2100, 'births.motherBirthYearRange')),
  /** Commune (org unit) where she lives: the postnatal follow-up is handed over there. */
  communeId: opt(z.uuid()),
  ethnicMinority: opt(z.boolean()),
  /** Births before this one. */
  parity: opt(int(RANGES.parity.min, RANGES.parity.max, 'births.parityRange')),
  name: opt(z.string().trim().max(120)),
  phone: opt(
    z
      .string()
      .trim()
      .max(30)
      .regex(/^\+?[0-9 ().-]{6,30}$/, { error: 'births.phoneFormat' }),
  ),
});
export type MotherInput = z.infer<typeof MotherInputSchema>;

export const DeliveryInputSchema = z.strictObject({
  /** Time of birth (of the first baby), with its UTC offset as recorded at the facility. */
  bornAt: z.iso.datetime({ offset: true, error: 'births.bornAtFormat' }),
  mode: z.enum(DELIVERY_MODES),
  gestationalAgeWeeks: opt(
    int(RANGES.gestationalAgeWeeks.min, RANGES.gestationalAgeWeeks.max, 'births.gaRange'),
  ),
  babyCount: int(RANGES.babyCount.min, RANGES.babyCount.max, 'births.babyCountRange'),
  /** The midwife checked for a second baby before giving the uterotonic (§2.2 step 8). */
  secondBabyChecked: opt(z.boolean()),
  uterotonicGiven: opt(z.boolean()),
  uterotonicMinutes: minutes(),
  /** Risk factors for bacterial infection of the babies (§8.3, DAK): membranes ruptured > 18 h before birth. */
  membranesRupturedOver18h: opt(z.boolean()),
  /** …and maternal fever in labour (≥ 38 °C, the DAK's maternal fever threshold, §8.4). */
  maternalFeverInLabour: opt(z.boolean()),
  deviationReasons: DeviationReasonsSchema,
});
export type DeliveryInput = z.infer<typeof DeliveryInputSchema>;

export const BirthInputSchema = z.strictObject({
  /** May be generated by the client (offline capture); creating twice with the same id is idempotent. */
  id: z.uuid().optional(),
  facilityId: z.uuid(),
  mother: MotherInputSchema,
  delivery: DeliveryInputSchema,
  newborns: z.array(NewbornInputSchema).min(1).max(RANGES.babyCount.max),
});
export type BirthInput = z.infer<typeof BirthInputSchema>;
export type BirthInputRaw = z.input<typeof BirthInputSchema>;

export const BirthUpdateSchema = BirthInputSchema.omit({ id: true }).extend({
  version: z.number().int().min(1),
});
export type BirthUpdate = z.infer<typeof BirthUpdateSchema>;

/** Band of birth weight (§9.3): extremely low < 1000 g, very low < 1500 g, low < 2500 g. */
export const WeightBand = {
  elbw: 'elbw',
  vlbw: 'vlbw',
  lbw: 'lbw',
  normal: 'normal',
  unknown: 'unknown',
} as const;
export type WeightBand = (typeof WeightBand)[keyof typeof WeightBand];
export const WEIGHT_BANDS = Object.values(WeightBand) as [WeightBand, ...WeightBand[]];

/** Band of gestational age (§9.3): extremely < 28, very < 32, moderate-to-late < 37 weeks. */
export const PretermBand = {
  extremely: 'extremely_preterm',
  very: 'very_preterm',
  moderateLate: 'moderate_late_preterm',
  term: 'term',
  unknown: 'unknown',
} as const;
export type PretermBand = (typeof PretermBand)[keyof typeof PretermBand];
export const PRETERM_BANDS = Object.values(PretermBand) as [PretermBand, ...PretermBand[]];

export const DerivedNewbornSchema = z.object({
  weightBand: z.enum(WEIGHT_BANDS),
  pretermBand: z.enum(PRETERM_BANDS),
  kmcEligible: z.boolean().nullable(),
  /** Practice flags (soft rules): saved with the record, counted by the indicators. */
  flags: z.array(z.string()),
  /** Per-practice results; `null` = not applicable (e.g. stillbirth) or not recorded. */
  practices: z.object({
    immediateDrying: z.boolean().nullable(),
    immediateSsc: z.boolean().nullable(),
    sscFullNoSeparation: z.boolean().nullable(),
    delayedCordClamping: z.boolean().nullable(),
    earlyBreastfeeding: z.boolean().nullable(),
    bagMaskWithinTarget: z.boolean().nullable(),
  }),
});
export type DerivedNewborn = z.infer<typeof DerivedNewbornSchema>;

export const NewbornSchema = NewbornInputSchema.extend({ id: z.uuid(), derived: DerivedNewbornSchema });
export type Newborn = z.infer<typeof NewbornSchema>;

export const BirthSchema = z.object({
  id: z.uuid(),
  facilityId: z.uuid(),
  facilityName: z.string(),
  /** Calendar date of birth at the facility (its time zone): what periods and registers count by. */
  birthDate: z.iso.date(),
  mother: MotherInputSchema.extend({ communeName: z.string().nullable() }),
  /** True when name and phone were removed because the reader may not see personal data here. */
  personalDataHidden: z.boolean(),
  delivery: DeliveryInputSchema.extend({ flags: z.array(z.string()) }),
  newborns: z.array(NewbornSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type Birth = z.infer<typeof BirthSchema>;
