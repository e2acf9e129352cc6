import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Principal } from '../../../shared/auth/principal';
import { AppError, type Issue } from '../../../shared/errors';
import {
  FACILITY_LEVELS,
  OrgUnitCodeSchema,
  type OrgUnitKind,
  OrgUnitKindSchema,
  OrgUnitNameSchema,
  TimeZoneSchema,
} from '../../../shared/org-units/org-unit.schema';
import {
  type Dhis2OrgUnitExport,
  Dhis2OrgUnitExportSchema,
  type ImportRowIssue,
  ORG_UNIT_CSV_COLUMNS,
  type OrgUnitImportReport,
} from '../../../shared/org-units/org-unit-import.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { zodIssuesToIssues } from '../../http/error-handler';
import { uuidV5 } from '../../lib/uuid-v5';
import { writeAudit } from '../audit/audit.repo';
import { findOrgUnit, findOrgUnitByCode } from './org-units.repo';
import { createOrgUnitIn, moveOrgUnitIn, updateOrgUnitIn } from './org-units.service';

export const MAX_IMPORT_ROWS = 100_000;

/** One org unit to create or update, whatever file it came from. */
export type PlannedUnit = {
  row: number;
  code: string;
  name: string;
  kind: OrgUnitKind;
  /** Parent by code (CSV) or by DHIS2 id (DHIS2); `parentId` when it is an existing unit by id. */
  parentRef: { code: string } | { dhis2Id: string } | { id: string } | null;
  dhis2Id: string | null;
  id?: string;
  attributes: {
    facilityLevel?: (typeof FACILITY_LEVELS)[number] | null;
    providesBirths?: boolean;
    timezone?: string;
    birthsPerYear?: number | null;
    eencIntroducedOn?: string | null;
    eencTeamFormedOn?: string | null;
  };
};

/** Strict UTF-8: a Windows-1258 or Latin-1 file is refused with a clear message instead of garbling names. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError('validation_failed', 'import.notUtf8', [{ path: 'file', message: 'import.notUtf8' }]);
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const csvBoolean = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'import.badBoolean')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
);
const csvInt = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'import.badNumber')
    .transform(Number)
    .pipe(z.number().max(200_000)) // the API's limit; larger values overflowed the column (a 500)
    .optional(),
);
const csvDate = z.preprocess(blankToUndefined, z.iso.date().optional());

const CsvRowSchema = z.object({
  code: OrgUnitCodeSchema,
  name: OrgUnitNameSchema,
  kind: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), OrgUnitKindSchema),
  parent_code: z.preprocess(blankToUndefined, OrgUnitCodeSchema.optional()),
  facility_level: z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
    z.enum(FACILITY_LEVELS).optional(),
  ),
  provides_births: csvBoolean,
  timezone: z.preprocess(blankToUndefined, TimeZoneSchema.optional()),
  births_per_year: csvInt,
  eenc_introduced_on: csvDate,
  eenc_team_formed_on: csvDate,
});

function rowIssues(row: number, issues: Issue[], prefix = ''): ImportRowIssue[] {
  return issues.map((i) => ({ ...i, row, path: `rows.${row}${prefix}${i.path ? `.${i.path}` : ''}` }));
}

export function planFromCsv(text: string): { plan: PlannedUnit[]; errors: ImportRowIssue[] } {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: false, trim: true, bom: true });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'validation_failed',
      'import.csvSyntax',
      [{ path: 'file', message: 'import.csvSyntax', params: { detail } }],
      {
        detail,
      },
    );
  }
  const [header, ...body] = records;
  if (!header || body.length === 0)
    throw new AppError('validation_failed', 'import.emptyFile', [
      { path: 'file', message: 'import.emptyFile' },
    ]);
  if (body.length > MAX_IMPORT_ROWS) {
    throw new AppError('validation_failed', 'import.tooManyRows', [], { max: MAX_IMPORT_ROWS });
  }
  const columns = header.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(ORG_UNIT_CSV_COLUMNS);
  const unknown = columns.filter((c) => !known.has(c));
  const missing = ['code', 'name', 'kind', 'parent_code'].filter((c) => !columns.includes(c));
  if (unknown.length || missing.length) {
    const issues: Issue[] = [];
    if (missing.length)
      issues.push({
        path: 'header',
        message: 'import.missingColumns',
        params: { columns: missing.join(', ') },
      });
    if (unknown.length)
      issues.push({
        path: 'header',
        message: 'import.unknownColumns',
        params: { columns: unknown.join(', ') },
      });
    throw new AppError('validation_failed', 'errors.validation', issues);
  }
  const plan: PlannedUnit[] = [];
  const errors: ImportRowIssue[] = [];
  body.forEach((cells, index) => {
    const row = index + 1;
    const record = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    const parsed = CsvRowSchema.safeParse(record);
    if (!parsed.success) {
      errors.push(...rowIssues(row, zodIssuesToIssues(parsed.error.issues)));
      return;
    }
    const r = parsed.data;
    plan.push({
      row,
      code: r.code,
      name: r.name,
      kind: r.kind,
      parentRef: r.parent_code ? { code: r.parent_code } : null,
      dhis2Id: null,
      attributes: {
        ...(r.facility_level !== undefined ? { facilityLevel: r.facility_level } : {}),
        ...(r.provides_births !== undefined ? { providesBirths: r.provides_births } : {}),
        ...(r.timezone !== undefined ? { timezone: r.timezone } : {}),
        ...(r.births_per_year !== undefined ? { birthsPerYear: r.births_per_year } : {}),
        ...(r.eenc_introduced_on !== undefined ? { eencIntroducedOn: r.eenc_introduced_on } : {}),
        ...(r.eenc_team_formed_on !== undefined ? { eencTeamFormedOn: r.eenc_team_formed_on } : {}),
      },
    });
  });
  return { plan, errors };
}

export const DEFAULT_DHIS2_LEVELS: Record<string, OrgUnitKind> = {
  '1': 'country',
  '2': 'province',
  '3': 'district',
  '4': 'facility',
};

/**
 * DHIS2 units keep their DHIS2 id (`dhis2Id`) and get a UUID derived from it, so a second import of the
 * same export updates instead of duplicating. Units whose parent is not in the export hang under `rootParentId`.
 */
export function planFromDhis2(
  text: string,
  levels: Record<string, OrgUnitKind>,
  rootParentId: string | undefined,
): { plan: PlannedUnit[]; errors: ImportRowIssue[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', 'import.badJson', [{ path: 'file', message: 'import.badJson' }]);
  }
  const parsed = Dhis2OrgUnitExportSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('validation_failed', 'errors.validation', zodIssuesToIssues(parsed.error.issues));
  const units: Dhis2OrgUnitExport['organisationUnits'] = parsed.data.organisationUnits;
  if (units.length === 0)
    throw new AppError('validation_failed', 'import.emptyFile', [
      { path: 'file', message: 'import.emptyFile' },
    ]);
  const plan: PlannedUnit[] = [];
  const errors: ImportRowIssue[] = [];
  units.forEach((u, index) => {
    const row = index + 1;
    const kind = levels[String(u.level)];
    const issues: Issue[] = [];
    if (!kind) issues.push({ path: 'level', message: 'import.dhis2Level', params: { level: u.level } });
    const code = OrgUnitCodeSchema.safeParse(u.code?.trim() || u.id);
    if (!code.success) issues.push({ path: 'code', message: 'orgUnits.codeFormat' });
    const name = OrgUnitNameSchema.safeParse(u.name);
    if (!name.success)
      issues.push(...zodIssuesToIssues(name.error.issues).map((i) => ({ ...i, path: 'name' })));
    // A parent outside the file may have come with an earlier import; roots hang under rootParentId.
    const parentRef: PlannedUnit['parentRef'] = u.parent
      ? { dhis2Id: u.parent.id }
      : rootParentId
        ? { id: rootParentId }
        : null;
    if (issues.length || !kind || !code.success || !name.success) {
      errors.push(...rowIssues(row, issues));
      return;
    }
    plan.push({
      row,
      code: code.data,
      name: name.data,
      kind,
      parentRef,
      dhis2Id: u.id,
      id: uuidV5(`dhis2:${u.id}`),
      attributes: kind === 'facility' || kind === 'commune' ? { providesBirths: kind === 'facility' } : {},
    });
  });
  return { plan, errors };
}

/** Parents before children; a cycle among file rows is reported on each row in it. */
function orderPlan(plan: PlannedUnit[], errors: ImportRowIssue[]): PlannedUnit[] {
  const key = (u: PlannedUnit) => (u.dhis2Id ? `d:${u.dhis2Id}` : `c:${u.code.toLowerCase()}`);
  const refKey = (r: PlannedUnit['parentRef']) =>
    !r ? null : 'dhis2Id' in r ? `d:${r.dhis2Id}` : 'code' in r ? `c:${r.code.toLowerCase()}` : null;
  const byKey = new Map<string, PlannedUnit>();
  const seenCodes = new Set<string>();
  for (const u of plan) {
    const code = u.code.toLowerCase();
    if (byKey.has(key(u)) || seenCodes.has(code)) {
      errors.push(
        ...rowIssues(u.row, [{ path: 'code', message: 'import.duplicateCode', params: { code: u.code } }]),
      );
      continue;
    }
    seenCodes.add(code);
    byKey.set(key(u), u);
  }
  const ordered: PlannedUnit[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (u: PlannedUnit): boolean => {
    const k = key(u);
    if (state.get(k) === 'done') return true;
    if (state.get(k) === 'visiting') return false;
    state.set(k, 'visiting');
    const pk = refKey(u.parentRef);
    const parent = pk ? byKey.get(pk) : undefined;
    if (parent && !visit(parent)) {
      errors.push(...rowIssues(u.row, [{ path: 'parent', message: 'import.cycle' }]));
      state.set(k, 'done');
      return false;
    }
    state.set(k, 'done');
    ordered.push(u);
    return true;
  };
  for (const u of byKey.values()) visit(u);
  return ordered;
}

class DryRunRollback extends Error {}

/**
 * Applies a plan in one transaction through the same service functions as the API (rules, scope checks,
 * audit). Every row is tried so the report lists every problem; any problem, or `validate` mode,
 * rolls the whole transaction back: nothing is ever half-imported.
 */
export async function applyOrgUnitPlan(
  deps: AppDeps,
  actor: Principal,
  parsed: { plan: PlannedUnit[]; errors: ImportRowIssue[] },
  mode: 'validate' | 'commit',
  source: string,
): Promise<OrgUnitImportReport> {
  const errors = [...parsed.errors];
  const ordered = orderPlan(parsed.plan, errors);
  const report: OrgUnitImportReport = {
    mode,
    committed: false,
    rows: parsed.plan.length + new Set(parsed.errors.map((e) => e.row)).size,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors,
  };
  const now = deps.clock.now();
  try {
    await deps.db.transaction(async (tx) => {
      for (const u of ordered) {
        if (errors.some((e) => e.row === u.row)) continue;
        try {
          await applyOne(tx, actor, u, now, report);
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          errors.push(
            ...rowIssues(
              u.row,
              err.issues.length
                ? err.issues
                : [{ path: '', message: err.message, ...(err.params ? { params: err.params } : {}) }],
            ),
          );
        }
      }
      if (errors.length || mode === 'validate') throw new DryRunRollback();
      await writeAudit(tx, {
        actor,
        action: 'import',
        entityType: 'org_unit',
        details: { source, created: report.created, updated: report.updated, unchanged: report.unchanged },
        orgUnitId: actor.scopes[0]?.id ?? null,
      });
    });
    report.committed = true;
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  errors.sort((a, b) => a.row - b.row);
  return report;
}

async function resolveParentId(
  tx: Queryable,
  ref: PlannedUnit['parentRef'],
): Promise<string | null | 'missing'> {
  if (!ref) return null;
  if ('id' in ref) return (await findOrgUnit(tx, ref.id))?.id ?? 'missing';
  if ('code' in ref) return (await findOrgUnitByCode(tx, ref.code))?.id ?? 'missing';
  const [row] = await tx.query<{ id: string }>('select id from org_units where dhis2_id = $1', [ref.dhis2Id]);
  return row?.id ?? 'missing';
}

async function applyOne(
  tx: Queryable,
  actor: Principal,
  u: PlannedUnit,
  now: Date,
  report: OrgUnitImportReport,
) {
  const parentId = await resolveParentId(tx, u.parentRef);
  if (parentId === 'missing') {
    const ref = u.parentRef!;
    const issue: Issue =
      'dhis2Id' in ref
        ? { path: 'parent', message: 'import.dhis2Parent', params: { id: ref.dhis2Id } }
        : {
            path: 'parent_code',
            message: 'import.unknownParent',
            params: { code: 'code' in ref ? ref.code : ref.id },
          };
    throw new AppError('validation_failed', 'errors.validation', [issue]);
  }
  let existing = u.dhis2Id
    ? (await tx.query<{ id: string }>('select id from org_units where dhis2_id = $1', [u.dhis2Id]))[0]
    : undefined;
  const byCode = await findOrgUnitByCode(tx, u.code);
  // A code is free text in DHIS2: two units with different DHIS2 ids are two units even when their codes
  // match (case-insensitively), so the file's unit must not rename, re-id and re-parent ours.
  if (!existing && byCode?.dhis2Id && u.dhis2Id && byCode.dhis2Id !== u.dhis2Id) {
    throw new AppError('validation_failed', 'errors.validation', [
      {
        path: 'code',
        message: 'import.dhis2CodeTaken',
        params: { code: u.code, unit: byCode.name, unitId: byCode.dhis2Id, name: u.name, id: u.dhis2Id },
      },
    ]);
  }
  existing ??= byCode;
  if (!existing) {
    await createOrgUnitIn(
      tx,
      actor,
      {
        ...(u.id ? { id: u.id } : {}),
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentId,
        ...u.attributes,
        dhis2Id: u.dhis2Id,
      },
      now,
    );
    report.created++;
    return;
  }
  let current = (await findOrgUnit(tx, existing.id))!;
  let changed = false;
  if (current.kind !== u.kind) {
    throw new AppError('validation_failed', 'errors.validation', [
      { path: 'kind', message: 'orgUnits.parentKind', params: { kind: u.kind, parentKind: current.kind } },
    ]);
  }
  if (parentId && current.parentId !== parentId) {
    current = await moveOrgUnitIn(tx, actor, current.id, current.version, parentId, now);
    changed = true;
  }
  const wanted: Record<string, unknown> = { name: u.name, code: u.code, ...u.attributes };
  if (u.dhis2Id) wanted.dhis2Id = u.dhis2Id;
  const differs = Object.entries(wanted).some(([k, v]) => (current as Record<string, unknown>)[k] !== v);
  if (differs) {
    await updateOrgUnitIn(tx, actor, current.id, { version: current.version, ...wanted }, now);
    changed = true;
  }
  if (changed) report.updated++;
  else report.unchanged++;
}
