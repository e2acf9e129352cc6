import type { Principal } from '../../../shared/auth/principal';
import { AppError, validationError, versionConflict } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { COMPUTED_ITEMS, MANUAL_ITEMS, NARRATIVE_SECTIONS } from '../../../shared/reports/report-items';
import type {
  Narrative,
  Report,
  ReportQuery,
  ReportSummary,
  ReportValue,
  SubmissionDocument,
} from '../../../shared/reports/report.schema';
import { availableTransitions, bienniumRange, canEdit } from '../../../shared/reports/report-workflow';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso, toIsoOrNull } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { copyAttachments, listAttachmentRefs } from './report-attachments.repo';
import { listProvinces, replaceProvinceValues } from './report-breakdown.repo';
import { partnerPartsOf, readsPartnerCopies, withPartnerCopies } from './report-partner';
import { actorsOf, exchangeSideOf, partOf, type ReportPart, requirePart } from './report-access';
import { type AssembledValue, assembleComputedValues, itemName } from './report-assembly';
import {
  findReportRow,
  insertReportRow,
  latestVersionOf,
  listQueryRows,
  listReportRows,
  listReviewedCountryIds,
  listReviewers,
  listValueRows,
  type ReportRow,
  replaceValues,
  updateReportContent,
  type ValueRow,
} from './reports.repo';

export const REPORT = auditSubject('country_report');

const COMPUTED_KEYS = COMPUTED_ITEMS.map((i) => i.indicator);

export const emptyNarrative = (n: Partial<Narrative> = {}): Narrative =>
  Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s, n[s] ?? ''])) as Narrative;

export const periodOfReport = (biennium: string) => bienniumRange(biennium)!;

const toSummary = (r: ReportRow): ReportSummary => ({
  id: r.id,
  countryId: r.country_id,
  countryName: r.country_name,
  biennium: r.biennium,
  version: r.version,
  state: r.state,
  updatedAt: toIso(r.updated_at),
  publishedAt: toIsoOrNull(r.published_at),
});

const toValue = (v: ValueRow): ReportValue => ({
  key: v.key,
  kind: v.kind,
  section: v.section,
  indicatorId: v.indicator_id,
  name: itemName(v.key),
  unit: v.unit,
  numerator: v.numerator === null ? null : Number(v.numerator),
  denominator: v.denominator === null ? null : Number(v.denominator),
  value: v.value === null ? null : Number(v.value),
  text: v.text_value,
  source: v.source,
  drillDown: v.drill_down,
  review: v.review,
  reviewComment: v.review_comment,
});

type AttachmentRefs = Awaited<ReturnType<typeof listAttachmentRefs>>;

/**
 * Stored values with the manual items not answered yet shown empty (they cannot be stored without a
 * source), each manual item with its attached files.
 */
function valuesWithPlaceholders(rows: readonly ValueRow[], files: AttachmentRefs): ReportValue[] {
  const withFiles = (v: ReportValue): ReportValue =>
    v.kind === 'manual'
      ? { ...v, attachments: files.filter((f) => f.valueKey === v.key).map(({ valueKey: _k, ...f }) => f) }
      : v;
  return placeholders(rows).map(withFiles);
}

function placeholders(rows: readonly ValueRow[]): ReportValue[] {
  const stored = rows.map(toValue);
  const missing = MANUAL_ITEMS.filter((m) => !stored.some((v) => v.key === m.key)).map((m): ReportValue => ({
    key: m.key,
    kind: 'manual',
    section: m.section,
    indicatorId: null,
    name: m.name,
    unit: 'text',
    numerator: null,
    denominator: null,
    value: null,
    text: null,
    source: '',
    drillDown: null,
    review: 'pending',
    reviewComment: null,
  }));
  return [...stored, ...missing];
}

function toQueries(rows: Awaited<ReturnType<typeof listQueryRows>>): ReportQuery[] {
  const out = new Map<string, ReportQuery>();
  for (const r of rows) {
    let q = out.get(r.id);
    if (!q) out.set(r.id, (q = { id: r.id, valueKey: r.value_key, status: r.status, messages: [] }));
    if (r.message_id)
      q.messages.push({
        id: r.message_id,
        side: r.side!,
        authorName: r.author_name ?? '',
        body: r.body ?? '',
        at: toIso(r.at!),
      });
  }
  return [...out.values()];
}

/** `partner`: the reader gets the partner copies of computed values (report-partner.ts). */
export type LoadedReport = { row: ReportRow; part: ReportPart; reviewerIds: string[]; partner: boolean };

/** A report and the reader's part in it; 404 when it does not exist, 403 out_of_scope when not theirs. */
export async function loadReport(
  q: Queryable,
  principal: Principal,
  id: string,
  as: Parameters<typeof requirePart>[1] = 'reader',
  read: (q: Queryable, id: string) => Promise<ReportRow | undefined> = findReportRow,
): Promise<LoadedReport> {
  const row = await read(q, id);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  const reviewers = await listReviewers(q, row.country_id);
  const reviewerIds = reviewers.map((r) => r.userId);
  const part = partOf(principal, row.country_path, reviewerIds, row.state, exchangeSideOf(row));
  requirePart(part, 'reader');
  requirePart(part, as);
  return { row, part, reviewerIds, partner: readsPartnerCopies(principal, part) };
}

export async function viewReport(q: Queryable, loaded: LoadedReport): Promise<Report> {
  const { row, part, partner } = loaded;
  const [stored, queries, reviewers, files, provinces] = await Promise.all([
    listValueRows(q, row.id),
    listQueryRows(q, row.id),
    listReviewers(q, row.country_id),
    listAttachmentRefs(q, row.id),
    listProvinces(q, row.id, COMPUTED_KEYS, { partner }),
  ]);
  const values = partner
    ? stored.map((r) => (r.kind === 'computed' ? { ...r, ...partnerPartsOf(r) } : r))
    : stored;
  return {
    ...toSummary(row),
    period: periodOfReport(row.biennium),
    language: row.language,
    narrative: emptyNarrative(row.narrative),
    values: valuesWithPlaceholders(values, files),
    provinces,
    queries: toQueries(queries),
    reviewers,
    computedAt: toIso(row.computed_at),
    rowVersion: row.row_version,
    previousVersionId: row.previous_version_id,
    can: {
      actions: availableTransitions(row.state, actorsOf(part)).map((t) => t.action),
      editContent: part.author && canEdit(row.state, 'content'),
      review: part.reviewer && canEdit(row.state, 'review'),
      answer: part.author && canEdit(row.state, 'answer'),
    },
  };
}

export async function getReport(deps: AppDeps, principal: Principal, id: string): Promise<Report> {
  return viewReport(deps.db, await loadReport(deps.db, principal, id));
}

export async function listReports(
  deps: AppDeps,
  principal: Principal,
  biennium: string | undefined,
): Promise<ReportSummary[]> {
  const countryIds = await listReviewedCountryIds(deps.db, principal.userId);
  const rows = await listReportRows(deps.db, {
    paths: principal.scopes.map((s) => s.path),
    countryIds,
    biennium,
  });
  const mine = [principal.userId];
  return rows
    .filter(
      (r) =>
        partOf(
          principal,
          r.country_path,
          countryIds.includes(r.country_id) ? mine : [],
          r.state,
          exchangeSideOf(r),
        ).reader,
    )
    .map(toSummary);
}

/** Stored manual values of a report, to carry into a re-assembled or reopened version. */
const manualOf = (rows: readonly ValueRow[]): AssembledValue[] =>
  rows
    .filter((r) => r.kind === 'manual')
    .map((r) => {
      const { name: _n, review: _r, reviewComment: _c, ...v } = toValue(r);
      return v;
    });

/**
 * Creates the next version of a country's report for a biennium, assembled from the indicator engine,
 * carrying the manual items and narrative of `from` (a reopened version).
 */
export async function insertVersion(
  q: Queryable,
  principal: Principal,
  country: { id: string },
  biennium: string,
  opts: { language: string; from: ReportRow | null; now: Date },
): Promise<string> {
  const unit = await findOrgUnit(q, country.id);
  if (!unit) throw new AppError('not_found', 'errors.notFound');
  const id = newId();
  const computed = await assembleComputedValues(q, principal, unit, periodOfReport(biennium), opts.now);
  const manual = opts.from ? manualOf(await listValueRows(q, opts.from.id)) : [];
  await insertReportRow(q, {
    id,
    countryId: unit.id,
    biennium,
    version: (await latestVersionOf(q, unit.id, biennium)) + 1,
    previousVersionId: opts.from?.id ?? null,
    language: opts.language,
    narrative: opts.from ? emptyNarrative(opts.from.narrative) : emptyNarrative(),
    computedAt: opts.now,
    createdBy: principal.userId,
    now: opts.now,
  });
  await replaceValues(q, id, [...computed.values, ...manual]);
  await replaceProvinceValues(q, id, computed.provinces);
  if (opts.from) await copyAttachments(q, opts.from.id, id, newId);
  return id;
}

export async function createReport(
  deps: AppDeps,
  principal: Principal,
  input: { countryId: string; biennium: string; language?: string | undefined },
): Promise<Report> {
  const country = await findOrgUnit(deps.db, input.countryId);
  if (!country) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, 'report.write', country.path);
  if (country.kind !== 'country')
    throw validationError([{ path: 'countryId', message: 'reports.notCountry' }]);
  if (!bienniumRange(input.biennium))
    throw validationError([{ path: 'biennium', message: 'reports.bienniumFormat' }]);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    if ((await latestVersionOf(tx, country.id, input.biennium)) > 0)
      throw new AppError('conflict', 'reports.exists', [], { biennium: input.biennium });
    const id = await insertVersion(tx, principal, country, input.biennium, {
      language: input.language ?? principal.locale,
      from: null,
      now,
    });
    await auditChange(tx, principal, 'create', REPORT(id, country.id), {
      after: { biennium: input.biennium, version: 1, state: 'draft' },
    });
    return id;
  });
  return getReport(deps, principal, id);
}

/**
 * Edits a draft: narrative sections and manual items (each with its required source), and assembles the
 * computed values again from the engine (they follow the records until the report is submitted).
 */
export async function updateReport(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: {
    rowVersion: number;
    narrative?: Partial<Narrative> | undefined;
    manual?: Record<string, { text: string; source: string }> | undefined;
  },
): Promise<Report> {
  const manual = Object.entries(input.manual ?? {});
  const issues = manual.flatMap(([key, v]) => [
    ...(MANUAL_ITEMS.some((m) => m.key === key)
      ? []
      : [{ path: `manual.${key}`, message: 'reports.unknownItem', params: { key } }]),
    ...(v.source.trim() ? [] : [{ path: `manual.${key}.source`, message: 'reports.sourceRequired' }]),
  ]);
  if (issues.length) throw validationError(issues);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, id, 'author');
    if (!canEdit(row.state, 'content'))
      throw new AppError('conflict', 'reports.notEditable', [], { state: row.state });
    if (row.row_version !== input.rowVersion) throw versionConflict(input.rowVersion, row.row_version);
    const unit = (await findOrgUnit(tx, row.country_id))!;
    const stored = await listValueRows(tx, id);
    const kept = manualOf(stored).filter((v) => !input.manual?.[v.key]);
    const entered: AssembledValue[] = manual.map(([key, v]) => {
      const item = MANUAL_ITEMS.find((m) => m.key === key)!;
      return {
        key,
        kind: 'manual',
        section: item.section,
        indicatorId: null,
        unit: 'text',
        numerator: null,
        denominator: null,
        value: null,
        text: v.text,
        source: v.source.trim(),
        drillDown: null,
      };
    });
    const computed = await assembleComputedValues(tx, principal, unit, periodOfReport(row.biennium), now);
    const order = (k: string) => MANUAL_ITEMS.findIndex((m) => m.key === k);
    const manualValues = [...kept, ...entered].sort((a, b) => order(a.key) - order(b.key));
    await replaceValues(tx, id, [...computed.values, ...manualValues]);
    await replaceProvinceValues(tx, id, computed.provinces);
    const narrative = { ...emptyNarrative(row.narrative), ...input.narrative };
    await updateReportContent(tx, id, narrative, now, now);
    await auditChange(tx, principal, 'update', REPORT(id, row.country_id), {
      details: {
        narrative: Object.keys(input.narrative ?? {}),
        manual: Object.fromEntries(manual.map(([k, v]) => [k, { text: v.text, source: v.source }])),
      },
    });
  });
  return getReport(deps, principal, id);
}

/** The aggregates-only document of a version: what a country would send to a regional instance. */
export async function submissionDocument(q: Queryable, row: ReportRow): Promise<SubmissionDocument> {
  const [rows, files, provinces] = await Promise.all([
    listValueRows(q, row.id),
    listAttachmentRefs(q, row.id),
    listProvinces(q, row.id, COMPUTED_KEYS, { partner: false }),
  ]);
  const values = valuesWithPlaceholders(rows, files).map(({ drillDown: _d, ...v }) => v);
  return {
    format: 'openeenc.country-report/1',
    country: { code: row.country_code, name: row.country_name },
    biennium: row.biennium,
    version: row.version,
    language: row.language,
    period: periodOfReport(row.biennium),
    computedAt: toIso(row.computed_at),
    narrative: emptyNarrative(row.narrative),
    values,
    provinces: provinces.map(({ orgUnitId: _id, ...p }) => p),
  };
}

/**
 * A published version is read from its snapshot, never from the tables again; `partner` readers get its
 * computed values as partner copies (report-partner.ts).
 */
export async function documentOf(q: Queryable, row: ReportRow, partner = false): Promise<SubmissionDocument> {
  const doc =
    row.state === 'published' && row.snapshot
      ? (row.snapshot as SubmissionDocument)
      : await submissionDocument(q, row);
  return partner ? withPartnerCopies(q, row.id, doc, COMPUTED_KEYS) : doc;
}
