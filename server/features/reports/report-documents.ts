import type { Principal } from '../../../shared/auth/principal';
import { AppError } from '../../../shared/errors';
import { diffDocuments } from '../../../shared/reports/report-diff';
import type { ReportDiff, SubmissionDocument } from '../../../shared/reports/report.schema';
import type { AppDeps } from '../../deps';
import { auditChange } from '../audit/audit.repo';
import { renderReportExcel } from './report-excel';
import { renderReportPdf, reportChartSvg } from './report-pdf';
import { findReportRow } from './reports.repo';
import { documentOf, loadReport, REPORT } from './reports.service';

export async function getSubmission(
  deps: AppDeps,
  principal: Principal,
  id: string,
): Promise<SubmissionDocument> {
  const { row, partner } = await loadReport(deps.db, principal, id);
  return documentOf(deps.db, row, partner);
}

/** The diff between two versions of one country's report for one biennium (published ones from their snapshots). */
export async function getReportDiff(
  deps: AppDeps,
  principal: Principal,
  id: string,
  againstId: string | undefined,
): Promise<ReportDiff> {
  const { row, partner } = await loadReport(deps.db, principal, id);
  const otherId = againstId ?? row.previous_version_id;
  const other = otherId ? await findReportRow(deps.db, otherId) : undefined;
  if (!other || other.country_id !== row.country_id || other.biennium !== row.biennium)
    throw new AppError('not_found', 'reports.noVersion', [], { version: otherId ?? '' });
  const [older, newer] = other.version < row.version ? [other, row] : [row, other];
  const diff = diffDocuments(
    await documentOf(deps.db, older, partner),
    await documentOf(deps.db, newer, partner),
  );
  return {
    from: { id: older.id, version: older.version },
    to: { id: newer.id, version: newer.version },
    ...diff,
  };
}

/** A file of a version (PDF, Excel, the chart's SVG), from the same document the API gives; downloads are audited. */
export async function getReportFile(
  deps: AppDeps,
  principal: Principal,
  id: string,
  kind: 'pdf' | 'xlsx' | 'svg',
): Promise<{ body: Buffer | string; contentType: string; filename: string }> {
  const { row, partner } = await loadReport(deps.db, principal, id);
  const doc = await documentOf(deps.db, row, partner);
  const filename = `eenc-report-${row.country_code}-${row.biennium}-v${row.version}.${kind}`;
  if (kind === 'svg') return { body: reportChartSvg(doc), contentType: 'image/svg+xml', filename };
  await auditChange(deps.db, principal, 'export', REPORT(row.id, row.country_id), {
    details: { format: kind },
  });
  if (kind === 'pdf')
    return {
      body: await renderReportPdf(doc, { state: row.state }),
      contentType: 'application/pdf',
      filename,
    };
  return {
    body: await renderReportExcel(doc),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename,
  };
}
