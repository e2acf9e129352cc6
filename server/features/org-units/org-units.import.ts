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
  type Dhis2OrgUnit,
  Dhis2OrgUnitExportSchema,
  Dhis2OrgUnitSchema,
  IMPORT_PREVIEW_MAX,
  type ImportPreviewRow,
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
  /** Where the kind came from (shown in the preview). */
  kindFrom: 'column' | 'group' | 'level';
  /**
   * Parent by code (CSV) or by DHIS2 id (DHIS2; `otherwise` is the unit to attach to when that id is
   * neither in the file nor imported before); `id` when it is an existing unit by id.
   */
  parentRef: { code: string } | { dhis2Id: string; otherwise?: string } | { id: string } | null;
  dhis2Id: string | null;
  /** A DHIS2 code kept aside because it is not a valid OpenEENC code. */
  dhis2Code?: string | null;
  id?: string;
  attributes: {
    facilityLevel?: (typeof FACILITY_LEVELS)[number] | null;
    providesBirths?: boolean;
    timezone?: string;
    birthsPerYear?: number | null;
    eencIntroducedOn?: string | null;
    eencTeamFormedOn?: string | null;
    closedOn?: string | null;
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
  closed_on: csvDate,
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
      kindFrom: 'column',
      parentRef: r.parent_code ? { code: r.parent_code } : null,
      dhis2Id: null,
      attributes: {
        ...(r.facility_level !== undefined ? { facilityLevel: r.facility_level } : {}),
        ...(r.provides_births !== undefined ? { providesBirths: r.provides_births } : {}),
        ...(r.timezone !== undefined ? { timezone: r.timezone } : {}),
        ...(r.births_per_year !== undefined ? { birthsPerYear: r.births_per_year } : {}),
        ...(r.eenc_introduced_on !== undefined ? { eencIntroducedOn: r.eenc_introduced_on } : {}),
        ...(r.eenc_team_formed_on !== undefined ? { eencTeamFormedOn: r.eenc_team_formed_on } : {}),
        ...(r.closed_on !== undefined ? { closedOn: r.closed_on } : {}),
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

/** How a DHIS2 file maps onto our kinds and where its top units go. */
export type Dhis2ImportOptions = {
  levels: Record<string, OrgUnitKind>;
  /** Group id or code → kind; wins over the level. */
  groups?: Record<string, OrgUnitKind>;
  /** Where units go whose parent is neither in the file nor imported before (a partial export). */
  attachTo?: string;
};

/** The parent's DHIS2 id: `parent.id`, or the last-but-one id of `path` for exports without `parent`. */
function dhis2ParentId(u: Dhis2OrgUnit): string | undefined {
  if (u.parent) return u.parent.id;
  const ids = u.path?.split('/').filter(Boolean) ?? [];
  return ids.length > 1 ? ids[ids.length - 2] : undefined;
}

/** The kind from the first mapped group, else from the level (given, or the depth of `path`). */
function dhis2Kind(
  u: Dhis2OrgUnit,
  opts: Dhis2ImportOptions,
): { kind: OrgUnitKind; from: 'group' | 'level' } | Issue {
  const byGroup = new Set<OrgUnitKind>();
  for (const g of u.organisationUnitGroups ?? []) {
    const k = opts.groups?.[g.id] ?? (g.code ? opts.groups?.[g.code] : undefined);
    if (k) byGroup.add(k);
  }
  if (byGroup.size > 1)
    return {
      path: 'organisationUnitGroups',
      message: 'import.dhis2Groups',
      params: { kinds: [...byGroup].join(', ') },
    };
  const [fromGroup] = byGroup;
  if (fromGroup) return { kind: fromGroup, from: 'group' };
  const level = u.level ?? (u.path ? u.path.split('/').filter(Boolean).length : undefined);
  if (level === undefined) return { path: 'level', message: 'import.dhis2NoLevel' };
  const kind = opts.levels[String(level)];
  return kind ? { kind, from: 'level' } : { path: 'level', message: 'import.dhis2Level', params: { level } };
}

/**
 * DHIS2 units keep their DHIS2 id (`dhis2Id`) and get a UUID derived from it, so a second import of the
 * same export updates instead of duplicating. A DHIS2 code that is not a valid OpenEENC code is kept as
 * `dhis2Code` and the DHIS2 id becomes the code. Units whose parent is not in the file hang under the
 * unit imported before with that DHIS2 id, else under `attachTo`.
 */
export function planFromDhis2(
  text: string,
  opts: Dhis2ImportOptions,
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
  const raw = parsed.data.organisationUnits;
  if (raw.length === 0)
    throw new AppError('validation_failed', 'import.emptyFile', [
      { path: 'file', message: 'import.emptyFile' },
    ]);
  const plan: PlannedUnit[] = [];
  const errors: ImportRowIssue[] = [];
  const units = raw.map((r, index) => {
    const unit = Dhis2OrgUnitSchema.safeParse(r);
    if (!unit.success) errors.push(...rowIssues(index + 1, zodIssuesToIssues(unit.error.issues)));
    return unit.success ? unit.data : undefined;
  });
  const inFile = new Set(units.flatMap((u) => (u ? [u.id] : [])));
  units.forEach((u, index) => {
    if (!u) return;
    const row = index + 1;
    const issues: Issue[] = [];
    const kind = dhis2Kind(u, opts);
    if ('message' in kind) issues.push(kind);
    const dhis2Code = u.code?.trim() || null;
    const code = OrgUnitCodeSchema.safeParse(dhis2Code ?? u.id);
    const name = OrgUnitNameSchema.safeParse(u.name);
    if (!name.success)
      issues.push(...zodIssuesToIssues(name.error.issues).map((i) => ({ ...i, path: 'name' })));
    // Absent is "not said", not "open": DHIS2 leaves out fields not asked for, and empty ones.
    const closedOn = u.closedDate?.slice(0, 10);
    if (closedOn && !z.iso.date().safeParse(closedOn).success)
      issues.push({ path: 'closedDate', message: 'import.dhis2ClosedDate' });
    const parentId = dhis2ParentId(u);
    const parentRef: PlannedUnit['parentRef'] = parentId
      ? { dhis2Id: parentId, ...(!inFile.has(parentId) && opts.attachTo ? { otherwise: opts.attachTo } : {}) }
      : opts.attachTo
        ? { id: opts.attachTo }
        : null;
    if (issues.length || 'message' in kind || !name.success) {
      errors.push(...rowIssues(row, issues));
      return;
    }
    plan.push({
      row,
      // A DHIS2 code that is not one of ours ("OU 167609/MCHP") is kept aside; the unit's id is a valid code.
      code: code.success ? code.data : u.id,
      name: name.data,
      kind: kind.kind,
      kindFrom: kind.from,
      parentRef,
      dhis2Id: u.id,
      dhis2Code: code.success ? null : dhis2Code,
      id: uuidV5(`dhis2:${u.id}`),
      attributes: {
        ...(kind.kind === 'facility' || kind.kind === 'commune'
          ? { providesBirths: kind.kind === 'facility' }
          : {}),
        ...(closedOn ? { closedOn } : {}),
      },
    });
  });
  return { plan, errors };
}

/** Parents before children; a cycle among file rows is reported on each row in it. */
const key = (u: PlannedUnit) => (u.dhis2Id ? `d:${u.dhis2Id}` : `c:${u.code.toLowerCase()}`);
const refKey = (r: PlannedUnit['parentRef']) =>
  !r ? null : 'dhis2Id' in r ? `d:${r.dhis2Id}` : 'code' in r ? `c:${r.code.toLowerCase()}` : null;

function orderPlan(plan: PlannedUnit[], errors: ImportRowIssue[]): PlannedUnit[] {
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
    preview: [],
  };
  const now = deps.clock.now();
  try {
    await deps.db.transaction(async (tx) => {
      // A unit under a row that failed is not tried: its parent's problem is the one to report.
      const failed = new Set<string>();
      for (const u of ordered) {
        const parentKey = refKey(u.parentRef);
        if (errors.some((e) => e.row === u.row) || (parentKey && failed.has(parentKey))) {
          failed.add(key(u));
          continue;
        }
        try {
          await applyOne(tx, actor, u, now, report);
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          failed.add(key(u));
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
  report.preview.sort((a, b) => a.row - b.row);
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
  if (row) return row.id;
  // A partial export: the parent is not in the file and was never imported; attach where the user chose.
  return ref.otherwise ? ((await findOrgUnit(tx, ref.otherwise))?.id ?? 'missing') : 'missing';
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
    const created = await createOrgUnitIn(
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
        dhis2Code: u.dhis2Code ?? null,
      },
      now,
    );
    report.created++;
    await addPreview(tx, report, u, created.parentId, 'create');
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
  if (u.dhis2Id) {
    wanted.dhis2Id = u.dhis2Id;
    wanted.dhis2Code = u.dhis2Code ?? null;
  }
  const differs = Object.entries(wanted).some(([k, v]) => (current as Record<string, unknown>)[k] !== v);
  if (differs) {
    await updateOrgUnitIn(tx, actor, current.id, { version: current.version, ...wanted }, now);
    changed = true;
  }
  if (changed) report.updated++;
  else report.unchanged++;
  await addPreview(tx, report, u, current.parentId, changed ? 'update' : 'unchanged');
}

async function addPreview(
  tx: Queryable,
  report: OrgUnitImportReport,
  u: PlannedUnit,
  parentId: string | null,
  action: ImportPreviewRow['action'],
) {
  if (report.preview.length >= IMPORT_PREVIEW_MAX) return;
  const parent = parentId ? await findOrgUnit(tx, parentId) : undefined;
  report.preview.push({
    row: u.row,
    code: u.code,
    name: u.name,
    kind: u.kind,
    kindFrom: u.kindFrom,
    parent: parent?.name ?? null,
    action,
    closedOn: u.attributes.closedOn ?? null,
    dhis2Code: u.dhis2Code ?? null,
  });
}
