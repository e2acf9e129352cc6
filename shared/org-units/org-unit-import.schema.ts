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
] as const;

/** A DHIS2 organisation-unit export, as `/api/organisationUnits?fields=id,code,name,parent,level,path&paging=false` returns it. */
export const Dhis2OrgUnitExportSchema = z.object({
  organisationUnits: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'DHIS2 ids are 11 letters and digits'),
        code: z.string().optional(),
        name: z.string(),
        parent: z.object({ id: z.string() }).optional(),
        level: z.number().int().min(1),
        path: z.string().optional(),
      }),
    )
    .max(200_000),
});
export type Dhis2OrgUnitExport = z.infer<typeof Dhis2OrgUnitExportSchema>;

/** How DHIS2 levels map onto our kinds; DHIS2 instances number their levels differently. */
export const Dhis2LevelMapSchema = z.record(z.string().regex(/^\d+$/), OrgUnitKindSchema);

export const ImportRowIssueSchema = IssueSchema.extend({
  /** 1-based row (CSV: line after the header; DHIS2: array position). */
  row: z.number().int(),
});
/** Like `Issue`, a row issue may carry params for its message key until it is translated. */
export type ImportRowIssue = z.infer<typeof ImportRowIssueSchema> & { params?: Record<string, unknown> };

export const OrgUnitImportReportSchema = z.object({
  mode: z.enum(['validate', 'commit']),
  committed: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(ImportRowIssueSchema),
});
export type OrgUnitImportReport = Omit<z.infer<typeof OrgUnitImportReportSchema>, 'errors'> & {
  errors: ImportRowIssue[];
};
