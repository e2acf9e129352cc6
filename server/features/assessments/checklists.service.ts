import type {
  ChecklistVersion,
  ChecklistVersionSummary,
  UpdateChecklist,
} from '../../../shared/assessments/assessment.schema';
import { validateChecklistDefinition } from '../../../shared/assessments/checklist-validation';
import type { Principal } from '../../../shared/auth/principal';
import { AppError, validationError, versionConflict } from '../../../shared/errors';
import { zodLocaleOf } from '../../../shared/i18n/zod-locale';
import { newId } from '../../../shared/ids';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso, toIsoOrNull } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  type ChecklistRow,
  deleteChecklistDraft,
  ensureDefaultChecklist,
  findActiveChecklistId,
  findChecklistVersion,
  insertChecklistVersion,
  listChecklistVersions,
  publishChecklist,
  updateChecklistDraft,
} from './checklists.repo';

const checklistVersionSubject = auditSubject('checklist_version');

function toSummary(row: ChecklistRow, activeId: string | undefined): ChecklistVersionSummary {
  return {
    id: row.id,
    countryId: row.country_id,
    countryName: row.country_name,
    basedOnId: row.based_on_id,
    label: row.label,
    status: row.status,
    isActive: row.id === activeId,
    publishedAt: toIsoOrNull(row.published_at),
    assessmentCount: Number(row.assessment_count),
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    updatedBy: row.updated_by_name,
  };
}

const toVersion = (row: ChecklistRow, activeId: string | undefined): ChecklistVersion => ({
  ...toSummary(row, activeId),
  definition: row.definition,
});

async function getCountry(deps: AppDeps, countryId: string, path = 'countryId') {
  const country = await findOrgUnit(deps.db, countryId);
  if (country?.kind !== 'country') throw validationError([{ path, message: 'checklists.notCountry' }]);
  return country;
}

/** Regional defaults and a country's own versions, with the one new assessments there get marked active. */
export async function listChecklists(
  deps: AppDeps,
  countryId: string | undefined,
): Promise<ChecklistVersionSummary[]> {
  await ensureDefaultChecklist(deps.db, deps.clock.now());
  if (countryId) await getCountry(deps, countryId, 'country');
  const rows = await listChecklistVersions(deps.db, countryId ?? null);
  const activeId = await findActiveChecklistId(deps.db, countryId ?? null);
  return rows.map((r) => toSummary(r, activeId));
}

export async function getChecklist(deps: AppDeps, id: string): Promise<ChecklistVersion> {
  await ensureDefaultChecklist(deps.db, deps.clock.now());
  const row = await findChecklistVersion(deps.db, id);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  return toVersion(row, await findActiveChecklistId(deps.db, row.country_id));
}

/** A national admin copies the regional default (or one of the country's versions) into a country draft. */
export async function copyChecklist(
  deps: AppDeps,
  principal: Principal,
  input: { id?: string | undefined; basedOnId: string; countryId: string; label?: string | undefined },
): Promise<{ checklist: ChecklistVersion; created: boolean }> {
  const now = deps.clock.now();
  const country = await getCountry(deps, input.countryId);
  authorize(principal, 'config.manage', country.path);
  return deps.db.transaction(async (tx) => {
    await ensureDefaultChecklist(tx, now);
    if (input.id) {
      const existing = await findChecklistVersion(tx, input.id);
      if (existing) {
        if (existing.based_on_id !== input.basedOnId || existing.country_id !== input.countryId)
          throw new AppError('conflict', 'checklists.idTaken', [
            { path: 'id', message: 'checklists.idTaken' },
          ]);
        return {
          checklist: toVersion(existing, await findActiveChecklistId(tx, country.id)),
          created: false,
        };
      }
    }
    const base = await findChecklistVersion(tx, input.basedOnId);
    if (!base) throw validationError([{ path: 'basedOnId', message: 'errors.notFound' }]);
    if (base.country_id !== null && base.country_id !== country.id)
      throw validationError([{ path: 'basedOnId', message: 'checklists.countryMismatch' }]);
    const id = input.id ?? newId();
    const label = input.label ?? `${base.label} — ${country.name}`;
    await insertChecklistVersion(tx, {
      id,
      countryId: country.id,
      basedOnId: base.id,
      label,
      definition: base.definition,
      actorId: principal.userId,
      now,
    });
    await auditChange(tx, principal, 'create', checklistVersionSubject(id, country.id), {
      after: { label, basedOnId: base.id },
    });
    const row = (await findChecklistVersion(tx, id))!;
    return { checklist: toVersion(row, await findActiveChecklistId(tx, country.id)), created: true };
  });
}

async function loadCountryDraft(deps: AppDeps, principal: Principal, id: string) {
  const row = await findChecklistVersion(deps.db, id);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  if (!row.country_id || !row.country_path) throw new AppError('conflict', 'checklists.notDraft');
  authorize(principal, 'config.manage', row.country_path);
  if (row.status !== 'draft') throw new AppError('conflict', 'checklists.notDraft');
  return row;
}

/**
 * Saves a draft. The whole definition is checked and every problem is answered at once, at
 * `definition.<path>`, in the editor's language; nothing is saved while a problem remains.
 */
export async function updateChecklist(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: UpdateChecklist,
): Promise<ChecklistVersion> {
  const now = deps.clock.now();
  const row = await loadCountryDraft(deps, principal, id);
  let definition = row.definition;
  if (input.definition !== undefined) {
    const checked = validateChecklistDefinition(input.definition, {
      error: zodLocaleOf(principal.locale).localeError,
    });
    if (!checked.definition)
      throw validationError(
        checked.issues.map((i) => ({ ...i, path: `definition.${i.path}`.replace(/\.$/, '') })),
      );
    definition = checked.definition;
  }
  return deps.db.transaction(async (tx) => {
    const label = input.label ?? row.label;
    if (
      row.version !== input.version ||
      !(await updateChecklistDraft(tx, id, input.version, { label, definition }, principal.userId, now))
    )
      throw versionConflict(input.version, row.version);
    await auditChange(tx, principal, 'update', checklistVersionSubject(id, row.country_id), {
      before: { label: row.label, definition: row.definition },
      after: { label, definition },
    });
    const updated = (await findChecklistVersion(tx, id))!;
    return toVersion(updated, await findActiveChecklistId(tx, row.country_id));
  });
}

/** Publishes a draft: new assessments in the country use it; earlier ones keep their own version. */
export async function publishChecklistVersion(
  deps: AppDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<ChecklistVersion> {
  const now = deps.clock.now();
  const row = await loadCountryDraft(deps, principal, id);
  const checked = validateChecklistDefinition(row.definition);
  if (!checked.definition)
    throw validationError(checked.issues.map((i) => ({ ...i, path: `definition.${i.path}` })));
  return deps.db.transaction(async (tx) => {
    if (!(await publishChecklist(tx, id, row.country_id!, version, principal.userId, now)))
      throw versionConflict(version, row.version);
    await auditChange(tx, principal, 'update', checklistVersionSubject(id, row.country_id), {
      before: { status: 'draft' },
      after: { status: 'published' },
    });
    const updated = (await findChecklistVersion(tx, id))!;
    return toVersion(updated, await findActiveChecklistId(tx, row.country_id));
  });
}

export async function deleteChecklist(deps: AppDeps, principal: Principal, id: string, version: number) {
  const row = await loadCountryDraft(deps, principal, id);
  await deps.db.transaction(async (tx) => {
    if (!(await deleteChecklistDraft(tx, id, version))) throw versionConflict(version, row.version);
    await auditChange(tx, principal, 'delete', checklistVersionSubject(id, row.country_id), {
      before: { label: row.label },
    });
  });
}
