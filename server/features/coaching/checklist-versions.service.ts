import type { Principal } from '../../../shared/auth/principal';
import {
  type AdaptedChecklist,
  adaptedChecklistIssues,
  type CopyChecklist,
  type EditChecklist,
} from '../../../shared/coaching/checklist-versions.schema';
import {
  CHECKLISTS,
  type ChecklistDefinition,
  currentChecklists,
  findChecklist,
} from '../../../shared/coaching/checklists';
import type { ChecklistDefinitions } from '../../../shared/coaching/coaching.schema';
import { AppError, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  type ChecklistVersionRow,
  countRecordsByVersion,
  findCountryCopy,
  findStoredVersion,
  hasRecords,
  insertStoredVersion,
  listCountryVersions,
  toDefinition,
  updateStoredVersion,
} from './checklist-versions.repo';

/**
 * A country's own coaching checklists (docs/coaching.md, "A country's checklists"), the way Module 3
 * keeps its assessment checklists per country (server/features/assessments/checklists.service.ts): a
 * national manager copies a shipped checklist into the country and adapts it. Unlike Module 3 there is
 * no draft: an edit of a version nothing was recorded on changes it, an edit of a used version adds the
 * next version, so a recorded checklist always keeps the definition it was scored on.
 */
const versionSubject = auditSubject('coaching_checklist_version');

/** A checklist version by id and version: shipped with OpenEENC, or a country's own (optionally locked). */
export async function resolveChecklist(
  q: Queryable,
  id: string,
  version: number,
  lock: '' | 'share' = '',
): Promise<(ChecklistDefinition & { countryId: string | null }) | undefined> {
  const shipped = findChecklist(id, version);
  if (shipped) return { ...shipped, countryId: null };
  const row = await findStoredVersion(q, id, version, lock);
  return row && { ...toDefinition(row), countryId: row.country_id };
}

/** The checklists recorded in a country: its own copies' latest versions, and the shipped ones it did not copy. */
export async function currentChecklistsFor(q: Queryable, countryId: string | null) {
  const own = countryId ? latestOfEach(await listCountryVersions(q, countryId)) : [];
  const replaced = new Set(own.map((r) => r.based_on_id));
  return [...currentChecklists().filter((c) => !replaced.has(c.id)), ...own.map(toDefinition)];
}

const latestOfEach = (rows: ChecklistVersionRow[]) => {
  const latest = new Map<string, ChecklistVersionRow>();
  for (const r of rows)
    if ((latest.get(r.checklist_id)?.version ?? 0) < r.version) latest.set(r.checklist_id, r);
  return [...latest.values()];
};

/** Whether a reader's area touches the country (inside it, or containing it). */
const touchesCountry = (principal: Principal, countryPath: string) =>
  principal.scopes.some((s) => s.path.startsWith(countryPath) || countryPath.startsWith(s.path));

async function getCountry(q: Queryable, countryId: string) {
  const country = await findOrgUnit(q, countryId);
  if (country?.kind !== 'country')
    throw validationError([{ path: 'countryId', message: 'checklists.notCountry' }]);
  return country;
}

/**
 * Every shipped checklist version and, with a country, that country's own versions; `current` marks
 * what the country records on.
 */
export async function listChecklistDefinitions(
  q: Queryable,
  principal: Principal,
  countryId: string | undefined,
): Promise<ChecklistDefinitions> {
  let own: ChecklistVersionRow[] = [];
  if (countryId) {
    const country = await getCountry(q, countryId);
    if (!touchesCountry(principal, country.path)) throw new AppError('out_of_scope', 'errors.outOfScope');
    own = await listCountryVersions(q, countryId);
  }
  const current = new Set(
    (await currentChecklistsFor(q, countryId ?? null)).map((c) => `${c.id}@${c.version}`),
  );
  const counts = await countRecordsByVersion(q, [
    ...new Set([...CHECKLISTS.map((c) => c.id), ...own.map((r) => r.checklist_id)]),
  ]);
  const item = (def: ChecklistDefinition, row?: ChecklistVersionRow) => ({
    ...def,
    current: current.has(`${def.id}@${def.version}`),
    countryId: row?.country_id ?? null,
    basedOnId: row?.based_on_id ?? null,
    rowVersion: row?.row_version ?? null,
    recordCount: counts.get(`${def.id}@${def.version}`) ?? 0,
  });
  return { items: [...CHECKLISTS.map((c) => item(c)), ...own.map((r) => item(toDefinition(r), r))] };
}

/** Copies the current version of a shipped checklist into a country (version 1 of the country's checklist). */
export async function copyChecklist(deps: AppDeps, principal: Principal, input: CopyChecklist) {
  const country = await getCountry(deps.db, input.countryId);
  authorize(principal, 'config.manage', country.path);
  const base = currentChecklists().find((c) => c.id === input.basedOnId);
  if (!base) throw validationError([{ path: 'basedOnId', message: 'coaching.checklistUnknown' }]);
  const id = input.id ?? newId();
  await deps.db.transaction(async (tx) => {
    const existing = await findCountryCopy(tx, country.id, base.id);
    if (existing?.checklist_id === id) return; // a retry of this copy
    if (existing) throw new AppError('conflict', 'coaching.checklistCopied');
    const def = { ...base, id, version: 1 };
    await insertStoredVersion(
      tx,
      { id, countryId: country.id, basedOnId: base.id, def },
      principal.userId,
      deps.clock.now(),
    );
    await auditChange(tx, principal, 'create', versionSubject(id, country.id), {
      after: { basedOnId: base.id, basedOnVersion: base.version },
    });
  });
  return listChecklistDefinitions(deps.db, principal, country.id);
}

/** Edits a country's checklist: in place while nothing was recorded on its latest version, else as a new version. */
export async function editChecklist(
  deps: AppDeps,
  principal: Principal,
  checklistId: string,
  input: EditChecklist,
) {
  const { version, ...edit } = input;
  return deps.db.transaction(async (tx) => {
    const latest = await findStoredVersion(tx, checklistId, 'latest', 'update');
    if (!latest) throw new AppError('not_found', 'coaching.notCountryChecklist');
    authorize(principal, 'config.manage', latest.country_path);
    if (latest.row_version !== version) throw versionConflict(version, latest.row_version);
    const issues = adaptedChecklistIssues(toDefinition(latest), edit);
    if (issues.length) throw validationError(issues);
    const now = deps.clock.now();
    const used = await hasRecords(tx, checklistId, latest.version);
    if (used)
      await insertStoredVersion(
        tx,
        {
          id: newId(),
          countryId: latest.country_id,
          basedOnId: latest.based_on_id,
          def: { ...toDefinition(latest), ...edit, version: latest.version + 1 },
        },
        principal.userId,
        now,
      );
    else await updateStoredVersion(tx, latest.id, edit, principal.userId, now);
    await auditChange(tx, principal, 'update', versionSubject(latest.id, latest.country_id), {
      before: pick(latest),
      after: { ...edit, version: used ? latest.version + 1 : latest.version },
    });
    return listChecklistDefinitions(tx, principal, latest.country_id);
  });
}

const pick = (r: ChecklistVersionRow): AdaptedChecklist & { version: number } => ({
  name: r.name,
  domains: r.domains,
  version: r.version,
});
