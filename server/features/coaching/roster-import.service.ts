import type { Principal } from '../../../shared/auth/principal';
import {
  CreateWorkerSchema,
  ROSTER_CSV_COLUMNS,
  type RosterImport,
  type RosterImportReport,
} from '../../../shared/coaching/coaching.schema';
import { CADRES, FACILITATOR_LEVELS, WARDS } from '../../../shared/coaching/coaching-values';
import { validationError } from '../../../shared/errors';
import { isMessageKey, translate } from '../../../shared/i18n/messages';
import { newId } from '../../../shared/ids';
import type { AppDeps } from '../../deps';
import { writeAuditBatch } from '../audit/audit.repo';
import { findCountryOf } from '../births/eenc-settings.repo';
import { insertPostedWorker } from './roster.repo';
import {
  applyUpdate,
  changesSomething,
  checkUpdateRow,
  loadUpdateContext,
  type RosterUpdate,
} from './roster-import-update';
import { getActiveRosterFacility } from './roster.service';
import { csvTable, xlsxTable } from './roster-table';

const MAX_ROWS = 5000;
const REQUIRED = ROSTER_CSV_COLUMNS.slice(0, 4);
export const CHOICES: Record<string, readonly string[]> = {
  cadre: CADRES,
  ward: WARDS,
  facilitator_level: FACILITATOR_LEVELS,
};
const COLUMN_OF: Record<string, string> = {
  name: 'name',
  cadre: 'cadre',
  ward: 'ward',
  activeFrom: 'active_from',
  phone: 'phone',
  facilitatorLevel: 'facilitator_level',
  facilitatorCertifiedOn: 'facilitator_certified_on',
  activeTo: 'active_to',
};
/** Columns that only a row naming an existing worker may fill. */
const UPDATE_ONLY = ['active_to', 'facility'] as const;

/**
 * Imports a facility's roster from CSV or Excel (.xlsx, its first sheet): every row is checked like a
 * worker added by hand (or, naming an existing worker in `worker`, like their edit, move or deactivation:
 * roster-import-update.ts), and the report names each problem by row and column. With `all`, one problem
 * imports nothing; with `valid`, the rows without problems are imported. One transaction, audited per
 * worker in one batch.
 */
export async function importRoster(
  deps: AppDeps,
  principal: Principal,
  input: RosterImport,
): Promise<RosterImportReport> {
  const unit = await getActiveRosterFacility(deps.db, principal, input.facilityId, 'roster.manage');
  const country = await findCountryOf(deps.db, unit.path);
  if (!country) throw validationError([{ path: 'facilityId', message: 'coaching.notFacility' }]);
  const table = input.xlsx !== undefined ? await xlsxTable(input.xlsx) : csvTable(input.csv ?? '');
  const file = input.xlsx !== undefined ? 'xlsx' : 'csv';
  const header = table.header.map((h) => h.trim());
  // A file that only updates workers may leave out the columns a new worker needs.
  const missing = header.includes('worker') ? [] : REQUIRED.filter((c) => !header.includes(c));
  if (missing.length)
    throw validationError([
      { path: file, message: 'coaching.csvColumns', params: { columns: missing.join(', ') } },
    ]);
  const unknown = header.filter((h) => h && !(ROSTER_CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length)
    throw validationError([
      { path: file, message: 'coaching.csvUnknown', params: { columns: unknown.join(', ') } },
    ]);
  const rows = table.rows;
  if (rows.length === 0) throw validationError([{ path: file, message: 'coaching.csvEmpty' }]);
  if (rows.length > MAX_ROWS)
    throw validationError([{ path: file, message: 'coaching.csvTooMany', params: { max: MAX_ROWS } }]);

  const say = (key: string, params?: Record<string, unknown>) =>
    isMessageKey(key) ? translate(principal.locale, key, params) : key;
  const issues: RosterImportReport['issues'] = [];
  const parseIssues = (row: number) => (list: ReadonlyArray<{ path: PropertyKey[]; message: string }>) => {
    for (const issue of list) {
      const column = COLUMN_OF[String(issue.path[0])] ?? String(issue.path[0]);
      const allowed = CHOICES[column];
      issues.push({
        row,
        column,
        message: allowed ? say('coaching.csvChoice', { allowed: allowed.join(', ') }) : say(issue.message),
      });
    }
  };
  const valid: Array<{ row: number; worker: ReturnType<typeof CreateWorkerSchema.parse> }> = [];
  const updates: RosterUpdate[] = [];
  const ctx = header.includes('worker')
    ? await loadUpdateContext(
        deps.db,
        unit,
        rows.flatMap((r) => (r.cells.facility ? [r.cells.facility] : [])),
      )
    : null;
  rows.forEach(({ row, cells }) => {
    if (ctx && cells.worker) {
      const before = issues.length;
      const report = (column: string, key: string, params?: Record<string, unknown>) =>
        issues.push({ row, column, message: say(key, params) });
      const update = checkUpdateRow(ctx, row, cells, report, parseIssues(row));
      if (update && issues.length === before) updates.push(update);
      return;
    }
    const blank = (c: string) => (cells[c] ? cells[c] : null);
    const parsed = CreateWorkerSchema.safeParse({
      facilityId: unit.id,
      name: cells.name ?? '',
      cadre: cells.cadre ?? '',
      ward: cells.ward ?? '',
      activeFrom: cells.active_from ?? '',
      phone: blank('phone'),
      facilitatorLevel: blank('facilitator_level'),
      facilitatorCertifiedOn: blank('facilitator_certified_on'),
    });
    const before = issues.length;
    for (const column of UPDATE_ONLY)
      if (cells[column]) issues.push({ row, column, message: say('coaching.importNeedsWorker') });
    if (!parsed.success) parseIssues(row)(parsed.error.issues);
    else if (!parsed.data.facilitatorLevel !== !parsed.data.facilitatorCertifiedOn)
      issues.push({ row, column: 'facilitator_certified_on', message: say('coaching.facilitatorDate') });
    if (parsed.success && issues.length === before) valid.push({ row, worker: parsed.data });
  });
  const changes = updates.filter(changesSomething);
  if ((input.mode === 'all' && issues.length) || valid.length + changes.length === 0)
    return { rows: rows.length, inserted: 0, updated: 0, issues };

  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const audit = [];
    for (const { row, worker } of valid) {
      const ids = { id: newId(), countryId: country.id, facilityId: unit.id };
      const after = await insertPostedWorker(tx, ids, worker, now, principal.userId);
      audit.push({
        actor: principal,
        action: 'import' as const,
        entityType: 'health_worker',
        entityId: ids.id,
        orgUnitId: unit.id,
        after,
        details: { row },
      });
    }
    for (const u of changes) audit.push(await applyUpdate(tx, u, { principal, facilityId: unit.id, now }));
    await writeAuditBatch(tx, audit);
  });
  return { rows: rows.length, inserted: valid.length, updated: changes.length, issues };
}
