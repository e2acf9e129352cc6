import { createHash } from 'node:crypto';
import type { Principal } from '../../../shared/auth/principal';
import { AppError, validationError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { MANUAL_ITEMS } from '../../../shared/reports/report-items';
import {
  ATTACHMENT_KINDS,
  ATTACHMENTS_PER_ITEM,
  type AttachmentRef,
  checkAttachment,
  cleanFilename,
} from '../../../shared/reports/report-attachments';
import { canEdit } from '../../../shared/reports/report-workflow';
import type { AppDeps } from '../../deps';
import { auditChange } from '../audit/audit.repo';
import {
  countItemAttachments,
  deleteAttachment,
  findAttachment,
  insertAttachment,
} from './report-attachments.repo';
import { lockReportRow } from './reports.repo';
import { documentOf, loadReport, REPORT } from './reports.service';

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Attaches one evidence file to a manual item of a draft (the author). Everything is checked before the
 * one insert, which lands with its audit entry in the same transaction: a refused file writes nothing.
 */
export async function uploadAttachment(
  deps: AppDeps,
  principal: Principal,
  reportId: string,
  valueKey: string,
  input: { filename: string; bytes: Buffer },
): Promise<AttachmentRef> {
  if (!MANUAL_ITEMS.some((m) => m.key === valueKey))
    throw validationError([{ path: 'key', message: 'reports.attachmentManualOnly' }]);
  const filename = cleanFilename(input.filename);
  const checked = checkAttachment(input.bytes, filename);
  if ('message' in checked)
    throw validationError([{ path: 'file', message: checked.message, params: checked.params ?? {} }]);
  const ref: AttachmentRef = {
    id: newId(),
    filename,
    contentType: ATTACHMENT_KINDS[checked.kind].contentType,
    size: input.bytes.length,
    sha256: sha256Of(input.bytes),
  };
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, reportId, 'author', lockReportRow);
    if (!canEdit(row.state, 'content'))
      throw new AppError('conflict', 'reports.notEditable', [], { state: row.state });
    if ((await countItemAttachments(tx, row.id, valueKey)) >= ATTACHMENTS_PER_ITEM)
      throw validationError([
        { path: 'file', message: 'reports.attachmentLimit', params: { count: ATTACHMENTS_PER_ITEM } },
      ]);
    await insertAttachment(tx, {
      ...ref,
      reportId: row.id,
      valueKey,
      content: input.bytes,
      by: principal.userId,
      now,
    });
    await auditChange(tx, principal, 'create', REPORT(row.id, row.country_id), {
      details: { attachment: { ...ref, valueKey } },
    });
  });
  return ref;
}

/** Removes a file from a draft (the author); audited with what it was. */
export async function removeAttachment(
  deps: AppDeps,
  principal: Principal,
  reportId: string,
  attachmentId: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadReport(tx, principal, reportId, 'author', lockReportRow);
    if (!canEdit(row.state, 'content'))
      throw new AppError('conflict', 'reports.notEditable', [], { state: row.state });
    const found = await findAttachment(tx, row.id, attachmentId);
    if (!found || !(await deleteAttachment(tx, row.id, attachmentId)))
      throw new AppError('not_found', 'errors.notFound');
    const { content: _c, ...ref } = found;
    await auditChange(tx, principal, 'delete', REPORT(row.id, row.country_id), {
      details: { attachment: ref },
    });
  });
}

/**
 * A file, to whoever may read the report (the same part as the report itself). A published version
 * serves only the bytes its snapshot names: the SHA-256 is checked at every download. Downloads are audited.
 */
export async function downloadAttachment(
  deps: AppDeps,
  principal: Principal,
  reportId: string,
  attachmentId: string,
): Promise<AttachmentRef & { content: Buffer }> {
  const { row } = await loadReport(deps.db, principal, reportId);
  const found = await findAttachment(deps.db, row.id, attachmentId);
  if (!found) throw new AppError('not_found', 'errors.notFound');
  if (row.state === 'published') {
    const listed = (await documentOf(deps.db, row)).values
      .flatMap((v) => v.attachments ?? [])
      .find((a) => a.id === found.id);
    if (!listed || listed.sha256 !== sha256Of(found.content))
      throw new AppError('conflict', 'reports.attachmentChanged');
  }
  await auditChange(deps.db, principal, 'export', REPORT(row.id, row.country_id), {
    details: { attachment: { id: found.id, filename: found.filename, valueKey: found.valueKey } },
  });
  return found;
}
