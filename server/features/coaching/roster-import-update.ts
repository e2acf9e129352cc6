import type { Principal } from '../../../shared/auth/principal';
import { RosterUpdateRowSchema } from '../../../shared/coaching/coaching.schema';
import type { Cadre, FacilitatorLevel, Ward } from '../../../shared/coaching/coaching-values';
import { workerCode } from '../../../shared/coaching/worker-identity';
import { newId } from '../../../shared/ids';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import type { Queryable } from '../../db/db';
import type { AuditWrite } from '../audit/audit.repo';
import { findCountryOf } from '../births/eenc-settings.repo';
import { endOpenPosting, insertPosting, lockWorker, touchWorker, updateWorkerContent } from './roster.repo';

/**
 * Rows of a roster import that name an existing worker (column `worker`: their id, or their code
 * `HW-3FA2C1`): the worker's details change, a new facility or ward from `active_from` moves them, and
 * `active_to` takes them off the roster, keeping the history exactly as the move and deactivate routes do.
 * Only workers on the importing facility's roster now can be named (the importer manages that roster); a
 * worker anywhere else reads as unknown, so an import cannot probe other facilities' codes.
 */

type CurrentWorker = {
  id: string;
  country_id: string;
  name: string;
  cadre: Cadre;
  phone: string | null;
  facilitator_level: FacilitatorLevel | null;
  facilitator_certified_on: string | null;
  ward: Ward;
  active_from: string;
};
type Facility = Pick<OrgUnit, 'id' | 'kind' | 'active' | 'path'> & { countryId: string | null };

export type UpdateContext = {
  facility: OrgUnit;
  workers: Map<string, CurrentWorker[]>;
  facilities: Map<string, Facility>;
  seen: Map<string, number>;
};

type Content = Pick<
  CurrentWorker,
  'name' | 'cadre' | 'phone' | 'facilitator_level' | 'facilitator_certified_on'
>;
export type RosterUpdate = {
  row: number;
  worker: CurrentWorker;
  content: Content | null;
  /** `facilityId` null: the worker leaves the roster on `on`. */
  posting: { on: string; facilityId: string | null; ward: Ward } | null;
};
export type Report = (column: string, message: string, params?: Record<string, unknown>) => void;
type ParseIssues = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) => void;

const CONTENT_KEYS = ['name', 'cadre', 'phone', 'facilitator_level', 'facilitator_certified_on'] as const;

/** The importing facility's current roster by id and by code, and the facilities the rows name by code. */
export async function loadUpdateContext(
  q: Queryable,
  facility: OrgUnit,
  codes: readonly string[],
): Promise<UpdateContext> {
  const rows = await q.query<CurrentWorker>(
    `select w.id, w.country_id, w.name, w.cadre, w.phone, w.facilitator_level,
            w.facilitator_certified_on::text as facilitator_certified_on, p.ward, p.active_from::text as active_from
       from health_worker_postings p join health_workers w on w.id = p.worker_id
      where p.facility_id = $1 and p.ended_on is null`,
    [facility.id],
  );
  const workers = new Map<string, CurrentWorker[]>();
  for (const w of rows)
    for (const key of [w.id, workerCode(w.id)]) workers.set(key, [...(workers.get(key) ?? []), w]);
  const units = await q.query<Omit<Facility, 'countryId'> & { code: string }>(
    'select id, code, kind, active, path from org_units where code = any($1::text[])',
    [[...new Set(codes)]],
  );
  const facilities = new Map<string, Facility>();
  for (const u of units)
    facilities.set(u.code, { ...u, countryId: (await findCountryOf(q, u.path))?.id ?? null });
  return { facility, workers, facilities, seen: new Map() };
}

/** Checks one row naming a worker; reports its problems and returns the change, or null. */
export function checkUpdateRow(
  ctx: UpdateContext,
  row: number,
  cells: Record<string, string | undefined>,
  report: Report,
  reportParse: ParseIssues,
): RosterUpdate | null {
  const ref = (cells.worker ?? '').trim();
  const found = ctx.workers.get(ref.toLowerCase()) ?? ctx.workers.get(ref.toUpperCase()) ?? [];
  const worker = found.length === 1 ? found[0]! : undefined;
  if (!worker) {
    report('worker', 'coaching.importUnknownWorker');
    return null;
  }
  const first = ctx.seen.get(worker.id);
  if (first !== undefined) {
    report('worker', 'coaching.importDuplicateWorker', { row: first });
    return null;
  }
  ctx.seen.set(worker.id, row);
  const given = (c: string) => (cells[c] ? cells[c] : undefined);
  const parsed = RosterUpdateRowSchema.safeParse({
    name: given('name'),
    cadre: given('cadre'),
    ward: given('ward'),
    activeFrom: given('active_from'),
    activeTo: given('active_to'),
    phone: given('phone'),
    facilitatorLevel: given('facilitator_level'),
    facilitatorCertifiedOn: given('facilitator_certified_on'),
  });
  if (!parsed.success) {
    reportParse(parsed.error.issues);
    return null;
  }
  const v = parsed.data;
  const content: Content = {
    name: v.name ?? worker.name,
    cadre: v.cadre ?? worker.cadre,
    phone: v.phone ?? worker.phone,
    facilitator_level: v.facilitatorLevel ?? worker.facilitator_level,
    facilitator_certified_on: v.facilitatorCertifiedOn ?? worker.facilitator_certified_on,
  };
  if (!content.facilitator_level !== !content.facilitator_certified_on) {
    report('facilitator_certified_on', 'coaching.facilitatorDate');
    return null;
  }
  const code = given('facility');
  const target: Facility | undefined =
    code === undefined ? { ...ctx.facility, countryId: worker.country_id } : ctx.facilities.get(code);
  const problem = !target
    ? 'coaching.importUnknownFacility'
    : target.kind !== 'facility' && target.kind !== 'commune'
      ? 'coaching.notFacility'
      : !target.active
        ? 'coaching.facilityInactive'
        : target.countryId !== worker.country_id
          ? 'coaching.otherCountry'
          : null;
  if (problem) {
    report('facility', problem);
    return null;
  }
  const ward = v.ward ?? worker.ward;
  const moves = target!.id !== ctx.facility.id || ward !== worker.ward;
  const on = moves ? v.activeFrom : v.activeTo;
  const dateProblem: Parameters<Report> | null =
    moves && v.activeTo
      ? ['active_to', 'coaching.importMoveOrLeave']
      : moves && !v.activeFrom
        ? ['active_from', 'coaching.importMoveDate']
        : !moves && v.activeFrom && v.activeFrom !== worker.active_from
          ? ['active_from', 'coaching.importActiveFromMove']
          : on !== undefined && on <= worker.active_from
            ? [
                moves ? 'active_from' : 'active_to',
                'coaching.dateBeforePosting',
                { date: worker.active_from },
              ]
            : null;
  if (dateProblem) {
    report(...dateProblem);
    return null;
  }
  const changed = CONTENT_KEYS.some((k) => content[k] !== worker[k]);
  return {
    row,
    worker,
    content: changed ? content : null,
    posting: on === undefined ? null : { on, facilityId: moves ? target!.id : null, ward },
  };
}

/** Writes one checked change in the import's transaction; returns its audit entry. */
export async function applyUpdate(
  tx: Queryable,
  u: RosterUpdate,
  ctx: { principal: Principal; facilityId: string; now: Date },
): Promise<AuditWrite> {
  const { worker, posting, content } = u;
  const actor = ctx.principal.userId;
  const version = (await lockWorker(tx, worker.id))!;
  if (posting) {
    await endOpenPosting(tx, worker.id, posting.on);
    if (posting.facilityId)
      await insertPosting(
        tx,
        {
          id: newId(),
          workerId: worker.id,
          facilityId: posting.facilityId,
          ward: posting.ward,
          activeFrom: posting.on,
        },
        ctx.now,
        actor,
      );
  }
  if (content) await updateWorkerContent(tx, worker.id, version, pick(content), ctx.now, actor);
  else await touchWorker(tx, worker.id, version, ctx.now, actor);
  const change = !posting ? 'update' : posting.facilityId ? 'move' : 'deactivate';
  return {
    actor: ctx.principal,
    action: 'import',
    entityType: 'health_worker',
    entityId: worker.id,
    orgUnitId: ctx.facilityId,
    before: { ...pick(worker), ward: worker.ward, activeFrom: worker.active_from },
    after: {
      ...(content ? pick(content) : {}),
      ...(posting ? { facilityId: posting.facilityId, ward: posting.ward, on: posting.on } : {}),
    },
    details: { row: u.row, change },
  };
}

const pick = (c: Content) => ({
  name: c.name,
  cadre: c.cadre,
  phone: c.phone,
  facilitatorLevel: c.facilitator_level,
  facilitatorCertifiedOn: c.facilitator_certified_on,
});

/** Whether the checked change writes anything (a row repeating the worker's details does not). */
export const changesSomething = (u: RosterUpdate) => u.content !== null || u.posting !== null;
