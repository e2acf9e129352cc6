import { z } from 'zod';
import { ExpectedVersionSchema, recordStamps } from '../record-version';

/** The org-unit hierarchy: region → country → province → district → facility, plus commune health stations. */
export const ORG_UNIT_KINDS = ['region', 'country', 'province', 'district', 'facility', 'commune'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];
export const OrgUnitKindSchema = z.enum(ORG_UNIT_KINDS);

/**
 * Which kind may sit under which. National hospitals hang off the country and provincial hospitals off
 * the province, so facilities accept three parent kinds.
 */
export const allowedParentKinds: Record<OrgUnitKind, readonly OrgUnitKind[]> = {
  region: [],
  country: ['region'],
  province: ['country'],
  district: ['province'],
  facility: ['country', 'province', 'district'],
  commune: ['district'],
};

/** Level of care of a facility; a disaggregation of every indicator. */
export const FACILITY_LEVELS = ['central', 'provincial', 'district', 'commune', 'private'] as const;
export type FacilityLevel = (typeof FACILITY_LEVELS)[number];

export const ORG_UNIT_CODE_MAX = 50;
export const ORG_UNIT_NAME_MAX = 230; // DHIS2's limit, so that imports never truncate

export const OrgUnitCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(ORG_UNIT_CODE_MAX)
  .regex(/^[A-Za-z0-9_.-]+$/, 'orgUnits.codeFormat');
export const OrgUnitNameSchema = z.string().trim().min(1).max(ORG_UNIT_NAME_MAX);

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
export const TimeZoneSchema = z.string().max(64).refine(isValidTimeZone, 'orgUnits.timeZone');

export const OrgUnitSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: OrgUnitKindSchema,
  /** Depth in the tree, 1 for the region (as DHIS2 numbers levels). */
  level: z.number().int(),
  parentId: z.uuid().nullable(),
  path: z.string(),
  active: z.boolean(),
  facilityLevel: z.enum(FACILITY_LEVELS).nullable(),
  providesBirths: z.boolean(),
  timezone: z.string(),
  birthsPerYear: z.number().int().nullable(),
  eencIntroducedOn: z.iso.date().nullable(),
  eencTeamFormedOn: z.iso.date().nullable(),
  dhis2Id: z.string().nullable(),
  /** A DHIS2 code that is not a valid OpenEENC code, kept as it came. */
  dhis2Code: z.string().nullable(),
  /** The day the unit closed (DHIS2 `closedDate`): a facility counts as a birth facility until the day before. */
  closedOn: z.iso.date().nullable(),
  childCount: z.number().int(),
  ...recordStamps,
});
export type OrgUnit = z.infer<typeof OrgUnitSchema>;

const editableFields = {
  name: OrgUnitNameSchema,
  code: OrgUnitCodeSchema,
  facilityLevel: z.enum(FACILITY_LEVELS).nullable(),
  providesBirths: z.boolean(),
  timezone: TimeZoneSchema,
  birthsPerYear: z.number().int().min(0).max(200_000).nullable(),
  eencIntroducedOn: z.iso.date().nullable(),
  eencTeamFormedOn: z.iso.date().nullable(),
  closedOn: z.iso.date().nullable(),
};

/** The settings of a unit that a create or an update may leave out (a create takes the parent's time zone). */
const optionalSettings = {
  facilityLevel: editableFields.facilityLevel.optional(),
  providesBirths: editableFields.providesBirths.optional(),
  timezone: editableFields.timezone.optional(),
  birthsPerYear: editableFields.birthsPerYear.optional(),
  eencIntroducedOn: editableFields.eencIntroducedOn.optional(),
  eencTeamFormedOn: editableFields.eencTeamFormedOn.optional(),
  closedOn: editableFields.closedOn.optional(),
};

export const CreateOrgUnitSchema = z.strictObject({
  id: z.uuid().optional(),
  code: editableFields.code,
  name: editableFields.name,
  kind: OrgUnitKindSchema,
  parentId: z.uuid().nullable(),
  ...optionalSettings,
});
export type CreateOrgUnit = z.infer<typeof CreateOrgUnitSchema>;

export const UpdateOrgUnitSchema = z.strictObject({
  version: ExpectedVersionSchema,
  name: editableFields.name.optional(),
  code: editableFields.code.optional(),
  ...optionalSettings,
});
export type UpdateOrgUnit = z.infer<typeof UpdateOrgUnitSchema>;

export const MoveOrgUnitSchema = z.strictObject({
  version: ExpectedVersionSchema,
  parentId: z.uuid(),
});

export const SetOrgUnitActiveSchema = z.strictObject({
  version: ExpectedVersionSchema,
  active: z.boolean(),
});

export const ListOrgUnitsQuerySchema = z.strictObject({
  parent: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  kind: OrgUnitKindSchema.optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Kinds that receive births and therefore facility attributes. */
export function isServicePoint(kind: OrgUnitKind): boolean {
  return kind === 'facility' || kind === 'commune';
}

/** One org unit with the units above it (`GET /api/org-units/:id`). */
export const OrgUnitDetailSchema = OrgUnitSchema.extend({
  ancestors: z.array(OrgUnitSchema),
  /** False for units shown only as the way down to the reader's own area. */
  inScope: z.boolean(),
});
export type OrgUnitDetail = z.infer<typeof OrgUnitDetailSchema>;
