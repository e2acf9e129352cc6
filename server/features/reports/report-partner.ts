import type { Principal } from '../../../shared/auth/principal';
import { isAggregateOnlyRole } from '../../../shared/auth/roles';
import type { SubmissionDocument } from '../../../shared/reports/report.schema';
import type { Queryable } from '../../db/db';
import type { ReportPart } from './report-access';
import { listProvinces } from './report-breakdown.repo';
import type { ValueRow } from './reports.repo';
import { listValueRows } from './reports.repo';

/**
 * Partner-facing report outputs (docs/decisions.md, "Partners read a report's perturbed copies"): an
 * aggregate-only reader (a partner viewer) who is not in the report's reviewer pair reads each computed
 * value as the dashboard would publish it to them, the cell-key perturbed counts of people stored beside
 * the exact value at assembly. Authors, the reviewer pair (partners included: the review checks the
 * figures the country reports) and the coordinator read exact values.
 */
export const readsPartnerCopies = (principal: Principal, part: ReportPart) =>
  isAggregateOnlyRole(principal.role) && !part.author && !part.reviewer && !part.coordinator;

type Parts = { numerator: number | null; denominator: number | null; value: number | null };

const WITHHELD: Parts = { numerator: null, denominator: null, value: null };

const n = (x: number | null) => (x === null ? null : Number(x));

/**
 * A stored value's partner copy. A value with data but no copy (assembled before the copies existed) is
 * withheld ("no data"), never shown exact.
 */
export function partnerPartsOf(v: ValueRow): Parts {
  if (v.partner_numerator === null && v.partner_value === null) return WITHHELD;
  return {
    numerator: n(v.partner_numerator),
    denominator: n(v.partner_denominator),
    value: n(v.partner_value),
  };
}

/** The document (a version's, or its published snapshot) with every computed value replaced by its copy. */
export async function withPartnerCopies(
  q: Queryable,
  reportId: string,
  doc: SubmissionDocument,
  order: readonly string[],
): Promise<SubmissionDocument> {
  const [rows, provinces] = await Promise.all([
    listValueRows(q, reportId),
    listProvinces(q, reportId, order, { partner: true }),
  ]);
  const copies = new Map(rows.filter((r) => r.kind === 'computed').map((r) => [r.key, partnerPartsOf(r)]));
  return {
    ...doc,
    values: doc.values.map((v) => (v.kind === 'computed' ? { ...v, ...(copies.get(v.key) ?? WITHHELD) } : v)),
    provinces: provinces.map(({ orgUnitId: _id, ...p }) => p),
  };
}
