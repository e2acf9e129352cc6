import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import type { ReportActor, ReportState } from '../../../shared/reports/report-workflow';

/**
 * The reader's part in one country's report (docs/reports.md, "Who does what"):
 * - author: `report.write` (national managers) with the country in scope;
 * - reviewer: `report.review` and assigned to the country's pair by the coordinator (the assignment, not
 *   the scope, opens the report to them: reviewers come from other countries or outside the ministries);
 * - coordinator: `report.coordinate` (system administrators) scoped strictly above the country, i.e. at
 *   the region: a country's own administrator does not coordinate its review.
 * Anyone else with `aggregate.read` over the country (a partner, a country's system administrator) reads
 * published versions only: a report under review is shown to the people reviewing it.
 */
export type ReportPart = Record<ReportActor, boolean> & { reader: boolean };

export function partOf(
  principal: Principal,
  countryPath: string,
  reviewerIds: readonly string[],
  state: ReportState,
  exchange: ReportExchangeSide = null,
): ReportPart {
  const has = (p: Parameters<typeof roleHasPermission>[1]) => roleHasPermission(principal.role, p);
  const inScope = isPathInScope(principal, countryPath);
  // A report received from a country instance has its author there (answering through the exchange); a
  // report sent to a regional instance is reviewed and coordinated there.
  const reviewer = has('report.review') && reviewerIds.includes(principal.userId) && exchange !== 'sent';
  const author = has('report.write') && inScope && exchange !== 'received';
  const coordinator =
    has('report.coordinate') &&
    exchange !== 'sent' &&
    principal.scopes.some((s) => countryPath.startsWith(s.path) && s.path !== countryPath);
  const published = state === 'published' && has('aggregate.read') && inScope;
  return { author, reviewer, coordinator, reader: author || reviewer || coordinator || published };
}

/** Where a version stands in the exchange between instances (docs/reports.md, "Across instances"). */
export type ReportExchangeSide = 'sent' | 'received' | null;
export const exchangeSideOf = (r: {
  source_report_id: string | null;
  region_report_id: string | null;
}): ReportExchangeSide => (r.source_report_id ? 'received' : r.region_report_id ? 'sent' : null);

export const actorsOf = (part: ReportPart): ReportActor[] =>
  (['author', 'reviewer', 'coordinator'] as const).filter((a) => part[a]);

/** 404 is not used for reports outside the reader's part: they exist, the reader is not part of them. */
export function requirePart(part: ReportPart, actor: ReportActor | 'reader'): void {
  if (!part[actor]) throw new AppError('out_of_scope', 'errors.outOfScope');
}
