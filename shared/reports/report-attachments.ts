import { z } from 'zod';

/**
 * Evidence files attached to a report's manual items (policy, commodities, plans): a decree as PDF, a
 * photo of a stock card, a spreadsheet of a survey. The type is decided by the file's first bytes, never
 * by its name or the browser's content type alone: a renamed executable is refused (docs/reports.md).
 */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
/** Per manual item: enough for a decree and its annexes, not a document store. */
export const ATTACHMENTS_PER_ITEM = 5;
export const ATTACHMENT_NAME_MAX = 200;

export type AttachmentKind = 'pdf' | 'png' | 'jpeg' | 'xlsx';

/** What each accepted kind starts with, the names it may carry and the content type it is served with. */
export const ATTACHMENT_KINDS: Record<
  AttachmentKind,
  { magic: readonly number[]; extensions: readonly string[]; contentType: string }
> = {
  pdf: { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: ['pdf'], contentType: 'application/pdf' },
  png: {
    magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    extensions: ['png'],
    contentType: 'image/png',
  },
  jpeg: { magic: [0xff, 0xd8, 0xff], extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg' },
  xlsx: {
    magic: [0x50, 0x4b, 0x03, 0x04],
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
};

/** Content types the upload route reads as bytes (the browser sends the file's own type, or none). */
export const ATTACHMENT_UPLOAD_TYPES = [
  ...new Set(Object.values(ATTACHMENT_KINDS).map((k) => k.contentType)),
];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/**
 * An Office Open XML workbook is a zip naming the workbook part, in an entry's header near the start or in
 * the central directory at the end; any other zip (an archive of anything) is refused.
 */
const isWorkbook = (bytes: Uint8Array) => {
  const text = (part: Uint8Array) => new TextDecoder('latin1').decode(part);
  const ends = text(bytes.subarray(0, 64 * 1024)) + text(bytes.subarray(-64 * 1024));
  return ends.includes('[Content_Types].xml') && ends.includes('xl/workbook.xml');
};

/** The kind of a file from its content, or null when it is none of the accepted kinds. */
export function detectAttachmentKind(bytes: Uint8Array): AttachmentKind | null {
  for (const kind of Object.keys(ATTACHMENT_KINDS) as AttachmentKind[]) {
    if (!startsWith(bytes, ATTACHMENT_KINDS[kind].magic)) continue;
    if (kind === 'xlsx' && !isWorkbook(bytes)) return null;
    return kind;
  }
  return null;
}

export const extensionOf = (filename: string) => /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';

/** A file name as stored: no folders, no control characters, trimmed (the browser may send a path). */
export const cleanFilename = (name: string) =>
  name
    .split(/[\\/]/)
    .at(-1)!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, ATTACHMENT_NAME_MAX);

/** Why a file is refused (message keys of report-messages.ts), or its kind. */
export function checkAttachment(
  bytes: Uint8Array,
  filename: string,
): { kind: AttachmentKind } | { message: string; params?: Record<string, string | number> } {
  if (!filename) return { message: 'reports.attachmentName' };
  if (bytes.length === 0) return { message: 'reports.attachmentEmpty' };
  if (bytes.length > ATTACHMENT_MAX_BYTES)
    return { message: 'reports.attachmentTooLarge', params: { mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 } };
  const kind = detectAttachmentKind(bytes);
  if (!kind) return { message: 'reports.attachmentType' };
  if (!ATTACHMENT_KINDS[kind].extensions.includes(extensionOf(filename)))
    return {
      message: 'reports.attachmentNameMismatch',
      params: { kind: ATTACHMENT_KINDS[kind].extensions[0]! },
    };
  return { kind };
}

/** An attached file as the report and its published snapshot list it (the bytes are downloaded apart). */
export const AttachmentRefSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Hex SHA-256 of the bytes: a published snapshot names exactly the file it was published with. */
  sha256: z.string(),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;

export const AttachmentUploadQuerySchema = z.strictObject({
  filename: z.string().min(1).max(ATTACHMENT_NAME_MAX),
});
