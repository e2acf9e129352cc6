import { z } from 'zod';
import { DISCHARGE_STATUSES } from './birth-values';
import { RANGES } from './value-ranges';

/**
 * The zod building blocks of the field tables' rules: each entry of birth-fields.ts and newborn-fields.ts
 * carries its rule, and birth.schema.ts builds the record's objects from the entries. The message key is
 * the whole error, whatever the failed check (type, integer, range): the form shows one sentence.
 */

/** An integer in a range; every failure reports `key`. */
export const int = (min: number, max: number, key: string) =>
  z.number({ error: key }).int({ error: key }).min(min, { error: key }).max(max, { error: key });
/** A number in a range; every failure reports `key`. */
export const num = (min: number, max: number, key: string) =>
  z.number({ error: key }).min(min, { error: key }).max(max, { error: key });
/** An optional field: `null` when not recorded, and when left out of the document. */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

/** Minutes after birth of an EENC step, when recorded. */
export const minutes = () => opt(num(RANGES.stepMinutes.min, RANGES.stepMinutes.max, 'births.minutesRange'));
/** Seconds after birth of an EENC step, when recorded. */
export const seconds = () => opt(int(RANGES.stepSeconds.min, RANGES.stepSeconds.max, 'births.secondsRange'));

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
  status: z.enum(DISCHARGE_STATUSES, { error: 'births.dischargeStatusRequired' }),
  /** Fed only breast milk since birth (no other food or fluid). */
  exclusiveBreastfeeding: opt(z.boolean()),
});
export type Discharge = z.infer<typeof DischargeSchema>;

/** Reasons a clinician gives for a practice deviation, keyed by flag code. Optional; never blocks a save. */
export const DeviationReasonsSchema = z
  .record(z.string().regex(/^[a-z_]{1,40}$/), z.string().trim().max(500))
  .default({});
