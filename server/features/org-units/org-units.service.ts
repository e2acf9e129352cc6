import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import {
  COMMUNE_SEARCH_DEFAULT,
  type CommuneHit,
  type CommuneSearchQuery,
} from '../../../shared/org-units/commune-search.schema';
import {
  allowedParentKinds,
  type CreateOrgUnit,
  isServicePoint,
  type OrgUnit,
  type OrgUnitKind,
  type UpdateOrgUnit,
} from '../../../shared/org-units/org-unit.schema';
import { toSearchText } from '../../../shared/org-units/search-text';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject } from '../audit/audit.repo';
import {
  countActiveChildren,
  findOrgUnit,
  findOrgUnitByCode,
  findOrgUnitWithAncestors,
  insertOrgUnit,
  listOrgUnits,
  moveSubtree,
  pageOrgUnitsByPath,
  searchCommunes,
  updateOrgUnitFields,
} from './org-units.repo';

const orgUnitSubject = auditSubject('org_unit');

const DEFAULT_TIMEZONE = 'UTC';
const FACILITY_FIELDS = [
  'facilityLevel',
  'providesBirths',
  'birthsPerYear',
  'eencIntroducedOn',
  'eencTeamFormedOn',
] as const;

/** Visible = inside one of the reader's subtrees, or on the way down to one (breadcrumbs, browsing). */
function isVisible(principal: Principal, unit: Pick<OrgUnit, 'path'>): boolean {
  return isPathInScope(principal, unit.path) || principal.scopes.some((s) => s.path.startsWith(unit.path));
}

export async function getOrgUnit(q: Queryable, id: string): Promise<OrgUnit> {
  const unit = await findOrgUnit(q, id);
  if (!unit) throw new AppError('not_found', 'errors.notFound');
  return unit;
}

export async function getVisibleOrgUnit(deps: AppDeps, principal: Principal, id: string) {
  const found = await findOrgUnitWithAncestors(deps.db, id);
  if (!found) throw new AppError('not_found', 'errors.notFound');
  const { unit, ancestors } = found;
  if (!isVisible(principal, unit)) throw new AppError('out_of_scope', 'errors.outOfScope');
  return { ...unit, ancestors, inScope: isPathInScope(principal, unit.path) };
}

export type ListQuery = {
  parent?: string;
  q?: string;
  kind?: OrgUnitKind;
  includeInactive?: 'true' | 'false';
  limit?: number;
};

/**
 * A page of the units the reader may see, in path order (FHIR searches): under `parent` (which must be
 * visible), or by code / DHIS2 id, or all of them. `cursor` is opaque to clients: the last path of the
 * previous page, base64url-encoded.
 */
export async function pageVisibleOrgUnits(
  deps: AppDeps,
  principal: Principal,
  query: { parent?: string; identifier?: string; cursor?: string; limit: number },
): Promise<{ items: OrgUnit[]; nextCursor: string | null }> {
  if (query.parent) {
    const parent = await getOrgUnit(deps.db, query.parent);
    if (!isVisible(principal, parent)) throw new AppError('out_of_scope', 'errors.outOfScope');
  }
  const rows = await pageOrgUnitsByPath(deps.db, {
    scopePaths: principal.scopes.map((s) => s.path),
    limit: query.limit + 1,
    ...(query.parent ? { parentId: query.parent } : {}),
    ...(query.identifier ? { identifier: query.identifier } : {}),
    ...(query.cursor ? { afterPath: Buffer.from(query.cursor, 'base64url').toString('utf8') } : {}),
  });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > query.limit && last ? Buffer.from(last.path, 'utf8').toString('base64url') : null,
  };
}

/** Without a parent or search: the reader's own scope units, the roots of their tree. */
export async function listVisibleOrgUnits(
  deps: AppDeps,
  principal: Principal,
  query: ListQuery,
): Promise<OrgUnit[]> {
  const scopePaths = principal.scopes.map((s) => s.path);
  const includeInactive = query.includeInactive === 'true';
  const limit = query.limit ?? 500;
  if (query.parent) {
    const parent = await getOrgUnit(deps.db, query.parent);
    if (!isVisible(principal, parent)) throw new AppError('out_of_scope', 'errors.outOfScope');
    return listOrgUnits(deps.db, {
      parentId: parent.id,
      scopePaths,
      includeAncestorsOf: true,
      includeInactive,
      limit,
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.q ? { search: query.q } : {}),
    });
  }
  if (query.q || query.kind) {
    return listOrgUnits(deps.db, {
      scopePaths,
      includeInactive,
      limit,
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.q ? { search: query.q } : {}),
    });
  }
  const roots = await Promise.all(principal.scopes.map((s) => findOrgUnit(deps.db, s.id)));
  return roots.filter((u): u is OrgUnit => u !== undefined && (includeInactive || u.active));
}

/**
 * The mother's commune for a birth at `query.facility`: any commune of the facility's country, since
 * mothers live outside the hospital's area (that is the point of the handover). Only names and codes are
 * answered, so no scope is needed on the communes; the facility itself must be one where the user may
 * record births, which also keeps the search to those who fill in the birth form.
 */
export async function findCommunesForBirth(
  deps: AppDeps,
  principal: Principal,
  query: CommuneSearchQuery,
): Promise<CommuneHit[]> {
  const found = await findOrgUnitWithAncestors(deps.db, query.facility);
  if (!found) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, 'record.write', found.unit.path);
  const chain = [...found.ancestors, found.unit];
  const pathOf = (kind: OrgUnitKind) => chain.find((u) => u.kind === kind)?.path ?? null;
  const countryPath = pathOf('country');
  if (!countryPath || !toSearchText(query.q)) return [];
  return searchCommunes(deps.db, {
    countryPath,
    districtPath: pathOf('district'),
    provincePath: pathOf('province'),
    search: query.q,
    limit: query.limit ?? COMMUNE_SEARCH_DEFAULT,
  });
}

function checkParentKind(kind: OrgUnitKind, parent: OrgUnit | undefined, issues: Issue[]): void {
  if (kind === 'region') {
    if (parent) issues.push({ path: 'parentId', message: 'orgUnits.regionIsRoot' });
    return;
  }
  if (!parent) {
    issues.push({ path: 'parentId', message: 'orgUnits.parentRequired' });
    return;
  }
  if (!allowedParentKinds[kind].includes(parent.kind)) {
    issues.push({
      path: 'parentId',
      message: 'orgUnits.parentKind',
      params: { kind, parentKind: parent.kind },
    });
  }
  if (!parent.active) issues.push({ path: 'parentId', message: 'orgUnits.parentInactive' });
}

function checkFacilityFields(
  kind: OrgUnitKind,
  input: Partial<Record<(typeof FACILITY_FIELDS)[number], unknown>>,
  issues: Issue[],
) {
  if (isServicePoint(kind)) return;
  for (const f of FACILITY_FIELDS) {
    const v = input[f];
    if (v !== undefined && v !== null && v !== false)
      issues.push({ path: f, message: 'orgUnits.facilityFieldsOnly' });
  }
}

function rethrowUnique(err: unknown, code: string): never {
  if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
    const detail = String((err as { detail?: string; constraint?: string }).constraint ?? '');
    if (detail.includes('code'))
      throw validationError([{ path: 'code', message: 'orgUnits.codeTaken', params: { code } }]);
    throw validationError([{ path: 'id', message: 'orgUnits.idTaken' }]);
  }
  throw err;
}

/** Creates one org unit inside a transaction the caller owns (used by the API and by imports). */
export async function createOrgUnitIn(
  tx: Queryable,
  actor: Principal | null,
  input: CreateOrgUnit & { dhis2Id?: string | null; dhis2Code?: string | null },
  now: Date,
): Promise<OrgUnit> {
  const issues: Issue[] = [];
  const parent = input.parentId ? await findOrgUnit(tx, input.parentId) : undefined;
  // Scope first: a parent outside the actor's area must not be described by validation messages.
  if (actor && parent) authorize(actor, 'org_unit.manage', parent.path);
  if (input.parentId && !parent) issues.push({ path: 'parentId', message: 'orgUnits.parentNotFound' });
  else checkParentKind(input.kind, parent, issues);
  checkFacilityFields(input.kind, input, issues);
  if (await findOrgUnitByCode(tx, input.code)) {
    issues.push({ path: 'code', message: 'orgUnits.codeTaken', params: { code: input.code } });
  }
  if (issues.length) throw validationError(issues);
  if (actor && !parent && !actor.scopes.some((s) => s.kind === 'region'))
    throw new AppError('out_of_scope', 'errors.outOfScope');
  // One tree: a second root would sit outside every administrator's scope, its creator's included.
  if (!parent && input.kind === 'region') {
    const [root] = await tx.query('select 1 from org_units where parent_id is null limit 1');
    if (root) throw validationError([{ path: 'kind', message: 'orgUnits.oneRegion' }]);
  }
  const id = input.id ?? newId();
  const servicePoint = isServicePoint(input.kind);
  try {
    await insertOrgUnit(tx, {
      id,
      code: input.code,
      name: input.name,
      kind: input.kind,
      level: parent ? parent.level + 1 : 1,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      facilityLevel: servicePoint
        ? (input.facilityLevel ?? (input.kind === 'commune' ? 'commune' : null))
        : null,
      providesBirths: servicePoint ? (input.providesBirths ?? false) : false,
      timezone: input.timezone ?? parent?.timezone ?? DEFAULT_TIMEZONE,
      birthsPerYear: input.birthsPerYear ?? null,
      eencIntroducedOn: input.eencIntroducedOn ?? null,
      eencTeamFormedOn: input.eencTeamFormedOn ?? null,
      dhis2Id: input.dhis2Id ?? null,
      dhis2Code: input.dhis2Code ?? null,
      closedOn: input.closedOn ?? null,
      actorId: actor?.userId ?? null,
      now,
    });
  } catch (err) {
    rethrowUnique(err, input.code);
  }
  const created = await getOrgUnit(tx, id);
  await auditChange(tx, actor, 'create', orgUnitSubject(id, id), {
    after: created,
  });
  return created;
}

export async function createOrgUnit(deps: AppDeps, actor: Principal, input: CreateOrgUnit): Promise<OrgUnit> {
  return deps.db.transaction((tx) => createOrgUnitIn(tx, actor, input, deps.clock.now()));
}

async function getForWrite(
  tx: Queryable,
  actor: Principal | null,
  id: string,
  version: number,
): Promise<OrgUnit> {
  const unit = await getOrgUnit(tx, id);
  if (actor) authorize(actor, 'org_unit.manage', unit.path);
  if (unit.version !== version) {
    throw versionConflict(version, unit.version);
  }
  return unit;
}

async function finishUpdate(
  tx: Queryable,
  actor: Principal | null,
  before: OrgUnit,
  ok: boolean,
  version: number,
) {
  if (!ok) {
    const current = await getOrgUnit(tx, before.id);
    throw versionConflict(version, current.version);
  }
  const after = await getOrgUnit(tx, before.id);
  await auditChange(tx, actor, 'update', orgUnitSubject(before.id, before.id), {
    before,
    after,
  });
  return after;
}

export async function updateOrgUnitIn(
  tx: Queryable,
  actor: Principal | null,
  id: string,
  input: UpdateOrgUnit & { dhis2Id?: string | null; dhis2Code?: string | null },
  now: Date,
): Promise<OrgUnit> {
  const before = await getForWrite(tx, actor, id, input.version);
  const issues: Issue[] = [];
  checkFacilityFields(before.kind, input, issues);
  if (input.code && input.code.toLowerCase() !== before.code.toLowerCase()) {
    const other = await findOrgUnitByCode(tx, input.code);
    if (other) issues.push({ path: 'code', message: 'orgUnits.codeTaken', params: { code: input.code } });
  }
  if (issues.length) throw validationError(issues);
  const { version, ...fields } = input;
  let ok: boolean;
  try {
    ok = await updateOrgUnitFields(tx, id, version, fields, actor?.userId ?? null, now);
  } catch (err) {
    rethrowUnique(err, input.code ?? before.code);
  }
  return finishUpdate(tx, actor, before, ok, version);
}

export async function updateOrgUnit(deps: AppDeps, actor: Principal, id: string, input: UpdateOrgUnit) {
  return deps.db.transaction((tx) => updateOrgUnitIn(tx, actor, id, input, deps.clock.now()));
}

export async function moveOrgUnitIn(
  tx: Queryable,
  actor: Principal | null,
  id: string,
  version: number,
  parentId: string,
  now: Date,
): Promise<OrgUnit> {
  const before = await getForWrite(tx, actor, id, version);
  const parent = await findOrgUnit(tx, parentId);
  if (actor && parent) authorize(actor, 'org_unit.manage', parent.path);
  const issues: Issue[] = [];
  if (!parent) issues.push({ path: 'parentId', message: 'orgUnits.parentNotFound' });
  else {
    checkParentKind(before.kind, parent, issues);
    if (parent.path.startsWith(before.path))
      issues.push({ path: 'parentId', message: 'orgUnits.moveIntoOwnSubtree' });
  }
  if (issues.length || !parent) throw validationError(issues);
  await moveSubtree(tx, before.path, `${parent.path}${before.id}/`, parent.level + 1 - before.level);
  const ok =
    (
      await tx.query(
        `update org_units set parent_id = $2, version = version + 1, updated_at = $4, updated_by = $5
      where id = $1 and version = $3 returning id`,
        [id, parent.id, version, now, actor?.userId ?? null],
      )
    ).length === 1;
  return finishUpdate(tx, actor, before, ok, version);
}

export async function moveOrgUnit(
  deps: AppDeps,
  actor: Principal,
  id: string,
  version: number,
  parentId: string,
) {
  return deps.db.transaction((tx) => moveOrgUnitIn(tx, actor, id, version, parentId, deps.clock.now()));
}

/** Deactivation keeps the unit and its records; a unit with active children cannot be deactivated. */
export async function setOrgUnitActive(
  deps: AppDeps,
  actor: Principal,
  id: string,
  version: number,
  active: boolean,
) {
  return deps.db.transaction(async (tx) => {
    const before = await getForWrite(tx, actor, id, version);
    if (!active) {
      const count = await countActiveChildren(tx, id);
      if (count > 0)
        throw validationError([{ path: 'active', message: 'orgUnits.hasActiveChildren', params: { count } }]);
    } else if (before.parentId) {
      const parent = await getOrgUnit(tx, before.parentId);
      if (!parent.active) throw validationError([{ path: 'active', message: 'orgUnits.parentInactive' }]);
    }
    const ok = await updateOrgUnitFields(tx, id, version, { active }, actor.userId, deps.clock.now());
    return finishUpdate(tx, actor, before, ok, version);
  });
}
