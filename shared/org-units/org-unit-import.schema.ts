import { z } from 'zod';
import { IssueSchema } from '../errors';
import { OrgUnitKindSchema } from './org-unit.schema';

export const ImportFormat = { csv: 'csv', dhis2: 'dhis2' } as const;
export const ImportMode = { validate: 'validate', commit: 'commit' } as const;

/** Columns of the org-unit CSV, in template order. `parent_code` is empty only for the region. */
export const ORG_UNIT_CSV_COLUMNS = [
  'code',
  'name',
  'kind',
  'parent_code',
  'facility_level',
  'provides_births',
  'timezone',
  'births_per_year',
  'eenc_introduced_on',
  'eenc_team_formed_on',
  'closed_on',
] as const;

const Dhis2UidSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'import.dhis2Uid');

/**
 * A DHIS2 organisation-unit export, as `/api/organisationUnits?fields=id,code,name,parent,level,path,
 * closedDate,organisationUnitGroups[id,code]&paging=false` returns it. Real exports differ: some carry
 * only `path` (no `parent`, no `level`), codes are free text, and other fields are ignored.
 */
export const Dhis2OrgUnitSchema = z.object({
  id: Dhis2UidSchema,
  code: z.string().max(50).optional(),
  name: z.string(),
  parent: z.object({ id: Dhis2UidSchema }).optional(),
  level: z.number().int().min(1).optional(),
  path: z
    .string()
    .regex(/^(\/[A-Za-z][A-Za-z0-9]{10})+$/, 'import.dhis2Path')
    .optional(),
  /** A timestamp (`2025-05-22T15:21:48.516`) or a date; only the date is kept. */
  closedDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/, 'import.dhis2ClosedDate')
    .optional(),
  organisationUnitGroups: z
    .array(z.object({ id: z.string(), code: z.string().optional(), name: z.string().optional() }))
    .optional(),
});
export type Dhis2OrgUnit = z.infer<typeof Dhis2OrgUnitSchema>;
/** Each unit is checked on its own, so that one odd unit is a row error, not a refused file. */
export const Dhis2OrgUnitExportSchema = z.object({
  organisationUnits: z.array(z.unknown()).max(200_000),
});
export type Dhis2OrgUnitExport = z.infer<typeof Dhis2OrgUnitExportSchema>;

/** How DHIS2 levels map onto our kinds; DHIS2 instances number their levels differently. */
export const Dhis2LevelMapSchema = z.record(z.string().regex(/^\d+$/), OrgUnitKindSchema);
/**
 * How DHIS2 org-unit groups (by id or code) map onto our kinds. A unit in a mapped group takes that
 * kind whatever its level: a hospital at the district level is a facility, not a district.
 */
export const Dhis2GroupMapSchema = z.record(z.string().min(1).max(50), OrgUnitKindSchema);

export const ImportRowIssueSchema = IssueSchema.extend({
  /** 1-based row (CSV: line after the header; DHIS2: array position). */
  row: z.number().int(),
});
/** Like `Issue`, a row issue may carry params for its message key until it is translated. */
export type ImportRowIssue = z.infer<typeof ImportRowIssueSchema> & { params?: Record<string, unknown> };

/** What the import will do with one unit: the preview shown before a commit. */
export const ImportPreviewRowSchema = z.object({
  row: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: OrgUnitKindSchema,
  /** Where the kind came from: the file's kind column (CSV), a DHIS2 org-unit group or level. */
  kindFrom: z.enum(['column', 'group', 'level']),
  /** The parent's name as it will be, when known. */
  parent: z.string().nullable(),
  action: z.enum(['create', 'update', 'unchanged']),
  closedOn: z.iso.date().nullable(),
  /** A DHIS2 code kept aside because it is not a valid OpenEENC code (the DHIS2 id became the code). */
  dhis2Code: z.string().nullable(),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRowSchema>;
/** The preview lists at most this many units; the counts cover every row. */
export const IMPORT_PREVIEW_MAX = 500;

export const OrgUnitImportReportSchema = z.object({
  mode: z.enum(['validate', 'commit']),
  committed: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(ImportRowIssueSchema),
  preview: z.array(ImportPreviewRowSchema),
});
export type OrgUnitImportReport = Omit<z.infer<typeof OrgUnitImportReportSchema>, 'errors'> & {
  errors: ImportRowIssue[];
};
