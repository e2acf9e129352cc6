import type { Narrative, ReportValue, ReviewStatus } from '../../../shared/reports/report.schema';
import type { ReportState } from '../../../shared/reports/report-workflow';
import type { Queryable } from '../../db/db';
import { SqlParams } from '../../db/sql-params';
import type { PartnerCopy } from './report-assembly';

/** SQL of the country reports (tables of migrations 0065–0067). */
export type ReportRow = {
  id: string;
  country_id: string;
  country_name: string;
  country_code: string;
  country_path: string;
  biennium: string;
  version: number;
  previous_version_id: string | null;
  state: ReportState;
  language: string;
  narrative: Partial<Narrative>;
  computed_at: Date | string;
  snapshot: unknown;
  published_at: Date | string | null;
  row_version: number;
  created_at: Date | string;
  updated_at: Date | string;
  /** Regional side: the country instance's id of a received version (docs/reports.md, across instances). */
  source_report_id: string | null;
  /** Country side: the regional instance's id of a version sent there, and when its review was fetched. */
  region_report_id: string | null;
  region_synced_at: Date | string | null;
};

const REPORT_SELECT = `select r.id, r.country_id, o.name as country_name, o.code as country_code, o.path as country_path,
  r.biennium, r.version, r.previous_version_id, r.state, r.language, r.narrative, r.computed_at, r.snapshot,
  r.published_at, r.row_version, r.created_at, r.updated_at, r.source_report_id, r.region_report_id, r.region_synced_at
  from country_reports r join org_units o on o.id = r.country_id`;

export async function findReportRow(q: Queryable, id: string): Promise<ReportRow | undefined> {
  const [row] = await q.query<ReportRow>(`${REPORT_SELECT} where r.id = $1`, [id]);
  return row;
}

/** Locks the row for a change (the transition's state check and its update see the same row). */
export async function lockReportRow(q: Queryable, id: string): Promise<ReportRow | undefined> {
  const [row] = await q.query<ReportRow>(`${REPORT_SELECT} where r.id = $1 for update of r`, [id]);
  return row;
}

/** Reports of countries under one of `paths`, or of `countryIds` (a reviewer's assigned countries). */
export async function listReportRows(
  q: Queryable,
  f: { paths: readonly string[]; countryIds: readonly string[]; biennium?: string | undefined },
): Promise<ReportRow[]> {
  const p = new SqlParams();
  const visible = [
    ...f.paths.map((path) => p.sql`o.path like ${`${path}%`}`),
    ...(f.countryIds.length ? [p.sql`r.country_id = any(${f.countryIds}::uuid[])`] : []),
  ];
  if (!visible.length) return [];
  const where = [`(${visible.join(' or ')})`];
  if (f.biennium) where.push(p.sql`r.biennium = ${f.biennium}`);
  return q.query<ReportRow>(
    `${REPORT_SELECT} where ${where.join(' and ')} order by r.biennium desc, o.name, r.version desc`,
    p.values,
  );
}

export async function latestVersionOf(q: Queryable, countryId: string, biennium: string): Promise<number> {
  const [row] = await q.query<{ v: number | null }>(
    'select max(version) as v from country_reports where country_id = $1 and biennium = $2',
    [countryId, biennium],
  );
  return Number(row?.v ?? 0);
}

export async function insertReportRow(
  q: Queryable,
  r: {
    id: string;
    countryId: string;
    biennium: string;
    version: number;
    previousVersionId: string | null;
    language: string;
    narrative: Partial<Narrative>;
    computedAt: Date;
    createdBy: string | null;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `insert into country_reports (id, country_id, biennium, version, previous_version_id, state, language, narrative,
       computed_at, created_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, 'draft', $6, $7::jsonb, $8, $9, $10, $10)`,
    [
      r.id,
      r.countryId,
      r.biennium,
      r.version,
      r.previousVersionId,
      r.language,
      JSON.stringify(r.narrative),
      r.computedAt,
      r.createdBy,
      r.now,
    ],
  );
}

export async function updateReportState(
  q: Queryable,
  id: string,
  state: ReportState,
  now: Date,
  published?: { snapshot: unknown },
): Promise<void> {
  if (published)
    await q.query(
      `update country_reports set state = $2, snapshot = $3::jsonb, published_at = $4, updated_at = $4,
         row_version = row_version + 1 where id = $1`,
      [id, state, JSON.stringify(published.snapshot), now],
    );
  else
    await q.query(
      'update country_reports set state = $2, updated_at = $3, row_version = row_version + 1 where id = $1',
      [id, state, now],
    );
}

export async function updateReportContent(
  q: Queryable,
  id: string,
  narrative: Partial<Narrative>,
  computedAt: Date | null,
  now: Date,
): Promise<void> {
  await q.query(
    `update country_reports set narrative = $2::jsonb, computed_at = coalesce($3, computed_at), updated_at = $4,
       row_version = row_version + 1 where id = $1`,
    [id, JSON.stringify(narrative), computedAt, now],
  );
}

type ValueRow = {
  key: string;
  kind: 'computed' | 'manual';
  section: ReportValue['section'];
  indicator_id: string | null;
  unit: ReportValue['unit'];
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  text_value: string | null;
  source: string;
  drill_down: string | null;
  review: ReviewStatus;
  review_comment: string | null;
  partner_numerator: number | null;
  partner_denominator: number | null;
  partner_value: number | null;
};

/** Stored values in report order; names are added by the caller from the catalogue and the library. */
export async function listValueRows(q: Queryable, reportId: string): Promise<ValueRow[]> {
  return q.query<ValueRow>(
    `select key, kind, section, indicator_id, unit, numerator, denominator, value, text_value, source, drill_down,
       review, review_comment, partner_numerator, partner_denominator, partner_value
       from report_values where report_id = $1 order by position`,
    [reportId],
  );
}
export type { ValueRow };

/** Replaces the values of a draft (assembled again, manual items kept by the caller). */
export async function replaceValues(
  q: Queryable,
  reportId: string,
  values: ReadonlyArray<
    Omit<ReportValue, 'name' | 'review' | 'reviewComment' | 'attachments'> & { partner?: PartnerCopy | null }
  >,
): Promise<void> {
  await q.query('delete from report_values where report_id = $1', [reportId]);
  for (const [i, v] of values.entries())
    await q.query(
      `insert into report_values (report_id, key, kind, section, position, indicator_id, unit, numerator, denominator,
         value, text_value, source, drill_down, partner_numerator, partner_denominator, partner_value)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        reportId,
        v.key,
        v.kind,
        v.section,
        i,
        v.indicatorId,
        v.unit,
        v.numerator,
        v.denominator,
        v.value,
        v.text,
        v.source,
        v.drillDown,
        v.partner?.numerator ?? null,
        v.partner?.denominator ?? null,
        v.partner?.value ?? null,
      ],
    );
}

export async function setValueReview(
  q: Queryable,
  reportId: string,
  key: string,
  review: ReviewStatus,
  comment: string | null,
  by: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update report_values set review = $3, review_comment = $4, reviewed_by = $5, reviewed_at = $6
     where report_id = $1 and key = $2 returning key`,
    [reportId, key, review, comment, by, now],
  );
  return rows.length === 1;
}

export async function listReviewers(
  q: Queryable,
  countryId: string,
): Promise<Array<{ userId: string; displayName: string }>> {
  return q.query(
    `select u.id as "userId", u.display_name as "displayName" from report_reviewers rr join users u on u.id = rr.user_id
     where rr.country_id = $1 order by u.display_name`,
    [countryId],
  );
}

export async function listReviewedCountryIds(q: Queryable, userId: string): Promise<string[]> {
  const rows = await q.query<{ country_id: string }>(
    'select country_id from report_reviewers where user_id = $1',
    [userId],
  );
  return rows.map((r) => r.country_id);
}

export async function replaceReviewers(
  q: Queryable,
  countryId: string,
  userIds: readonly string[],
  by: string,
  now: Date,
): Promise<void> {
  await q.query('delete from report_reviewers where country_id = $1', [countryId]);
  for (const u of userIds)
    await q.query(
      'insert into report_reviewers (country_id, user_id, assigned_by, assigned_at) values ($1, $2, $3, $4)',
      [countryId, u, by, now],
    );
}

type QueryRow = {
  id: string;
  value_key: string;
  status: 'open' | 'answered' | 'closed';
  message_id: string | null;
  side: 'reviewer' | 'author' | null;
  author_name: string | null;
  body: string | null;
  at: Date | string | null;
};
export async function listQueryRows(q: Queryable, reportId: string): Promise<QueryRow[]> {
  return q.query<QueryRow>(
    `select rq.id, rq.value_key, rq.status, m.id as message_id, m.side, u.display_name as author_name, m.body, m.at
     from report_queries rq left join report_query_messages m on m.query_id = rq.id
       left join users u on u.id = m.author_id
     where rq.report_id = $1 order by rq.created_at, rq.id, m.seq`,
    [reportId],
  );
}
export type { QueryRow };

export async function findQueryRow(
  q: Queryable,
  reportId: string,
  queryId: string,
): Promise<{ id: string; value_key: string; status: QueryRow['status'] } | undefined> {
  const [row] = await q.query<{ id: string; value_key: string; status: QueryRow['status'] }>(
    'select id, value_key, status from report_queries where id = $1 and report_id = $2',
    [queryId, reportId],
  );
  return row;
}

export async function insertQuery(
  q: Queryable,
  r: { id: string; reportId: string; valueKey: string; by: string; now: Date },
): Promise<void> {
  await q.query(
    `insert into report_queries (id, report_id, value_key, status, created_by, created_at)
     values ($1, $2, $3, 'open', $4, $5)`,
    [r.id, r.reportId, r.valueKey, r.by, r.now],
  );
}

export async function insertQueryMessage(
  q: Queryable,
  m: { id: string; queryId: string; side: 'reviewer' | 'author'; by: string | null; body: string; now: Date },
): Promise<void> {
  await q.query(
    'insert into report_query_messages (id, query_id, side, author_id, body, at) values ($1, $2, $3, $4, $5, $6)',
    [m.id, m.queryId, m.side, m.by, m.body, m.now],
  );
}

export async function setQueryStatus(
  q: Queryable,
  queryId: string,
  status: QueryRow['status'],
): Promise<void> {
  await q.query('update report_queries set status = $2 where id = $1', [queryId, status]);
}

export async function countQueries(
  q: Queryable,
  reportId: string,
): Promise<{ open: number; unresolved: number }> {
  const [row] = await q.query<{ open: number; unresolved: number }>(
    `select count(*) filter (where status = 'open') as open, count(*) filter (where status <> 'closed') as unresolved
     from report_queries where report_id = $1`,
    [reportId],
  );
  return { open: Number(row?.open ?? 0), unresolved: Number(row?.unresolved ?? 0) };
}
