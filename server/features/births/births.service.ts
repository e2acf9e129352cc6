import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import {
  type Birth,
  type BirthInput,
  BirthInputSchema,
  type BirthUpdate,
} from '../../../shared/births/birth.schema';
import { checkBirth, deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import { birthToInput } from '../../../shared/births/birth-to-input';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { localDate } from '../../../shared/births/local-date';
import { canonicalJson } from '../../../shared/diff';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject, writeAuditBatch } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  deleteBirthRow,
  findBirthRecord,
  findStoredBirthIds,
  insertBirthRecord,
  insertBirthRecords,
  replaceBirthRows,
} from './births.repo';
import {
  type BirthRecordRow,
  buildBirthRow,
  buildNewbornRow,
  type NewbornRow,
  toBirthDocument,
  withStoredPersonalData,
} from './births.rows';
import { getSettingsOfPath } from './eenc-settings.repo';

const BIRTH = auditSubject('birth');

/** The facility a birth is recorded at: a facility or commune station, active, inside the writer's scope. */
export async function getBirthFacility(
  q: Queryable,
  principal: Principal | null,
  facilityId: string,
): Promise<OrgUnit> {
  const facility = await findOrgUnit(q, facilityId);
  if (!facility) throw validationError([{ path: 'facilityId', message: 'errors.notFound' }]);
  if (principal) authorize(principal, 'record.write', facility.path);
  if (facility.kind !== 'facility' && facility.kind !== 'commune')
    throw validationError([{ path: 'facilityId', message: 'births.facilityKind' }]);
  if (!facility.active) throw validationError([{ path: 'facilityId', message: 'births.facilityInactive' }]);
  return facility;
}

export async function settingsForOrgUnit(q: Queryable, path: string): Promise<EencSettings> {
  return (await getSettingsOfPath(q, path)).settings;
}

async function checkCommune(q: Queryable, communeId: string | null, issues: Issue[]) {
  if (!communeId) return;
  const commune = await findOrgUnit(q, communeId);
  if (!commune) issues.push({ path: 'mother.communeId', message: 'births.communeNotFound' });
  else if (commune.kind !== 'commune')
    issues.push({ path: 'mother.communeId', message: 'births.communeKind' });
}

/** Everything a birth needs before it is written: hard rules, then derived practices and flags. */
export type PreparedBirth = { id: string; birthDate: string; birthRow: unknown[]; newbornRows: unknown[][] };

export function prepareBirth(
  input: BirthInput,
  ctx: {
    id: string;
    /** `closedOn`: the facility's closing date (DHIS2 `closedDate`); a birth after it is refused. */
    facility: Pick<OrgUnit, 'id' | 'timezone'> & { closedOn?: string | null };
    settings: EencSettings;
    now: Date;
    actorId: string | null;
    /** REGISTER_EARLIEST_BIRTH_DATE; null = an import allowed to load older births. */
    earliestBirthDate?: string | null | undefined;
  },
): { prepared?: PreparedBirth; issues: Issue[] } {
  const issues = checkBirth(input, {
    now: ctx.now,
    timeZone: ctx.facility.timezone,
    earliestBirthDate: ctx.earliestBirthDate,
  });
  if (issues.length) return { issues };
  const birthDate = localDate(input.delivery.bornAt, ctx.facility.timezone);
  const closedOn = ctx.facility.closedOn;
  if (closedOn && birthDate > closedOn)
    return {
      issues: [{ path: 'delivery.bornAt', message: 'births.facilityClosed', params: { date: closedOn } }],
    };
  const newbornRows = input.newborns.map((n) =>
    buildNewbornRow({
      input: n,
      id: n.id ?? newId(),
      derived: deriveNewborn(n, input.delivery, ctx.settings, {
        date: birthDate,
        bornAt: input.delivery.bornAt,
        timeZone: ctx.facility.timezone,
      }),
      birthId: ctx.id,
      facilityId: ctx.facility.id,
      birthDate,
      membranesRupturedOver18h: input.delivery.membranesRupturedOver18h,
      maternalFeverInLabour: input.delivery.maternalFeverInLabour,
    }),
  );
  const row = buildBirthRow({
    input,
    id: ctx.id,
    facilityId: ctx.facility.id,
    birthDate,
    flags: deliveryFlags(input.delivery, ctx.settings),
    now: ctx.now,
    actorId: ctx.actorId,
  });
  return { prepared: { id: ctx.id, birthDate, birthRow: row, newbornRows }, issues: [] };
}

/** The API document of a stored birth; name and phone removed unless the reader may see them. */
export function toBirth(birth: BirthRecordRow, newborns: NewbornRow[], reader: Principal | null): Birth {
  return toBirthDocument(birth, newborns, reader === null || canSeePersonalData(reader, birth.facility_path));
}

/**
 * A birth input in canonical form: defaults applied, instants in UTC, newborn ids filled. Two inputs
 * describe the same record exactly when their canonical JSON is equal (used for idempotent replays).
 */
/**
 * A birth written through the API (create or edit): the rules with the facility's settings, then one
 * validation error holding the issues found before (`issues`) and the rules' own.
 */
async function prepareOrRefuse(
  deps: AppDeps,
  tx: Queryable,
  principal: Principal,
  birth: { input: BirthInput; id: string; facility: OrgUnit; now: Date },
  issues: Issue[],
  settingsOf: (path: string) => Promise<EencSettings> = (path) => settingsForOrgUnit(tx, path),
): Promise<PreparedBirth> {
  const settings = await settingsOf(birth.facility.path);
  const { prepared, issues: ruleIssues } = prepareBirth(birth.input, {
    id: birth.id,
    facility: birth.facility,
    settings,
    now: birth.now,
    actorId: principal.userId,
    earliestBirthDate: deps.config.registerEarliestBirthDate,
  });
  issues.push(...ruleIssues);
  if (issues.length || !prepared) throw validationError(issues);
  return prepared;
}

function canonicalInput(input: Omit<BirthInput, 'id'>, newbornIds: ReadonlyMap<number, string>): string {
  const parsed = BirthInputSchema.parse(input);
  return canonicalJson({
    ...parsed,
    id: undefined,
    delivery: { ...parsed.delivery, bornAt: new Date(parsed.delivery.bornAt).toISOString() },
    newborns: parsed.newborns.map((n) => ({ ...n, id: n.id ?? newbornIds.get(n.birthOrder) })),
  });
}

/** Audit snapshots of a birth: the stored document (personal fields are masked for readers of the log). */
const snapshot = (b: Birth) => ({
  ...b,
  newborns: b.newborns.map(({ derived, ...n }) => ({ ...n, flags: derived.flags })),
});

async function loadBirth(q: Queryable, id: string, reader: Principal | null, forUpdate = false) {
  const found = await findBirthRecord(q, id, { forUpdate });
  if (!found) throw new AppError('not_found', 'errors.notFound');
  return { ...found, doc: toBirth(found.birth, found.newborns, reader) };
}

function rethrowIdConflict(err: unknown): never {
  if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
    throw new AppError('conflict', 'births.idTaken', [{ path: 'id', message: 'births.idTaken' }]);
  throw err;
}

/**
 * Records a birth. Idempotent on the client's id: the same document sent twice (an offline replay)
 * answers with the stored record; a different document under a used id is a conflict. `absent`: the
 * caller has just looked for the id in the same transaction and not found it (the sync push), so it is
 * not looked for again; a birth stored by someone else meanwhile is still answered as a replay.
 */
export async function createBirth(
  deps: AppDeps,
  principal: Principal,
  input: BirthInput,
  opts: { absent?: boolean } = {},
): Promise<{ birth: Birth; created: boolean }> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const facility = await getBirthFacility(tx, principal, input.facilityId);
      const existing = input.id && !opts.absent ? await findBirthRecord(tx, input.id) : undefined;
      if (existing) return storedReplay(principal, input, existing);
      const issues: Issue[] = [];
      await checkCommune(tx, input.mother.communeId, issues);
      const id = input.id ?? newId();
      const prepared = await prepareOrRefuse(deps, tx, principal, { input, id, facility, now }, issues);
      // The rows as stored come back from the inserts: nothing is read again.
      const after = await insertBirthRecord(tx, prepared.birthRow, prepared.newbornRows);
      if (!after) {
        const stored = await findBirthRecord(tx, id);
        if (stored) return storedReplay(principal, input, stored);
        throw new AppError('conflict', 'births.idTaken', [{ path: 'id', message: 'births.idTaken' }]);
      }
      const doc = toBirth(after.birth, after.newborns, null);
      await auditChange(tx, principal, 'create', BIRTH(id, facility.id), { after: snapshot(doc) });
      return { birth: toBirth(after.birth, after.newborns, principal), created: true };
    });
  } catch (err) {
    rethrowIdConflict(err);
  }
}

/** What `createBirths` answers for one input: the new birth, its refusal, or `stored` (the id exists). */
export type BirthCreated = { birth: Birth } | { refused: AppError } | 'stored';

/**
 * Records several new births in the caller's transaction (the sync push's creates), one statement per
 * table for all of them, so the rollups' statement triggers and the postnatal subjects run once. Each
 * input is checked as `createBirth` checks it (facility, commune, rules; the facility, commune and
 * settings looked up once each) and refused alone; an id already stored is answered `stored` and written
 * by nothing here (`createBirth`'s replay or the push's merge decides). Each created birth is audited.
 */
export async function createBirths(
  deps: AppDeps,
  principal: Principal,
  inputs: ReadonlyArray<BirthInput & { id: string }>,
): Promise<BirthCreated[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const stored = await findStoredBirthIds(
      tx,
      inputs.map((i) => i.id),
    );
    const facilityOf = once((id: string) => getBirthFacility(tx, principal, id));
    const communeIssues = once(async (id: string) => {
      const issues: Issue[] = [];
      await checkCommune(tx, id, issues);
      return issues;
    });
    const settingsOf = once((path: string) => settingsForOrgUnit(tx, path));
    const out: BirthCreated[] = [];
    const ready: Array<{ at: number; prepared: PreparedBirth; facility: OrgUnit }> = [];
    for (const [at, input] of inputs.entries()) {
      if (stored.has(input.id)) {
        out.push('stored');
        continue;
      }
      try {
        const facility = await facilityOf(input.facilityId);
        const issues = input.mother.communeId ? [...(await communeIssues(input.mother.communeId))] : [];
        const birth = { input, id: input.id, facility, now };
        const prepared = await prepareOrRefuse(deps, tx, principal, birth, issues, settingsOf);
        ready.push({ at, prepared, facility });
        out.push('stored'); // replaced below once inserted
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        out.push({ refused: err });
      }
    }
    const written = await insertBirthRecords(
      tx,
      ready.map((r) => r.prepared.birthRow),
      ready.flatMap((r) => r.prepared.newbornRows),
    );
    const byId = new Map(written.map((w) => [w.birth.id, w]));
    const audits = [];
    for (const r of ready) {
      const w = byId.get(r.prepared.id);
      if (!w) continue; // stored by someone else since the look-up: `stored`
      out[r.at] = { birth: toBirth(w.birth, w.newborns, principal) };
      const doc = toBirth(w.birth, w.newborns, null);
      audits.push({
        actor: principal,
        action: 'create' as const,
        ...BIRTH(r.prepared.id, r.facility.id),
        after: snapshot(doc),
      });
    }
    if (audits.length) await writeAuditBatch(tx, audits);
    return out;
  });
}

/** `fn` called once per argument (its promise kept, refusals included). */
function once<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key) => {
    let p = seen.get(key);
    if (!p) seen.set(key, (p = fn(key)));
    return p;
  };
}

/** A create of an id already stored: the stored record if it is the same document, else a conflict. */
function storedReplay(
  principal: Principal,
  input: BirthInput,
  existing: { birth: BirthRecordRow; newborns: NewbornRow[] },
): { birth: Birth; created: boolean } {
  authorize(principal, 'record.read', existing.birth.facility_path);
  const stored = toBirth(existing.birth, existing.newborns, null);
  const ids = new Map(stored.newborns.map((n) => [n.birthOrder, n.id]));
  if (canonicalInput(birthToInput(stored), ids) === canonicalInput(input, ids)) {
    return { birth: toBirth(existing.birth, existing.newborns, principal), created: false };
  }
  throw new AppError('conflict', 'births.idTaken', [{ path: 'id', message: 'births.idTaken' }]);
}

/** Opens one birth record; every opening is audited (the record holds personal data). */
export async function getBirth(deps: AppDeps, principal: Principal, id: string): Promise<Birth> {
  const { birth, doc } = await loadBirth(deps.db, id, principal);
  authorize(principal, 'record.read', birth.facility_path);
  await auditChange(deps.db, principal, 'read', BIRTH(id, birth.facility_id), {
    details: {
      personalData:
        !doc.personalDataHidden &&
        (doc.mother.name !== null || doc.mother.phone !== null || doc.mother.address !== null),
    },
  });
  return doc;
}

/**
 * Replaces a birth document if the stored version is the one the editor read (else 409, never a silent
 * overwrite). An editor who may not see the mother's name and phone keeps the stored ones.
 */
export async function updateBirth(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: BirthUpdate,
): Promise<Birth> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const current = await loadBirth(tx, id, null, true);
    authorize(principal, 'record.write', current.birth.facility_path);
    if (current.birth.version !== input.version) {
      throw versionConflict(input.version, current.birth.version);
    }
    const facility = await getBirthFacility(tx, principal, input.facilityId);
    const issues: Issue[] = [];
    await checkCommune(tx, input.mother.communeId, issues);
    const ownIds = new Set(current.newborns.map((n) => n.id));
    const byOrder = new Map(current.newborns.map((n) => [n.birth_order, n.id]));
    const newborns = input.newborns.map((n) => ({ ...n, id: n.id ?? byOrder.get(n.birthOrder) ?? newId() }));
    const foreign = newborns.filter((n) => !ownIds.has(n.id)).map((n) => n.id);
    if (foreign.length) {
      const taken = await tx.query<{ id: string }>('select id from newborns where id = any($1::uuid[])', [
        foreign,
      ]);
      for (const t of taken)
        issues.push({
          path: `newborns.${newborns.findIndex((n) => n.id === t.id)}.id`,
          message: 'births.idTaken',
        });
    }
    const keepPersonal = !canSeePersonalData(principal, current.birth.facility_path);
    const { version: _v, ...rest } = input;
    const edited = { ...rest, id, newborns };
    const prepared = await prepareOrRefuse(
      deps,
      tx,
      principal,
      { input: keepPersonal ? withStoredPersonalData(edited, current.birth) : edited, id, facility, now },
      issues,
    );
    // created_at/created_by are not overwritten (replaceBirthRows skips them).
    const ok = await replaceBirthRows(tx, id, input.version, prepared.birthRow, prepared.newbornRows);
    if (!ok) throw versionConflict(input.version, current.birth.version);
    const after = await loadBirth(tx, id, null);
    await auditChange(tx, principal, 'update', BIRTH(id, facility.id), {
      before: snapshot(current.doc),
      after: snapshot(after.doc),
    });
    return toBirth(after.birth, after.newborns, principal);
  });
}

export async function deleteBirth(
  deps: AppDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const current = await loadBirth(tx, id, null, true);
    authorize(principal, 'record.write', current.birth.facility_path);
    if (!(await deleteBirthRow(tx, id, version))) {
      throw versionConflict(version, current.birth.version);
    }
    await auditChange(tx, principal, 'delete', BIRTH(id, current.birth.facility_id), {
      before: snapshot(current.doc),
    });
  });
}
