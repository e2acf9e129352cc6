import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import { AppError, versionConflict } from '../../../shared/errors';
import { toSearchText } from '../../../shared/org-units/search-text';
import type {
  ScreeningBirthDecision,
  ScreeningBirthMatch,
  ScreeningClientDetail,
} from '../../../shared/screening/screening.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findClientRow } from './screening.repo';
import {
  type BirthCandidateRow,
  insertRejection,
  linkClientToBirth,
  listBirthCandidates,
} from './screening-matches.repo';
import { refreshClientState } from './screening.service';
import { clientDetail, getClientRow, todayOf } from './screening-view';

/**
 * A woman registered by hand who is later the mother of a birth record (docs/screening.md): births of her
 * unit are proposed when the mother has her phone, or her name (accents ignored) and year of birth; a
 * person who may record screening there confirms (the woman links to the birth: one person) or rejects
 * (never proposed again). Both are audited.
 */

const CLIENT = auditSubject('screening_client');

const inScope = (reader: Principal, b: BirthCandidateRow) =>
  reader.scopes.some(
    (s) =>
      b.facility_path.startsWith(s.path) || (b.commune_path !== null && b.commune_path.startsWith(s.path)),
  );

async function proposals(q: Queryable, reader: Principal, clientId: string, birthId: string | null) {
  const row = await getClientRow(q, reader, clientId, true);
  const name = toSearchText(row.name);
  const candidates = row.birth_id ? [] : await listBirthCandidates(q, clientId, birthId);
  return {
    row,
    matches: candidates
      .map((b) => ({ b, sameName: b.mother_name !== null && toSearchText(b.mother_name) === name }))
      .filter(({ b, sameName }) => (b.same_phone || sameName) && inScope(reader, b)),
  };
}

export async function listBirthMatches(
  deps: AppDeps,
  reader: Principal,
  clientId: string,
): Promise<{ items: ScreeningBirthMatch[] }> {
  const { row, matches } = await proposals(deps.db, reader, clientId, null);
  const personal = canSeePersonalData(reader, row.org_unit_path);
  return {
    items: matches.map(({ b, sameName }) => ({
      birthId: b.birth_id,
      birthDate: b.birth_date,
      facilityName: b.facility_name,
      motherName: personal ? b.mother_name : null,
      motherPhone: personal ? b.mother_phone : null,
      motherBirthYear: b.mother_birth_year,
      samePhone: b.same_phone,
      sameName,
    })),
  };
}

/** Confirms or rejects one proposal; the pair must still be proposed and the woman's version current. */
export async function decideBirthMatch(
  deps: AppDeps,
  reader: Principal,
  clientId: string,
  birthId: string,
  input: ScreeningBirthDecision,
): Promise<ScreeningClientDetail> {
  return deps.db.transaction(async (tx) => {
    const { row, matches } = await proposals(tx, reader, clientId, birthId);
    if (row.version !== input.version) throw versionConflict(input.version, row.version);
    const match = matches[0];
    if (!match) throw new AppError('not_found', 'screening.noSuchMatch');
    const now = deps.clock.now();
    if (input.decision === 'confirm') {
      await linkClientToBirth(tx, {
        clientId,
        birthId,
        phone: match.b.mother_phone,
        at: now,
        userId: reader.userId,
      });
      await refreshClientState(tx, clientId);
    } else {
      await insertRejection(tx, clientId, birthId, now, reader.userId);
    }
    await auditChange(tx, reader, 'update', CLIENT(clientId, row.org_unit_id), {
      details: {
        birthMatch: input.decision,
        birthId,
        samePhone: match.b.same_phone,
        sameName: match.sameName,
      },
    });
    return clientDetail(tx, reader, (await findClientRow(tx, clientId))!, todayOf(deps), false);
  });
}
