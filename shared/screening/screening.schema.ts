import { z } from 'zod';
import { ExpectedVersionSchema, RecordVersionSchema } from '../record-version';
import { SCREENING_TESTS, ScreeningSettingsSchema } from './screening-settings';
import {
  GENOTYPES,
  HIV_STATUSES,
  RECALL_REASONS,
  SAMPLE_BY,
  SCREEN_RESULTS,
  TREATMENTS,
  TRIAGE_METHODS,
  TRIAGE_RESULTS,
} from './screening-values';

/** Requests and responses of cervical screening (server/features/screening, web/features/screening). */

export const ScreeningDateSchema = z.iso.date({ error: 'screening.dateFormat' });
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'screening.choice' });
const text = (max: number) =>
  z.string({ error: 'screening.text' }).trim().max(max, { error: 'screening.tooLong' });

const clientFields = {
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ]{8,16}$/, { error: 'screening.phone' })
    .nullable(),
  /** Sensitive: stored for the rules, shown only at facility or commune scope, audited when read. */
  hivStatus: choice(HIV_STATUSES),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, { error: 'screening.choice' })
    .nullable(),
  remindersEnabled: z.boolean(),
};

export const ScreeningClientInputSchema = z.strictObject({
  /** Client-generated: the same id sent again answers the client (idempotent). */
  id: z.uuid(),
  /** Where she is followed: a commune health station or a facility in the reader's area. */
  orgUnitId: z.uuid(),
  /** She is already a mother in the birth register: her name, phone and age come from that record. */
  birthId: z.uuid().nullable(),
  name: text(200).min(1, { error: 'screening.nameRequired' }).nullable(),
  birthYear: z
    .number({ error: 'screening.birthYear' })
    .int({ error: 'screening.birthYear' })
    .min(1920, { error: 'screening.birthYear' })
    .max(2020, { error: 'screening.birthYear' })
    .nullable(),
  birthDate: ScreeningDateSchema.nullable(),
  ...clientFields,
});
export type ScreeningClientInput = z.infer<typeof ScreeningClientInputSchema>;

export const ScreeningClientUpdateSchema = z.strictObject({
  version: ExpectedVersionSchema,
  ...clientFields,
});
export type ScreeningClientUpdate = z.infer<typeof ScreeningClientUpdateSchema>;

const resultFields = {
  result: choice(SCREEN_RESULTS).nullable(),
  resultOn: ScreeningDateSchema.nullable(),
  genotypes: z.array(choice(GENOTYPES)).max(GENOTYPES.length),
  triageMethod: choice(TRIAGE_METHODS).nullable(),
  triageResult: choice(TRIAGE_RESULTS).nullable(),
  triageOn: ScreeningDateSchema.nullable(),
  treatment: choice(TREATMENTS).nullable(),
  treatedOn: ScreeningDateSchema.nullable(),
  treatmentPlaceId: z.uuid().nullable(),
  counsellingNote: text(2000).nullable(),
};

export const ScreeningEventInputSchema = z.strictObject({
  id: z.uuid(),
  test: choice(SCREENING_TESTS),
  sampleBy: choice(SAMPLE_BY),
  takenOn: ScreeningDateSchema,
  /** Where the sample was taken: a facility or commune station in the reader's area. */
  placeId: z.uuid(),
  ...resultFields,
});
export type ScreeningEventInput = z.infer<typeof ScreeningEventInputSchema>;

/** A result, triage or treatment added later; send the version read (409 if it changed). */
export const ScreeningEventUpdateSchema = z.strictObject({
  version: ExpectedVersionSchema,
  ...resultFields,
});
export type ScreeningEventUpdate = z.infer<typeof ScreeningEventUpdateSchema>;

export const ScreeningStepSchema = z.enum([
  'none',
  'screen',
  'await_result',
  'triage',
  'treat',
  'refer',
  'referred',
]);

export const ScreeningEventSchema = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  test: z.enum(SCREENING_TESTS),
  sampleBy: z.enum(SAMPLE_BY),
  takenOn: z.string(),
  placeId: z.uuid(),
  placeName: z.string(),
  result: z.enum(SCREEN_RESULTS).nullable(),
  resultOn: z.string().nullable(),
  genotypes: z.array(z.enum(GENOTYPES)),
  triageMethod: z.enum(TRIAGE_METHODS).nullable(),
  triageResult: z.enum(TRIAGE_RESULTS).nullable(),
  triageOn: z.string().nullable(),
  treatment: z.enum(TREATMENTS).nullable(),
  treatedOn: z.string().nullable(),
  treatmentPlaceId: z.uuid().nullable(),
  counsellingNote: z.string().nullable(),
  version: RecordVersionSchema,
});
export type ScreeningEvent = z.infer<typeof ScreeningEventSchema>;

/** A woman as lists show her; name, phone and HIV status are null unless the reader may see them. */
export const ScreeningClientSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  birthId: z.uuid().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  hivStatus: z.enum(HIV_STATUSES).nullable(),
  birthYear: z.number().int(),
  birthDate: z.string().nullable(),
  age: z.number().int(),
  step: ScreeningStepSchema,
  dueOn: z.string().nullable(),
  lastScreenOn: z.string().nullable(),
  /** Worklist section: 0 action needed (positive not treated…), 1 due, 2 overdue, 3 upcoming. */
  section: z.number().int().nullable(),
  recallReason: z.enum(RECALL_REASONS).nullable(),
  recalledOn: z.string().nullable(),
  /** The country's rule version her state was derived under, and the one her current recall came from. */
  ruleVersion: z.number().int(),
  recallRuleVersion: z.number().int().nullable(),
  language: z.string().nullable(),
  remindersEnabled: z.boolean(),
  version: RecordVersionSchema,
});
export type ScreeningClient = z.infer<typeof ScreeningClientSchema>;

export const ScreeningClientDetailSchema = ScreeningClientSchema.extend({
  events: z.array(ScreeningEventSchema),
});
export type ScreeningClientDetail = z.infer<typeof ScreeningClientDetailSchema>;

export const ScreeningListQuerySchema = z.strictObject({
  orgUnit: z.uuid(),
  /** Name (at facility/commune scope) or phone, accents ignored. */
  q: z.string().trim().max(100).optional(),
  /** The worklist: clients with a section; `action` is the treat list. */
  section: z.enum(['all', 'worklist', 'action', 'due', 'overdue', 'upcoming']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type ScreeningListQuery = z.infer<typeof ScreeningListQuerySchema>;

export const ScreeningListSchema = z.object({
  items: z.array(ScreeningClientSchema),
  truncated: z.boolean(),
  counts: z.object({ action: z.number(), due: z.number(), overdue: z.number(), upcoming: z.number() }),
});
export type ScreeningList = z.infer<typeof ScreeningListSchema>;

/** The rules in force for a unit's country (GET) or after a change (PUT, with how many women re-derived). */
export const ScreeningSettingsResponseSchema = z.object({
  countryId: z.string().nullable(),
  countryName: z.string().nullable(),
  settings: ScreeningSettingsSchema,
  defaults: ScreeningSettingsSchema,
  version: RecordVersionSchema,
  isDefault: z.boolean(),
  rederived: z.number().int().optional(),
});
export type ScreeningSettingsResponse = z.infer<typeof ScreeningSettingsResponseSchema>;

export const ScreeningSettingsUpdateSchema = z.strictObject({
  /** The version read: 0 while the country has the defaults. */
  version: z.number().int().min(0),
  settings: ScreeningSettingsSchema,
});

/** A birth record whose mother may be this woman registered by hand (proposed, a person decides). */
export const ScreeningBirthMatchSchema = z.object({
  birthId: z.uuid(),
  birthDate: z.string(),
  facilityName: z.string(),
  /** The mother's identifiers, where the reader may see personal data. */
  motherName: z.string().nullable(),
  motherPhone: z.string().nullable(),
  motherBirthYear: z.number().int().nullable(),
  /** Why it is proposed: the same phone, the same name (accents ignored) with the same year of birth. */
  samePhone: z.boolean(),
  sameName: z.boolean(),
});
export type ScreeningBirthMatch = z.infer<typeof ScreeningBirthMatchSchema>;
export const ScreeningBirthMatchesSchema = z.object({ items: z.array(ScreeningBirthMatchSchema) });

export const ScreeningBirthDecisionSchema = z.strictObject({
  decision: z.enum(['confirm', 'reject'], { error: 'screening.choice' }),
  /** The woman's version read (a confirmation changes her record). */
  version: ExpectedVersionSchema,
});
export type ScreeningBirthDecision = z.infer<typeof ScreeningBirthDecisionSchema>;
