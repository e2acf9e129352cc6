import { z } from 'zod';
import { RecordVersionSchema } from '../record-version';
import { BIRTH_OUTCOMES, DELIVERY_MODES, SEXES } from './birth.schema';

export const ListBirthsQuerySchema = z.strictObject({
  /** Any org unit: births at facilities under it. */
  facility: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** A practice flag code (e.g. ssc_short); `any` for births with at least one flag. */
  flag: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  outcome: z.enum(BIRTH_OUTCOMES).optional(),
  /** Start of the facility record number. */
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});
export type ListBirthsQuery = z.infer<typeof ListBirthsQuerySchema>;

export const BirthSummarySchema = z.object({
  id: z.uuid(),
  facilityId: z.uuid(),
  facilityName: z.string(),
  bornAt: z.string(),
  birthDate: z.iso.date(),
  recordNumber: z.string(),
  motherName: z.string().nullable(),
  mode: z.enum(DELIVERY_MODES),
  flags: z.array(z.string()),
  newborns: z.array(
    z.object({
      id: z.uuid(),
      birthOrder: z.number().int(),
      sex: z.enum(SEXES),
      birthWeightGrams: z.number().nullable(),
      outcome: z.enum(BIRTH_OUTCOMES),
      flags: z.array(z.string()),
      dischargeStatus: z.string().nullable(),
    }),
  ),
  version: RecordVersionSchema,
});
export type BirthSummary = z.infer<typeof BirthSummarySchema>;

export const BirthListSchema = z.object({
  items: z.array(BirthSummarySchema),
  nextCursor: z.string().nullable(),
});

export const BirthHistoryEntrySchema = z.object({
  at: z.string(),
  actor: z.string().nullable(),
  action: z.enum(['create', 'update', 'delete']),
  changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type BirthHistoryEntry = z.infer<typeof BirthHistoryEntrySchema>;
