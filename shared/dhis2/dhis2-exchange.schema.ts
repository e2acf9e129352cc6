import { z } from 'zod';
import { ExpectedVersionSchema, RecordVersionSchema } from '../record-version';
import { DIMENSION_IDS } from '../indicators/sources';

/**
 * DHIS2 aggregate exchange (issue 19): a mapping from OpenEENC indicators to the data elements and
 * category option combos of one DHIS2 data set, and the `dataValueSets` it produces.
 */
export const Dhis2UidSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'import.dhis2Uid');

/** The period types OpenEENC can fill (its standard periods); DHIS2 has more (weekly, financial years…). */
export const DHIS2_PERIOD_TYPES = ['Monthly', 'Quarterly', 'Yearly'] as const;
export type Dhis2PeriodType = (typeof DHIS2_PERIOD_TYPES)[number];

/**
 * The parts of a data set's metadata export (`/api/dataSets/{id}/metadata.json`) a mapping needs; the
 * export holds much more, which is ignored.
 */
export const Dhis2DataSetMetadataSchema = z.object({
  dataSets: z
    .array(z.object({ id: Dhis2UidSchema, name: z.string().max(230), periodType: z.string().max(40) }))
    .min(1, 'dhis2.noDataSet'),
  dataElements: z
    .array(z.object({ id: Dhis2UidSchema, name: z.string().max(230), code: z.string().max(50).optional() }))
    .min(1, 'dhis2.noDataElements')
    .max(5000),
  categoryOptionCombos: z
    .array(z.object({ id: Dhis2UidSchema, name: z.string().max(230) }))
    .max(20_000)
    .default([]),
});
export type Dhis2DataSetMetadata = z.infer<typeof Dhis2DataSetMetadataSchema>;

/** One DHIS2 cell filled from one OpenEENC count: an indicator's numerator or denominator, optionally one disaggregation value. */
export const Dhis2MappingRowSchema = z.strictObject({
  indicator: z.string().min(1).max(60),
  part: z.enum(['numerator', 'denominator']),
  dimension: z.enum(DIMENSION_IDS).optional(),
  value: z.string().max(40).optional(),
  dataElement: Dhis2UidSchema,
  categoryOptionCombo: Dhis2UidSchema,
});
export type Dhis2MappingRow = z.infer<typeof Dhis2MappingRowSchema>;

export const SaveDhis2MappingSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The data set metadata export, as DHIS2 gives it. */
  metadata: z.unknown(),
  rows: z.array(Dhis2MappingRowSchema).max(2000),
});
export type SaveDhis2Mapping = z.infer<typeof SaveDhis2MappingSchema>;
export const UpdateDhis2MappingSchema = SaveDhis2MappingSchema.extend({ version: ExpectedVersionSchema });
export type UpdateDhis2Mapping = z.infer<typeof UpdateDhis2MappingSchema>;

export const Dhis2MappingSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  dataSet: z.object({ id: z.string(), name: z.string(), periodType: z.string() }),
  dataElements: z.array(z.object({ id: z.string(), name: z.string() })),
  categoryOptionCombos: z.array(z.object({ id: z.string(), name: z.string() })),
  rows: z.array(Dhis2MappingRowSchema),
  version: RecordVersionSchema,
  updatedAt: z.string(),
  /** Sends the previous month's values of this area to DHIS2 by itself, once a month; null = off. */
  monthlyPush: z
    .object({ orgUnitId: z.uuid(), orgUnitName: z.string(), lastPeriod: z.string().nullable() })
    .nullable(),
});
export type Dhis2Mapping = z.infer<typeof Dhis2MappingSchema>;

export const Dhis2MonthlyPushSchema = z.strictObject({
  /** The area whose values are sent every month; null switches the monthly push off. */
  orgUnit: z.uuid().nullable(),
});

export const Dhis2ExportQuerySchema = z.strictObject({
  orgUnit: z.uuid(),
  /** A standard period (`2025`, `2025Q1`, `202503`); it is split into the data set's period type. */
  period: z.string().max(30),
  format: z.enum(['json', 'csv']).default('json'),
});
export type Dhis2ExportQuery = z.infer<typeof Dhis2ExportQuerySchema>;

export const Dhis2PushSchema = z.strictObject({
  orgUnit: z.uuid(),
  period: z.string().max(30),
  dryRun: z.boolean(),
});

/** A DHIS2 data value, in the field names of `/api/dataValueSets`. */
export const Dhis2DataValueSchema = z.object({
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  categoryOptionCombo: z.string(),
  value: z.string(),
});
export type Dhis2DataValue = z.infer<typeof Dhis2DataValueSchema>;

/** The export with what it left out and why, shown before a download or a push. */
export const Dhis2ExportSummarySchema = z.object({
  mappingVersion: z.number().int(),
  periods: z.array(z.string()),
  values: z.number().int(),
  /** Facilities with no DHIS2 id: DHIS2 cannot receive their values. */
  unitsWithoutDhis2Id: z.array(z.object({ code: z.string(), name: z.string() })),
  dataValues: z.array(Dhis2DataValueSchema),
});
export type Dhis2ExportSummary = z.infer<typeof Dhis2ExportSummarySchema>;

/** DHIS2's import summary, in the shape of every DHIS2 version we read (2.36+). */
export const Dhis2PushResultSchema = z.object({
  dryRun: z.boolean(),
  status: z.string(),
  imported: z.number().int(),
  updated: z.number().int(),
  ignored: z.number().int(),
  deleted: z.number().int(),
  conflicts: z.array(z.object({ object: z.string(), value: z.string() })),
  values: z.number().int(),
});
export type Dhis2PushResult = z.infer<typeof Dhis2PushResultSchema>;

/** DHIS2 CSV data value columns, in DHIS2's order (`/api/dataValueSets.csv`). */
export const DHIS2_CSV_COLUMNS = [
  'dataelement',
  'period',
  'orgunit',
  'catoptcombo',
  'attroptcombo',
  'value',
  'storedby',
  'lastupdated',
  'comment',
  'followup',
] as const;
