import type { Principal } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import { localDate } from '../../../shared/births/local-date';
import type {
  CreateWorker,
  DeactivateWorker,
  HealthWorker,
  MoveWorker,
  Roster,
  UpdateWorker,
} from '../../../shared/coaching/coaching.schema';
import { DEFAULT_COVERAGE_YEARS } from '../../../shared/coaching/coaching-values';
import { isCovered, isInDenominator } from '../../../shared/coaching/coverage';
import { canSeeWorkerNames, workerCode } from '../../../shared/coaching/worker-identity';
import { AppError, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findCountryOf } from '../births/eenc-settings.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  endOpenPosting,
  findCoverageYears,
  findWorkerRow,
  insertPosting,
  insertPostedWorker,
  listRosterRows,
  lockWorker,
  touchWorker,
  updateWorkerContent,
  type WorkerListRow,
} from './roster.repo';

const workerSubject = auditSubject('health_worker');

/** A facility that can have a roster: an active facility (or commune station) where births take place. */
export async function getRosterFacility(
  q: Queryable,
  principal: Principal,
  id: string,
  permission: Permission,
): Promise<OrgUnit> {
  const unit = await findOrgUnit(q, id);
  if (!unit) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, permission, unit.path);
  if (unit.kind !== 'facility' && unit.kind !== 'commune')
    throw validationError([{ path: 'facilityId', message: 'coaching.notFacility' }]);
  return unit;
}

/** A roster facility that is still active: where workers are added and courses held (`path` names the field). */
export async function getActiveRosterFacility(
  q: Queryable,
  principal: Principal,
  id: string,
  permission: Permission,
  path = 'facilityId',
): Promise<OrgUnit> {
  const unit = await getRosterFacility(q, principal, id, permission);
  if (!unit.active) throw validationError([{ path, message: 'coaching.facilityInactive' }]);
  return unit;
}

export const facilityToday = (unit: Pick<OrgUnit, 'timezone'>, now: Date) => localDate(now, unit.timezone);

export async function coverageYearsAt(q: Queryable, path: string): Promise<number> {
  const country = await findCountryOf(q, path);
  return (country && (await findCoverageYears(q, country.id))) ?? DEFAULT_COVERAGE_YEARS;
}

/** A worker as the API shows it to `principal`: the name and phone only at the worker's facility. */
export function toHealthWorker(
  principal: Principal,
  row: WorkerListRow,
  today: string,
  years: number,
): HealthWorker {
  const visible = canSeeWorkerNames(principal, row.facility_path);
  return {
    id: row.id,
    code: workerCode(row.id),
    name: visible ? row.name : null,
    phone: visible ? row.phone : null,
    cadre: row.cadre,
    facilitatorLevel: row.facilitator_level,
    facilitatorCertifiedOn: row.facilitator_certified_on,
    facilityId: row.facility_id,
    facilityName: row.facility_name,
    ward: row.ward,
    active: row.ended_on === null || row.ended_on > today,
    postings: row.postings ?? [],
    lastCoachedOn: row.last_coached_on,
    covered: row.last_coached_on !== null && isCovered([row.last_coached_on], today, years),
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export async function listRoster(
  deps: AppDeps,
  principal: Principal,
  query: { facility: string; all?: 'true' | 'false' | undefined; q?: string | undefined },
): Promise<Roster> {
  const unit = await getRosterFacility(deps.db, principal, query.facility, 'workforce.read');
  const today = facilityToday(unit, deps.clock.now());
  const years = await coverageYearsAt(deps.db, unit.path);
  const namesVisible = canSeeWorkerNames(principal, unit.path);
  const rows = await listRosterRows(deps.db, unit.id, {
    today,
    all: query.all === 'true',
    search: query.q || undefined,
    byName: namesVisible,
  });
  const items = rows.map((r) => toHealthWorker(principal, r, today, years));
  const staff = items.filter((w) => isInDenominator(w.postings, unit.id, today));
  return {
    items,
    namesVisible,
    coverageYears: years,
    deliveryRoomStaff: staff.length,
    deliveryRoomCovered: staff.filter((w) => w.covered).length,
  };
}

async function loadWorker(deps: AppDeps, principal: Principal, id: string, permission: Permission) {
  const today = localDate(deps.clock.now(), 'UTC');
  const row = await findWorkerRow(deps.db, id, today);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, permission, row.facility_path);
  return row;
}

export async function getWorker(deps: AppDeps, principal: Principal, id: string): Promise<HealthWorker> {
  const row = await loadWorker(deps, principal, id, 'workforce.read');
  return workerView(deps, principal, row.id);
}

async function workerView(deps: AppDeps, principal: Principal, id: string, q: Queryable = deps.db) {
  const first = await findWorkerRow(q, id, '9999-12-31');
  if (!first) throw new AppError('not_found', 'errors.notFound');
  const unit = await findOrgUnit(q, first.facility_id);
  const today = facilityToday(unit!, deps.clock.now());
  const row = (await findWorkerRow(q, id, today))!;
  return toHealthWorker(principal, row, today, await coverageYearsAt(q, row.facility_path));
}

function checkFacilitator(input: { facilitatorLevel?: unknown; facilitatorCertifiedOn?: unknown }) {
  const level = input.facilitatorLevel ?? null;
  const date = input.facilitatorCertifiedOn ?? null;
  if ((level === null) !== (date === null))
    throw validationError([
      {
        path: level === null ? 'facilitatorLevel' : 'facilitatorCertifiedOn',
        message: 'coaching.facilitatorDate',
      },
    ]);
}

export async function createWorker(
  deps: AppDeps,
  principal: Principal,
  input: CreateWorker,
): Promise<{ worker: HealthWorker; created: boolean }> {
  const unit = await getActiveRosterFacility(deps.db, principal, input.facilityId, 'roster.manage');
  checkFacilitator(input);
  const country = await findCountryOf(deps.db, unit.path);
  if (!country) throw validationError([{ path: 'facilityId', message: 'coaching.notFacility' }]);
  const id = input.id ?? newId();
  const now = deps.clock.now();
  try {
    await deps.db.transaction(async (tx) => {
      const ids = { id, countryId: country.id, facilityId: unit.id };
      const after = await insertPostedWorker(tx, ids, input, now, principal.userId);
      await auditChange(tx, principal, 'create', workerSubject(id, unit.id), { after });
    });
  } catch (err) {
    if (pgErrorCode(err) !== PG_UNIQUE_VIOLATION) throw err;
    // A replayed create (offline outbox) answers with the stored worker; another record's id is a conflict.
    const existing = await findWorkerRow(deps.db, id, '9999-12-31');
    if (!existing || existing.facility_id !== unit.id || existing.name !== input.name)
      throw new AppError('conflict', 'coaching.idTaken', [{ path: 'id', message: 'coaching.idTaken' }]);
    return { worker: await workerView(deps, principal, id), created: false };
  }
  return { worker: await workerView(deps, principal, id), created: true };
}

export async function updateWorker(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: UpdateWorker,
): Promise<HealthWorker> {
  const row = await loadWorker(deps, principal, id, 'roster.manage');
  const content = {
    name: input.name ?? row.name,
    cadre: input.cadre ?? row.cadre,
    phone: input.phone === undefined ? row.phone : input.phone,
    facilitatorLevel: input.facilitatorLevel === undefined ? row.facilitator_level : input.facilitatorLevel,
    facilitatorCertifiedOn:
      input.facilitatorCertifiedOn === undefined
        ? row.facilitator_certified_on
        : input.facilitatorCertifiedOn,
  };
  checkFacilitator(content);
  await deps.db.transaction(async (tx) => {
    if (!(await updateWorkerContent(tx, id, input.version, content, deps.clock.now(), principal.userId)))
      throw versionConflict(input.version, row.version);
    const before = {
      name: row.name,
      cadre: row.cadre,
      phone: row.phone,
      facilitatorLevel: row.facilitator_level,
      facilitatorCertifiedOn: row.facilitator_certified_on,
    };
    await auditChange(tx, principal, 'update', workerSubject(id, row.facility_id), {
      before,
      after: content,
    });
  });
  return workerView(deps, principal, id);
}

/**
 * Ends the worker's current posting on `on` and, for a move, opens the new one from that day. The
 * history stays: the indicators count each worker where they work at the end of a period.
 */
async function changePosting(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: { version: number; on: string },
  next: { facility: OrgUnit; ward: MoveWorker['ward'] } | null,
): Promise<HealthWorker> {
  const row = await loadWorker(deps, principal, id, 'roster.manage');
  if (row.ended_on !== null) throw new AppError('conflict', 'coaching.workerInactive');
  if (input.on <= row.active_from)
    throw validationError([
      { path: 'on', message: 'coaching.dateBeforePosting', params: { date: row.active_from } },
    ]);
  await deps.db.transaction(async (tx) => {
    const version = await lockWorker(tx, id);
    if (version !== input.version) throw versionConflict(input.version, version ?? 0);
    await endOpenPosting(tx, id, input.on);
    const posting = next && {
      id: newId(),
      workerId: id,
      facilityId: next.facility.id,
      ward: next.ward,
      activeFrom: input.on,
    };
    if (posting) await insertPosting(tx, posting, deps.clock.now(), principal.userId);
    await touchWorker(tx, id, input.version, deps.clock.now(), principal.userId);
    await auditChange(tx, principal, 'update', workerSubject(id, row.facility_id), {
      before: { facilityId: row.facility_id, ward: row.ward, activeFrom: row.active_from, endedOn: null },
      after: posting ?? { endedOn: input.on },
      details: { change: posting ? 'move' : 'deactivate' },
    });
  });
  return workerView(deps, principal, id);
}

/**
 * A move needs the roster permission at the worker's current facility; the new one must be an active
 * facility of the same country (its lead cannot refuse; the move is audited at the old facility).
 */
export async function moveWorker(deps: AppDeps, principal: Principal, id: string, input: MoveWorker) {
  const facility = await findOrgUnit(deps.db, input.facilityId);
  if (!facility) throw validationError([{ path: 'facilityId', message: 'errors.notFound' }]);
  if (facility.kind !== 'facility' && facility.kind !== 'commune')
    throw validationError([{ path: 'facilityId', message: 'coaching.notFacility' }]);
  if (!facility.active) throw validationError([{ path: 'facilityId', message: 'coaching.facilityInactive' }]);
  const worker = await loadWorker(deps, principal, id, 'roster.manage');
  const [from, to] = [
    await findCountryOf(deps.db, worker.facility_path),
    await findCountryOf(deps.db, facility.path),
  ];
  if (from?.id !== to?.id) throw validationError([{ path: 'facilityId', message: 'coaching.otherCountry' }]);
  return changePosting(deps, principal, id, input, { facility, ward: input.ward });
}

export const deactivateWorker = (deps: AppDeps, principal: Principal, id: string, input: DeactivateWorker) =>
  changePosting(deps, principal, id, input, null);
