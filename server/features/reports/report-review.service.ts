import type { Principal } from '../../../shared/auth/principal';
import { roleHasPermission, type Role } from '../../../shared/auth/roles';
import { AppError, validationError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Report } from '../../../shared/reports/report.schema';
import {
  canEdit,
  nextState,
  type ReportAction,
  type ReportGuard,
  transitionOf,
} from '../../../shared/reports/report-workflow';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { auditChange } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { partOf } from './report-access';
import { answerThroughRegion } from './region-link.service';
import {
  countQueries,
  findQueryRow,
  insertQuery,
  insertQueryMessage,
  listReviewers,
  listValueRows,
  lockReportRow,
  type ReportRow,
  replaceReviewers,
  setQueryStatus,
  setValueReview,
  updateReportState,
} from './reports.repo';
import { getReport, insertVersion, loadReport, REPORT, submissionDocument } from './reports.service';

/** Who is written in the audit log: a user, or none when the country instance acts through its token. */
type AuditActor = Pick<Principal, 'userId' | 'username'> | null;

/** Whether a guard of the workflow table holds for a report now. */
async function guardHolds(q: Queryable, row: ReportRow, guard: ReportGuard): Promise<AppError | null> {
  if (guard === 'pairAssigned')
    return (await listReviewers(q, row.country_id)).length === 2
      ? null
      : new AppError('conflict', 'reports.pairNotAssigned');
  const { open, unresolved } = await countQueries(q, row.id);
  if (guard === 'noOpenQuery')
    return unresolved === 0
      ? null
      : new AppError('conflict', 'reports.openQueries', [], { count: unresolved });
  return open === 0 ? null : new AppError('conflict', 'reports.openQueries', [], { count: open });
}

/**
 * Runs one transition of the workflow table inside `tx` on a locked row: the actor's part, the state,
 * the guards, the new state (with the snapshot when publishing), and the audit entry.
 */
export async function applyTransition(
  tx: Queryable,
  principal: AuditActor,
  row: ReportRow,
  action: ReportAction,
  now: Date,
): Promise<void> {
  const t = transitionOf(action);
  const to = nextState(row.state, action);
  if (!to) throw new AppError('conflict', 'reports.transitionRefused', [], { state: row.state, action });
  for (const g of t.guards) {
    const refused = await guardHolds(tx, row, g);
    if (refused) throw refused;
  }
  const snapshot = to === 'published' ? await submissionDocument(tx, row) : undefined;
  await updateReportState(tx, row.id, to, now, snapshot ? { snapshot } : undefined);
  await auditChange(tx, principal, 'update', REPORT(row.id, row.country_id), {
    before: { state: row.state },
    after: { state: to },
    details: { action },
  });
}

/** A transition asked for by its route (submit, start_review, validate, publish); reopen is below. */
export async function transitionReport(
  deps: AppDeps,
  principal: Principal,
  id: string,
  action: Exclude<ReportAction, 'reopen' | 'query' | 'respond'>,
): Promise<Report> {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, id, transitionOf(action).actor, lockReportRow);
    await applyTransition(tx, principal, row, action, deps.clock.now());
  });
  return getReport(deps, principal, id);
}

/** Reopening a published report: a new version in draft; the published one and its snapshot stay. */
export async function reopenReport(deps: AppDeps, principal: Principal, id: string): Promise<Report> {
  const now = deps.clock.now();
  const newIdOf = await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, id, 'author', lockReportRow);
    if (!nextState(row.state, 'reopen'))
      throw new AppError('conflict', 'reports.transitionRefused', [], { state: row.state, action: 'reopen' });
    const created = await insertVersion(tx, principal, { id: row.country_id }, row.biennium, {
      language: row.language,
      from: row,
      now,
    });
    await auditChange(tx, principal, 'create', REPORT(created, row.country_id), {
      after: { state: 'draft' },
      details: { action: 'reopen', reopened: row.id, fromVersion: row.version },
    });
    return created;
  });
  return getReport(deps, principal, newIdOf);
}

export async function reviewValue(
  deps: AppDeps,
  principal: Principal,
  id: string,
  key: string,
  input: { review: 'validated' | 'not_validated'; comment?: string | undefined },
): Promise<Report> {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, id, 'reviewer', lockReportRow);
    if (!canEdit(row.state, 'review')) throw new AppError('conflict', 'reports.notReviewing');
    const now = deps.clock.now();
    if (!(await setValueReview(tx, id, key, input.review, input.comment ?? null, principal.userId, now)))
      throw new AppError('not_found', 'reports.unknownItem', [], { key });
    await auditChange(tx, principal, 'update', REPORT(id, row.country_id), {
      details: { value: key, review: input.review, comment: input.comment ?? null },
    });
  });
  return getReport(deps, principal, id);
}

/** A reviewer opens a query thread on one value: the report becomes "queried". */
export async function openQuery(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: { valueKey: string; body: string },
): Promise<Report> {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, id, 'reviewer', lockReportRow);
    const values = await listValueRows(tx, id);
    if (!values.some((v) => v.key === input.valueKey))
      throw validationError([
        { path: 'valueKey', message: 'reports.unknownItem', params: { key: input.valueKey } },
      ]);
    const now = deps.clock.now();
    if (row.state !== 'queried') await applyTransition(tx, principal, row, 'query', now);
    const queryId = newId();
    await insertQuery(tx, { id: queryId, reportId: id, valueKey: input.valueKey, by: principal.userId, now });
    await insertQueryMessage(tx, {
      id: newId(),
      queryId,
      side: 'reviewer',
      by: principal.userId,
      body: input.body,
      now,
    });
    await auditChange(tx, principal, 'create', REPORT(id, row.country_id), {
      details: { query: queryId, value: input.valueKey, comment: input.body },
    });
  });
  return getReport(deps, principal, id);
}

/**
 * A message in a thread. The author's answer marks the thread answered, and the report "responded" once
 * no thread waits for the author; a reviewer's message re-opens the thread, or closes it with `close`.
 */
export async function postQueryMessage(
  deps: AppDeps,
  principal: Principal,
  id: string,
  queryId: string,
  side: 'reviewer' | 'author',
  input: { body: string; close?: boolean | undefined },
): Promise<Report> {
  // A version sent to a regional instance has its threads there: the answer goes there.
  const forwarded =
    side === 'author' ? await answerThroughRegion(deps, principal, id, queryId, input.body) : undefined;
  if (forwarded) return forwarded;
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, id, side, lockReportRow);
    await addQueryMessage(tx, principal, row, queryId, side, input, deps.clock.now());
  });
  return getReport(deps, principal, id);
}

/**
 * Writes one message of a thread on a locked row and moves the report on (the body of
 * {@link postQueryMessage}, also run for an answer that a country instance sends through the exchange,
 * with no user: `details` then says which token it came with).
 */
export async function addQueryMessage(
  tx: Queryable,
  actor: AuditActor,
  row: ReportRow,
  queryId: string,
  side: 'reviewer' | 'author',
  input: { body: string; close?: boolean | undefined },
  now: Date,
  details: Record<string, unknown> = {},
): Promise<void> {
  const id = row.id;
  if (!canEdit(row.state, side === 'author' ? 'answer' : 'review'))
    throw new AppError('conflict', 'reports.notEditable', [], { state: row.state });
  const query = await findQueryRow(tx, id, queryId);
  if (!query) throw new AppError('not_found', 'errors.notFound');
  if (query.status === 'closed') throw new AppError('conflict', 'reports.queryClosed');
  const by = actor?.userId ?? null;
  await insertQueryMessage(tx, { id: newId(), queryId, side, by, body: input.body, now });
  const status = side === 'author' ? 'answered' : input.close ? 'closed' : 'open';
  await setQueryStatus(tx, queryId, status);
  await auditChange(tx, actor, 'update', REPORT(id, row.country_id), {
    details: { query: queryId, value: query.value_key, side, status, comment: input.body, ...details },
  });
  if (side === 'author' && row.state === 'queried' && (await countQueries(tx, id)).open === 0)
    await applyTransition(tx, actor, row, 'respond', now);
  if (side === 'reviewer' && status === 'open' && row.state === 'responded')
    await applyTransition(tx, actor, row, 'query', now);
}

/**
 * The coordinator assigns a country's reviewer pair: two different users whose role may review and who
 * do not work in that country.
 */
export async function assignReviewers(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  reviewerIds: readonly string[],
): Promise<Array<{ userId: string; displayName: string }>> {
  const country = await findOrgUnit(deps.db, countryId);
  if (!country) throw new AppError('not_found', 'errors.notFound');
  if (country.kind !== 'country')
    throw validationError([{ path: 'countryId', message: 'reports.notCountry' }]);
  if (!partOf(principal, country.path, [], 'draft').coordinator)
    throw new AppError('out_of_scope', 'errors.outOfScope');
  if (new Set(reviewerIds).size !== 2)
    throw validationError([{ path: 'reviewerIds', message: 'reports.pairOfTwo' }]);
  await deps.db.transaction(async (tx) => {
    for (const [i, userId] of reviewerIds.entries()) {
      const [u] = await tx.query<{ role: Role; paths: string[] }>(
        `select u.role, coalesce(array_agg(o.path) filter (where o.path is not null), '{}') as paths
         from users u left join user_scopes s on s.user_id = u.id left join org_units o on o.id = s.org_unit_id
         where u.id = $1 and u.active group by u.id`,
        [userId],
      );
      if (!u || !roleHasPermission(u.role, 'report.review'))
        throw validationError([
          { path: `reviewerIds.${i}`, message: 'reports.notReviewer', params: { id: userId } },
        ]);
      if (u.paths.some((p) => p.startsWith(country.path)))
        throw validationError([{ path: `reviewerIds.${i}`, message: 'reports.ownCountry' }]);
    }
    const before = (await listReviewers(tx, countryId)).map((r) => r.userId);
    await replaceReviewers(tx, countryId, reviewerIds, principal.userId, deps.clock.now());
    await auditChange(
      tx,
      principal,
      'update',
      { entityType: 'report_reviewers', entityId: countryId, orgUnitId: countryId },
      { before: { reviewers: before }, after: { reviewers: reviewerIds } },
    );
  });
  return listReviewers(deps.db, countryId);
}
