import type { Principal } from '../../../shared/auth/principal';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { type ClientFacts, screeningState } from '../../../shared/screening/screening-rules';
import type {
  ScreeningClientDetail,
  ScreeningClientInput,
  ScreeningClientUpdate,
  ScreeningEventInput,
  ScreeningEventUpdate,
} from '../../../shared/screening/screening.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  type ClientRow,
  findClientOfBirth,
  findClientRow,
  findEventRow,
  findMother,
  insertClientRow,
  insertEventRow,
  listEventRows,
  saveClientState,
  updateClientRow,
  updateEventRow,
} from './screening.repo';
import { clientDetail, getClientRow, rulesReader, todayOf, toEvent } from './screening-view';

const CLIENT = auditSubject('screening_client');
const EVENT = auditSubject('screening_event');

export const factsOf = (r: Pick<ClientRow, 'birth_date' | 'birth_year' | 'hiv_status'>): ClientFacts => ({
  birthDate: r.birth_date,
  birthYear: r.birth_year,
  hivPositive: r.hiv_status === 'positive',
});

/** Re-derives and stores a client's state from her facts and events (after every change). */
export async function refreshClientState(q: Queryable, clientId: string): Promise<void> {
  const row = (await findClientRow(q, clientId))!;
  const { settings, version } = await rulesReader(q)(row.org_unit_path);
  const events = await listEventRows(q, clientId);
  await saveClientState(q, clientId, {
    state: screeningState(factsOf(row), events.map(toEvent), settings),
    ruleVersion: version,
  });
}

/** A unit where women are followed or screened: a facility or commune station in the reader's scope. */
async function getCareUnit(q: Queryable, reader: Principal, id: string, path: string) {
  const unit = await findOrgUnit(q, id);
  if (!unit) throw validationError([{ path, message: 'errors.notFound' }]);
  authorize(reader, 'pnc.write', unit.path);
  if (unit.kind !== 'facility' && unit.kind !== 'commune')
    throw validationError([{ path, message: 'screening.unitKind' }]);
  return unit;
}

/**
 * Registers a woman. When she is a mother in the birth register, her name, phone and year of birth come
 * from the birth record and the client links to it: one person, never a second record of the same
 * mother (any birth with her record number at that facility).
 */
export async function registerClient(
  deps: AppDeps,
  reader: Principal,
  input: ScreeningClientInput,
): Promise<{ client: ScreeningClientDetail; created: boolean }> {
  return deps.db.transaction(async (tx) => {
    const today = todayOf(deps);
    const existing = await findClientRow(tx, input.id);
    if (existing) {
      authorize(reader, 'pnc.write', existing.org_unit_path);
      if (existing.birth_id !== input.birthId || existing.org_unit_id !== input.orgUnitId)
        throw new AppError('conflict', 'screening.idTaken');
      return { client: await clientDetail(tx, reader, existing, today), created: false };
    }
    const unit = await getCareUnit(tx, reader, input.orgUnitId, 'orgUnitId');
    const issues: Issue[] = [];
    let name = input.name;
    let phone = input.phone;
    let birthYear = input.birthYear;
    if (input.birthId) {
      const mother = await findMother(tx, input.birthId);
      const inScope =
        mother &&
        reader.scopes.some(
          (s) =>
            mother.facility_path.startsWith(s.path) ||
            (mother.commune_path !== null && mother.commune_path.startsWith(s.path)),
        );
      if (!mother || !inScope)
        throw validationError([{ path: 'birthId', message: 'screening.birthNotFound' }]);
      const dup = await findClientOfBirth(tx, input.birthId);
      if (dup)
        throw new AppError(
          'conflict',
          'screening.alreadyRegistered',
          [{ path: 'birthId', message: 'screening.alreadyRegistered' }],
          { name: dup.name },
        );
      if (input.name !== null) issues.push({ path: 'name', message: 'screening.fromBirthOnly' });
      name = mother.mother_name;
      phone = phone ?? mother.mother_phone;
      birthYear =
        mother.mother_birth_year ??
        (mother.mother_age !== null ? Number(mother.birth_date.slice(0, 4)) - mother.mother_age : birthYear);
    }
    if (!name) issues.push({ path: 'name', message: 'screening.identityRequired' });
    if (birthYear === null) issues.push({ path: 'birthYear', message: 'screening.identityRequired' });
    if (input.birthDate !== null && birthYear !== null && Number(input.birthDate.slice(0, 4)) !== birthYear)
      issues.push({ path: 'birthDate', message: 'screening.birthDateYear' });
    if (input.birthDate !== null && input.birthDate > today)
      issues.push({ path: 'birthDate', message: 'screening.inFuture' });
    if (issues.length) throw validationError(issues);
    const { settings, version } = await rulesReader(tx)(unit.path);
    const facts = {
      birthDate: input.birthDate,
      birthYear: birthYear!,
      hivPositive: input.hivStatus === 'positive',
    };
    const now = deps.clock.now();
    await insertClientRow(
      tx,
      {
        id: input.id,
        orgUnitId: unit.id,
        birthId: input.birthId,
        name: name!,
        phone,
        birthYear: birthYear!,
        birthDate: input.birthDate,
        hivStatus: input.hivStatus,
        language: input.language,
        remindersEnabled: input.remindersEnabled,
      },
      { state: screeningState(facts, [], settings), ruleVersion: version },
      reader.userId,
      now,
    );
    // The audit keeps that a status was recorded, never the status itself.
    await auditChange(tx, reader, 'create', CLIENT(input.id, unit.id), {
      after: { orgUnitId: unit.id, birthId: input.birthId, hivStatusRecorded: input.hivStatus !== 'unknown' },
    });
    const row = (await findClientRow(tx, input.id))!;
    return { client: await clientDetail(tx, reader, row, today, false), created: true };
  });
}

export async function updateClient(
  deps: AppDeps,
  reader: Principal,
  id: string,
  input: ScreeningClientUpdate,
): Promise<ScreeningClientDetail> {
  return deps.db.transaction(async (tx) => {
    const row = await getClientRow(tx, reader, id, true);
    if (row.version !== input.version) throw versionConflict(input.version, row.version);
    await updateClientRow(tx, id, input, reader.userId, deps.clock.now());
    await refreshClientState(tx, id);
    await auditChange(tx, reader, 'update', CLIENT(id, row.org_unit_id), {
      details: {
        hivStatusChanged: row.hiv_status !== input.hivStatus,
        phoneChanged: row.phone !== input.phone,
      },
    });
    return clientDetail(tx, reader, (await findClientRow(tx, id))!, todayOf(deps), false);
  });
}

type ResultFields = Omit<ScreeningEventUpdate, 'version'>;

/** The cross-field rules of a screening event: dates in order and not ahead, steps only after a positive. */
export function checkEvent(test: string, takenOn: string, e: ResultFields, today: string): Issue[] {
  const issues: Issue[] = [];
  const notFuture = (path: string, d: string | null) => {
    if (d !== null && d > today) issues.push({ path, message: 'screening.inFuture' });
  };
  const notBefore = (path: string, d: string | null, from: string | null) => {
    if (d !== null && from !== null && d < from) issues.push({ path, message: 'screening.beforeSample' });
  };
  notFuture('takenOn', takenOn);
  notFuture('resultOn', e.resultOn);
  notFuture('triageOn', e.triageOn);
  notFuture('treatedOn', e.treatedOn);
  notBefore('resultOn', e.resultOn, takenOn);
  notBefore('triageOn', e.triageOn, e.resultOn ?? takenOn);
  notBefore('treatedOn', e.treatedOn, e.triageOn ?? e.resultOn ?? takenOn);
  if (e.result !== null && e.resultOn === null)
    issues.push({ path: 'resultOn', message: 'screening.resultDateRequired' });
  if (e.result === null && e.resultOn !== null)
    issues.push({ path: 'result', message: 'screening.resultRequired' });
  if (e.result === 'suspected_cancer' && test === 'hpv_dna')
    issues.push({ path: 'result', message: 'screening.viaSuspected' });
  if (e.genotypes.length > 0 && !(test === 'hpv_dna' && e.result === 'positive'))
    issues.push({ path: 'genotypes', message: 'screening.genotypeHpvPositive' });
  const triage = [e.triageMethod, e.triageResult, e.triageOn];
  if (triage.some((v) => v !== null)) {
    if (triage.some((v) => v === null))
      issues.push({ path: 'triageMethod', message: 'screening.triageIncomplete' });
    if (e.result !== 'positive')
      issues.push({ path: 'triageMethod', message: 'screening.triageOnlyPositive' });
  }
  if ((e.treatment === null) !== (e.treatedOn === null))
    issues.push({ path: 'treatment', message: 'screening.treatmentIncomplete' });
  if (e.treatment !== null && e.result !== 'positive' && e.result !== 'suspected_cancer')
    issues.push({ path: 'treatment', message: 'screening.treatmentOnlyPositive' });
  return issues;
}

const valuesOf = (e: ResultFields) => ({
  result: e.result,
  resultOn: e.resultOn,
  genotypes: [...e.genotypes],
  triageMethod: e.triageMethod,
  triageResult: e.triageResult,
  triageOn: e.triageOn,
  treatment: e.treatment,
  treatedOn: e.treatedOn,
  treatmentPlaceId: e.treatmentPlaceId,
  counsellingNote: e.counsellingNote,
});

/** Records a screening (test, sample, place, and whatever result, triage or treatment is known). */
export async function recordEvent(
  deps: AppDeps,
  reader: Principal,
  clientId: string,
  input: ScreeningEventInput,
): Promise<{ client: ScreeningClientDetail; created: boolean }> {
  return deps.db.transaction(async (tx) => {
    const row = await getClientRow(tx, reader, clientId, true);
    const today = todayOf(deps);
    const existing = await findEventRow(tx, input.id);
    if (existing) {
      if (existing.client_id !== clientId) throw new AppError('conflict', 'screening.idTaken');
      return { client: await clientDetail(tx, reader, row, today), created: false };
    }
    await getCareUnit(tx, reader, input.placeId, 'placeId');
    if (input.treatmentPlaceId) await getCareUnit(tx, reader, input.treatmentPlaceId, 'treatmentPlaceId');
    const issues = checkEvent(input.test, input.takenOn, input, today);
    if (issues.length) throw validationError(issues);
    await insertEventRow(
      tx,
      {
        id: input.id,
        clientId,
        test: input.test,
        sampleBy: input.sampleBy,
        takenOn: input.takenOn,
        placeId: input.placeId,
        ...valuesOf(input),
      },
      reader.userId,
      deps.clock.now(),
    );
    await refreshClientState(tx, clientId);
    await auditChange(tx, reader, 'create', EVENT(input.id, row.org_unit_id), {
      after: {
        clientId,
        test: input.test,
        takenOn: input.takenOn,
        result: input.result,
        treatment: input.treatment,
      },
    });
    return {
      client: await clientDetail(tx, reader, (await findClientRow(tx, clientId))!, today, false),
      created: true,
    };
  });
}

/** Adds or corrects the result, triage or treatment of an event; the version read must be current. */
export async function updateEvent(
  deps: AppDeps,
  reader: Principal,
  id: string,
  input: ScreeningEventUpdate,
): Promise<ScreeningClientDetail> {
  return deps.db.transaction(async (tx) => {
    const event = await findEventRow(tx, id);
    if (!event) throw new AppError('not_found', 'errors.notFound');
    const row = await getClientRow(tx, reader, event.client_id, true);
    if (event.version !== input.version) throw versionConflict(input.version, event.version);
    if (input.treatmentPlaceId && input.treatmentPlaceId !== event.treatment_place_id)
      await getCareUnit(tx, reader, input.treatmentPlaceId, 'treatmentPlaceId');
    const today = todayOf(deps);
    const issues = checkEvent(event.test, event.taken_on, input, today);
    if (issues.length) throw validationError(issues);
    await updateEventRow(tx, id, valuesOf(input), reader.userId, deps.clock.now());
    await refreshClientState(tx, event.client_id);
    await auditChange(tx, reader, 'update', EVENT(id, row.org_unit_id), {
      before: { result: event.result, triageResult: event.triage_result, treatment: event.treatment },
      after: { result: input.result, triageResult: input.triageResult, treatment: input.treatment },
    });
    return clientDetail(tx, reader, (await findClientRow(tx, event.client_id))!, today, false);
  });
}
