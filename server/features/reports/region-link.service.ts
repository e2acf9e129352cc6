import type { Principal } from '../../../shared/auth/principal';
import { AppError, validationError } from '../../../shared/errors';
import type { ExchangeReview, RegionLink, ReportExchange } from '../../../shared/reports/exchange.schema';
import type { Report } from '../../../shared/reports/report.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIsoOrNull } from '../../lib/rows';
import { auditChange } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { fetchRegionClient, type RegionClient, type RegionTarget } from './region-client';
import { lockReportRow, type ReportRow, updateReportState } from './reports.repo';
import { getReport, type LoadedReport, loadReport, REPORT, submissionDocument } from './reports.service';

/**
 * The country side of the exchange (docs/reports.md, "Across instances"): the link to the regional
 * instance (its URL and the token its coordinator gave, kept on the server), sending a submitted version,
 * and pulling its review back into the local report (state, each value's decision, the query threads),
 * so that the country's national managers read and answer it on the page they know.
 */
const LINK = (countryId: string) => ({
  entityType: 'report_region_link',
  entityId: countryId,
  orgUnitId: countryId,
});

let defaultClient: RegionClient | undefined;
const clientOf = (c?: RegionClient) => c ?? (defaultClient ??= fetchRegionClient());

async function linkedCountry(q: Queryable, principal: Principal, countryId: string) {
  const country = await findOrgUnit(q, countryId);
  if (!country) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, 'report.write', country.path);
  if (country.kind !== 'country')
    throw validationError([{ path: 'countryId', message: 'reports.notCountry' }]);
  return country;
}

async function targetOf(q: Queryable, countryId: string): Promise<RegionTarget | undefined> {
  const [row] = await q.query<RegionTarget>(
    'select url, token from report_region_links where country_id = $1',
    [countryId],
  );
  return row;
}

/** The link as the browser sees it: the token's last characters only. */
export async function getRegionLink(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
): Promise<RegionLink> {
  await linkedCountry(deps.db, principal, countryId);
  const [row] = await deps.db.query<{ url: string; token: string; updated_at: Date }>(
    'select url, token, updated_at from report_region_links where country_id = $1',
    [countryId],
  );
  return {
    countryId,
    url: row?.url ?? null,
    tokenHint: row ? row.token.slice(-4) : null,
    updatedAt: toIsoOrNull(row?.updated_at ?? null),
  };
}

export async function putRegionLink(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  input: { url: string; token?: string | undefined },
): Promise<RegionLink> {
  await deps.db.transaction(async (tx) => {
    await linkedCountry(tx, principal, countryId);
    const before = await targetOf(tx, countryId);
    const token = input.token ?? before?.token;
    if (!token) throw validationError([{ path: 'token', message: 'reports.exchangeTokenNeeded' }]);
    await tx.query(
      `insert into report_region_links (country_id, url, token, updated_by, updated_at) values ($1, $2, $3, $4, $5)
       on conflict (country_id) do update set url = excluded.url, token = excluded.token,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [countryId, input.url, token, principal.userId, deps.clock.now()],
    );
    // Never the token itself in the log.
    await auditChange(tx, principal, before ? 'update' : 'create', LINK(countryId), {
      before: before ? { url: before.url } : undefined,
      after: { url: input.url },
      details: { tokenChanged: input.token !== undefined && input.token !== before?.token },
    });
  });
  return getRegionLink(deps, principal, countryId);
}

const exchangeOf = async (q: Queryable, loaded: LoadedReport): Promise<ReportExchange> => {
  const { row, part } = loaded;
  const linked = part.author && !!(await targetOf(q, row.country_id));
  return {
    received: !!row.source_report_id,
    regionReportId: row.region_report_id,
    regionSyncedAt: toIsoOrNull(row.region_synced_at),
    canSend: linked && (row.state === 'submitted' || !!row.region_report_id) && row.state !== 'published',
    canSync: linked && !!row.region_report_id,
  };
};

export async function getReportExchange(
  deps: AppDeps,
  principal: Principal,
  id: string,
): Promise<ReportExchange> {
  return exchangeOf(deps.db, await loadReport(deps.db, principal, id));
}

async function linkOrRefuse(q: Queryable, row: ReportRow): Promise<RegionTarget> {
  const target = await targetOf(q, row.country_id);
  if (!target) throw new AppError('conflict', 'reports.exchangeNoLink');
  return target;
}

/**
 * Sends a submitted version's aggregates-only document to the region. Sending again is harmless: the
 * region answers a replay with the report it already made.
 */
export async function sendToRegion(
  deps: AppDeps,
  principal: Principal,
  id: string,
  client?: RegionClient,
): Promise<ReportExchange> {
  const { row } = await loadReport(deps.db, principal, id, 'author');
  if ((row.state !== 'submitted' && !row.region_report_id) || row.state === 'published')
    throw new AppError('conflict', 'reports.exchangeNotSubmitted', [], { state: row.state });
  const target = await linkOrRefuse(deps.db, row);
  const document = await submissionDocument(deps.db, row);
  const receipt = await clientOf(client).submit(target, { sourceReportId: row.id, document });
  await deps.db.transaction(async (tx) => {
    await tx.query('update country_reports set region_report_id = $2 where id = $1', [id, receipt.reportId]);
    await auditChange(tx, principal, 'update', REPORT(id, row.country_id), {
      details: {
        action: 'sent_to_region',
        region: new URL(target.url).origin,
        regionReportId: receipt.reportId,
        duplicate: receipt.duplicate,
      },
    });
  });
  return getReportExchange(deps, principal, id);
}

/**
 * Writes the region's review into the local report: each value's decision, the threads and their
 * messages (kept by the region's ids, so fetching twice adds nothing), then the state (with the snapshot
 * when the region has published it). Audited when anything changed.
 */
async function applyReview(
  tx: Queryable,
  principal: Principal,
  row: ReportRow,
  review: ExchangeReview,
  now: Date,
) {
  let changed = 0;
  for (const v of review.values)
    changed += (
      await tx.query(
        `update report_values set review = $3, review_comment = $4, reviewed_at = $5
         where report_id = $1 and key = $2 and (review <> $3 or review_comment is distinct from $4) returning key`,
        [row.id, v.key, v.review, v.reviewComment, now],
      )
    ).length;
  for (const q of review.queries) {
    await tx.query(
      `insert into report_queries (id, report_id, value_key, status, created_at) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set status = excluded.status`,
      [q.id, row.id, q.valueKey, q.status, q.messages[0]?.at ?? now],
    );
    for (const m of q.messages)
      changed += (
        await tx.query(
          `insert into report_query_messages (id, query_id, side, body, at) values ($1, $2, $3, $4, $5)
           on conflict (id) do nothing returning id`,
          [m.id, q.id, m.side, m.body, m.at],
        )
      ).length;
  }
  if (review.state !== row.state) {
    const published =
      review.state === 'published' ? { snapshot: await submissionDocument(tx, row) } : undefined;
    await updateReportState(tx, row.id, review.state, now, published);
    changed++;
  }
  await tx.query('update country_reports set region_synced_at = $2 where id = $1', [row.id, now]);
  if (changed)
    await auditChange(tx, principal, 'update', REPORT(row.id, row.country_id), {
      before: { state: row.state },
      after: { state: review.state },
      details: { action: 'region_review_fetched', regionReportId: review.reportId, changes: changed },
    });
}

/** Fetches the region's review of a sent version into the local report. */
export async function syncFromRegion(
  deps: AppDeps,
  principal: Principal,
  id: string,
  client?: RegionClient,
): Promise<ReportExchange> {
  const { row } = await loadReport(deps.db, principal, id, 'author');
  if (!row.region_report_id) throw new AppError('conflict', 'reports.exchangeNotSent');
  const review = await clientOf(client).review(await linkOrRefuse(deps.db, row), row.region_report_id);
  await storeReview(deps, principal, id, review);
  return getReportExchange(deps, principal, id);
}

async function storeReview(deps: AppDeps, principal: Principal, id: string, review: ExchangeReview) {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, id, 'author', lockReportRow);
    await applyReview(tx, principal, row, review, deps.clock.now());
  });
}

/**
 * The author's answer to a query of the region, on a sent version: it goes to the region (where the
 * thread lives), and the review that comes back is stored here. Undefined for a report not sent.
 */
export async function answerThroughRegion(
  deps: AppDeps,
  principal: Principal,
  id: string,
  queryId: string,
  body: string,
  client?: RegionClient,
): Promise<Report | undefined> {
  const { row } = await loadReport(deps.db, principal, id, 'author');
  if (!row.region_report_id) return undefined;
  const target = await linkOrRefuse(deps.db, row);
  const review = await clientOf(client).answer(target, row.region_report_id, queryId, body);
  await storeReview(deps, principal, id, review);
  return getReport(deps, principal, id);
}
