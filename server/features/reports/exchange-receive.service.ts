import { createHash } from 'node:crypto';
import { AppError, validationError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type {
  ExchangeReceipt,
  ExchangeReview,
  ExchangeSubmission,
} from '../../../shared/reports/exchange.schema';
import { COMPUTED_ITEMS, MANUAL_ITEMS } from '../../../shared/reports/report-items';
import { bienniumRange } from '../../../shared/reports/report-workflow';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { toIso } from '../../lib/rows';
import { auditChange } from '../audit/audit.repo';
import type { ExchangeCaller } from './exchange-tokens';
import { addQueryMessage } from './report-review.service';
import {
  findReportRow,
  insertReportRow,
  listQueryRows,
  listValueRows,
  lockReportRow,
  replaceValues,
  type ReportRow,
} from './reports.repo';
import { REPORT } from './reports.service';

/**
 * The regional side of the exchange (docs/reports.md, "Across instances"): a country instance's
 * submission becomes a report here in `submitted`, which the coordinator and the reviewer pair work on as
 * on a local one; the country fetches the review and answers queries with the same token. The token's
 * country is the only country it reaches (403 for another's report or document).
 */
const KNOWN_ITEMS = new Map<string, 'computed' | 'manual'>([
  ...COMPUTED_ITEMS.map((i) => [i.indicator, 'computed'] as const),
  ...MANUAL_ITEMS.map((i) => [i.key, 'manual'] as const),
]);

/** Values the report can hold: known items of their kind, once each; manual answers with their source. */
function checkValues(values: ExchangeSubmission['document']['values']) {
  const issues = values.flatMap((v, i) => [
    ...(KNOWN_ITEMS.get(v.key) === v.kind
      ? []
      : [{ path: `document.values.${i}.key`, message: 'reports.unknownItem', params: { key: v.key } }]),
    ...(values.findIndex((w) => w.key === v.key) === i
      ? []
      : [{ path: `document.values.${i}.key`, message: 'reports.unknownItem', params: { key: v.key } }]),
    ...(v.kind === 'manual' && v.text !== null && !v.source.trim()
      ? [{ path: `document.values.${i}.source`, message: 'reports.sourceRequired' }]
      : []),
  ]);
  if (issues.length) throw validationError(issues);
}

export async function receiveSubmission(
  deps: AppDeps,
  caller: ExchangeCaller,
  input: ExchangeSubmission,
): Promise<ExchangeReceipt> {
  const doc = input.document;
  if (doc.country.code !== caller.countryCode)
    throw new AppError('out_of_scope', 'reports.exchangeOtherCountry');
  if (!bienniumRange(doc.biennium))
    throw validationError([{ path: 'document.biennium', message: 'reports.bienniumFormat' }]);
  checkValues(doc.values);
  // The document as parsed (fields in schema order): the same submission always hashes the same.
  const hash = createHash('sha256').update(JSON.stringify(doc)).digest('hex');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // One submission of a country at a time: a replay arriving twice at once finds the first one's row.
    await tx.query('select id from report_exchange_tokens where id = $1 for update', [caller.tokenId]);
    const [seen] = await tx.query<{ id: string; state: ReportRow['state']; content_hash: string }>(
      'select id, state, content_hash from country_reports where country_id = $1 and source_report_id = $2',
      [caller.countryId, input.sourceReportId],
    );
    if (seen) {
      if (seen.content_hash !== hash) throw new AppError('conflict', 'reports.exchangeChanged');
      return { reportId: seen.id, state: seen.state, duplicate: true };
    }
    const [taken] = await tx.query(
      'select 1 from country_reports where country_id = $1 and biennium = $2 and version = $3',
      [caller.countryId, doc.biennium, doc.version],
    );
    if (taken)
      throw new AppError('conflict', 'reports.exchangeVersionTaken', [], {
        biennium: doc.biennium,
        version: doc.version,
      });
    const id = newId();
    await insertReportRow(tx, {
      id,
      countryId: caller.countryId,
      biennium: doc.biennium,
      version: doc.version,
      previousVersionId: null,
      language: doc.language,
      narrative: doc.narrative,
      computedAt: new Date(doc.computedAt),
      createdBy: null,
      now,
    });
    await tx.query(
      `update country_reports set state = 'submitted', source_report_id = $2, content_hash = $3 where id = $1`,
      [id, input.sourceReportId, hash],
    );
    // Unanswered manual items travel as empty placeholders; they are shown again from the catalogue.
    const stored = doc.values
      .filter((v) => v.kind === 'computed' || v.text !== null)
      .map(({ name: _n, review: _r, reviewComment: _c, ...v }) => ({ ...v, drillDown: null }));
    await replaceValues(tx, id, stored);
    await auditChange(tx, null, 'create', REPORT(id, caller.countryId), {
      after: { biennium: doc.biennium, version: doc.version, state: 'submitted' },
      details: { action: 'received', exchangeToken: caller.tokenId, sourceReportId: input.sourceReportId },
    });
    return { reportId: id, state: 'submitted' as const, duplicate: false };
  });
}

/** A received report of the caller's country; 404 for any other report, 403 for another country's. */
async function receivedReport(
  q: Queryable,
  caller: ExchangeCaller,
  id: string,
  read: (q: Queryable, id: string) => Promise<ReportRow | undefined>,
): Promise<ReportRow> {
  const row = await read(q, id);
  if (!row?.source_report_id) throw new AppError('not_found', 'errors.notFound');
  if (row.country_id !== caller.countryId) throw new AppError('out_of_scope', 'reports.exchangeOtherCountry');
  return row;
}

async function reviewOf(q: Queryable, row: ReportRow): Promise<ExchangeReview> {
  const [values, rows] = await Promise.all([listValueRows(q, row.id), listQueryRows(q, row.id)]);
  const queries = new Map<string, ExchangeReview['queries'][number]>();
  for (const r of rows) {
    let query = queries.get(r.id);
    if (!query)
      queries.set(r.id, (query = { id: r.id, valueKey: r.value_key, status: r.status, messages: [] }));
    if (r.message_id)
      query.messages.push({ id: r.message_id, side: r.side!, body: r.body!, at: toIso(r.at!) });
  }
  return {
    reportId: row.id,
    state: row.state,
    values: values.map((v) => ({ key: v.key, review: v.review, reviewComment: v.review_comment })),
    queries: [...queries.values()],
  };
}

export async function getReviewForCountry(
  deps: AppDeps,
  caller: ExchangeCaller,
  id: string,
): Promise<ExchangeReview> {
  return reviewOf(deps.db, await receivedReport(deps.db, caller, id, findReportRow));
}

/** The country's answer in a thread, sent by its instance: recorded as the author's, without a user. */
export async function answerForCountry(
  deps: AppDeps,
  caller: ExchangeCaller,
  id: string,
  queryId: string,
  body: string,
): Promise<ExchangeReview> {
  await deps.db.transaction(async (tx) => {
    const row = await receivedReport(tx, caller, id, lockReportRow);
    await addQueryMessage(tx, null, row, queryId, 'author', { body }, deps.clock.now(), {
      exchangeToken: caller.tokenId,
    });
  });
  return getReviewForCountry(deps, caller, id);
}
