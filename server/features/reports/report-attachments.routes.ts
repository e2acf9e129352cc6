import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_UPLOAD_TYPES,
  AttachmentRefSchema,
  AttachmentUploadQuerySchema,
} from '../../../shared/reports/report-attachments';
import type { AppDeps } from '../../deps';
import { apiRoutes } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { downloadAttachment, removeAttachment, uploadAttachment } from './report-attachments.service';

const FileParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });

/** `attachment; filename="…"` with an ASCII fallback and the UTF-8 name (Vietnamese names survive). */
const dispositionOf = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/**
 * Evidence files of a report's manual items (docs/reports.md). In their own plugin so that the file
 * types arrive as bytes here only; the route reads the type from the bytes, not from the header.
 */
export function registerReportAttachmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(ATTACHMENT_UPLOAD_TYPES, { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    const route = apiRoutes(scope, ['reports']);

    route('POST /api/reports/:id/values/:key/attachments', {
      access: 'report.write',
      summary: "Attach an evidence file to a manual item of a draft (the file's bytes as the body)",
      description: `The body is the file itself (application/pdf, image/png, image/jpeg, the xlsx type or application/octet-stream); ?filename= names it. At most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB. The type is read from the first bytes (PDF, PNG, JPEG, xlsx workbook) and must agree with the name's extension. All or nothing, audited.`,
      params: z.strictObject({ id: z.uuid(), key: z.string().max(60) }),
      querystring: AttachmentUploadQuerySchema,
      // Room above the limit, so that a file a little too large gets the attachment's own message.
      bodyLimit: 2 * ATTACHMENT_MAX_BYTES,
      reply: { 201: AttachmentRefSchema },
      handler: async (req, reply) => {
        const body = req.body;
        if (!Buffer.isBuffer(body))
          throw new AppError('unsupported_media_type', 'errors.unsupportedMediaType', [], {
            type: req.headers['content-type'] ?? '',
          });
        const ref = await uploadAttachment(deps, principalOf(req), req.params.id, req.params.key, {
          filename: req.query.filename,
          bytes: body,
        });
        return reply.code(201).send(ref);
      },
    });

    route('GET /api/reports/:id/attachments/:attachmentId', {
      access: 'aggregate.read',
      summary:
        "Download an attached file (read like the report itself; a published version's file is checked against its snapshot)",
      params: FileParams,
      reply: z.any(),
      handler: async (req, reply) => {
        const file = await downloadAttachment(deps, principalOf(req), req.params.id, req.params.attachmentId);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', dispositionOf(file.filename))
          .header('cache-control', 'no-store')
          .send(file.content);
      },
    });

    route('DELETE /api/reports/:id/attachments/:attachmentId', {
      access: 'report.write',
      summary: 'Remove an attached file from a draft (the author)',
      params: FileParams,
      reply: { 204: z.null().describe('Removed') },
      handler: async (req, reply) => {
        await removeAttachment(deps, principalOf(req), req.params.id, req.params.attachmentId);
        return reply.code(204).send(null);
      },
    });
  });
}
