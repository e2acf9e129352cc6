import type { AttachmentRef } from '../../../shared/reports/report-attachments';
import type { Queryable } from '../../db/db';

/** SQL of the report attachments (migration 0090). Lists never read the bytes. */
type RefRow = {
  id: string;
  value_key: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
};

const toRef = (r: RefRow): AttachmentRef & { valueKey: string } => ({
  id: r.id,
  valueKey: r.value_key,
  filename: r.filename,
  contentType: r.content_type,
  size: Number(r.size_bytes),
  sha256: r.sha256,
});

export async function listAttachmentRefs(
  q: Queryable,
  reportId: string,
): Promise<Array<AttachmentRef & { valueKey: string }>> {
  const rows = await q.query<RefRow>(
    `select id, value_key, filename, content_type, size_bytes, sha256 from report_attachments
      where report_id = $1 order by value_key, uploaded_at, id`,
    [reportId],
  );
  return rows.map(toRef);
}

export async function countItemAttachments(q: Queryable, reportId: string, valueKey: string) {
  const [row] = await q.query<{ n: number }>(
    'select count(*) as n from report_attachments where report_id = $1 and value_key = $2',
    [reportId, valueKey],
  );
  return Number(row?.n ?? 0);
}

export async function insertAttachment(
  q: Queryable,
  a: AttachmentRef & { reportId: string; valueKey: string; content: Buffer; by: string; now: Date },
): Promise<void> {
  await q.query(
    `insert into report_attachments (id, report_id, value_key, filename, content_type, size_bytes, sha256, content,
       uploaded_by, uploaded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [a.id, a.reportId, a.valueKey, a.filename, a.contentType, a.size, a.sha256, a.content, a.by, a.now],
  );
}

/** One attachment of one report version, with its bytes (a Buffer on both engines). */
export async function findAttachment(
  q: Queryable,
  reportId: string,
  id: string,
): Promise<(AttachmentRef & { valueKey: string; content: Buffer }) | undefined> {
  const [row] = await q.query<RefRow & { content: Uint8Array }>(
    `select id, value_key, filename, content_type, size_bytes, sha256, content from report_attachments
      where report_id = $1 and id = $2`,
    [reportId, id],
  );
  return row && { ...toRef(row), content: Buffer.from(row.content) };
}

export async function deleteAttachment(q: Queryable, reportId: string, id: string): Promise<boolean> {
  const rows = await q.query('delete from report_attachments where report_id = $1 and id = $2 returning id', [
    reportId,
    id,
  ]);
  return rows.length === 1;
}

/** A reopened version starts with the files of the version it reopens (new ids; the old rows stay frozen). */
export async function copyAttachments(
  q: Queryable,
  fromReportId: string,
  toReportId: string,
  newIdOf: () => string,
): Promise<void> {
  for (const ref of await listAttachmentRefs(q, fromReportId))
    await q.query(
      `insert into report_attachments (id, report_id, value_key, filename, content_type, size_bytes, sha256, content,
         uploaded_by, uploaded_at)
       select $1, $2, value_key, filename, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at
         from report_attachments where id = $3`,
      [newIdOf(), toReportId, ref.id],
    );
}
