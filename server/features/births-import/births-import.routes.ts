import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BIRTH_CSV_COLUMN_NAMES } from '../../../shared/births/birth-csv-columns';
import {
  BirthExportQuerySchema,
  BirthImportEventSchema,
  BirthImportQuerySchema,
  type BirthImportReport,
} from '../../../shared/births/birth-import.schema';
import { toCsvHeader } from '../../../shared/csv/csv-writer';
import { AppError, ErrorBodySchema } from '../../../shared/errors';
import { translate } from '../../../shared/i18n/messages';
import type { Locale } from '../../../shared/users/user.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { requestLocale } from '../../http/locale';
import { apiRoutes } from '../../http/api-route';
import { openBirthExport } from './births-export.service';
import { IMPORT_MAX_BYTES, openBirthImport } from './births-import.service';
import { formatBytes } from './csv-stream';

/** Streams are piped as they are (Fastify never serializes them); the response schema documents their content. */
const asStreamBody = (stream: Readable) => stream as unknown as never;

const UPLOAD_TYPES = ['text/csv', 'text/plain', 'application/octet-stream'];

/** The report in the reader's language: message keys become text, their params are dropped. */
export function translateReport(report: BirthImportReport, locale: Locale) {
  return {
    ...report,
    issues: report.issues.map(({ params, ...i }) => ({
      ...i,
      message: translate(locale, i.message, params),
    })),
    fatal: report.fatal
      ? {
          code: report.fatal.code,
          line: report.fatal.line,
          message: translate(locale, report.fatal.message, report.fatal.params),
        }
      : null,
  };
}

/**
 * Bulk import and export of the birth register as CSV. The routes live in their own encapsulated
 * plugin so that only here a CSV body arrives as a stream (elsewhere uploads are buffered under the
 * global body limit): a 50 MB file is parsed while it arrives and never held in memory.
 */
export function registerBirthImportRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app.register(async (scope) => {
    scope.removeContentTypeParser(UPLOAD_TYPES);
    scope.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    const route = apiRoutes(scope, ['births']);

    route('GET /api/births/import/template.csv', {
      access: 'record.write',
      summary: 'CSV template of the birth import: the header row (columns in docs/births-import.md)',
      reply: z.string(),
      handler: async (_req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="births-import-template.csv"')
          .send(toCsvHeader(BIRTH_CSV_COLUMN_NAMES)),
    });

    route('POST /api/births/import', {
      access: 'record.write',
      bodyLimit: IMPORT_MAX_BYTES,
      summary: 'Import births from CSV (text/csv, UTF-8), streamed; answers with NDJSON progress lines',
      description: `One row per newborn (columns in docs/births-import.md). mode=all_or_nothing writes every birth or none; mode=valid_only commits valid births as it goes and reports the others. allowBefore=true accepts births before the register's earliest date (REGISTER_EARLIEST_BIRTH_DATE, default 2000-01-01; never before 1900). Idempotent on birth_id. The answer is application/x-ndjson: {"type":"progress",...} lines, then one {"type":"report",...} line with every problem (row, column, message). A file that cannot be used at all (not UTF-8 at the start, missing or unknown columns, empty) gets a normal 4xx error instead. Limit ${formatBytes(IMPORT_MAX_BYTES)}.`,
      querystring: BirthImportQuerySchema,
      reply: { 200: BirthImportEventSchema, 413: ErrorBodySchema, 415: ErrorBodySchema },
      handler: async (req, reply) => {
        const body = req.body;
        if (body === undefined || body === null)
          throw new AppError('validation_failed', 'import.emptyFile', [
            { path: 'file', message: 'import.emptyFile' },
          ]);
        if (!(body instanceof Readable))
          throw new AppError('unsupported_media_type', 'errors.unsupportedMediaType', [], {
            type: req.headers['content-type'] ?? '',
          });
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > IMPORT_MAX_BYTES) {
          body.resume();
          throw new AppError('payload_too_large', 'birthImport.tooLarge', [], {
            limit: formatBytes(IMPORT_MAX_BYTES),
          });
        }
        const locale = requestLocale(req);
        let job;
        try {
          job = await openBirthImport(deps, principalOf(req), body.iterator({ destroyOnReturn: false }), {
            mode: req.query.mode,
            allowBefore: req.query.allowBefore,
            via: 'http',
            locale,
            ...(declared > 0 ? { bytes: declared } : {}),
            log: (err) => req.log.error({ err, route: req.routeOptions.url }, 'birth import failed'),
          });
        } catch (err) {
          // Let the rest of the upload drain so that the error answer reaches the client.
          body.resume();
          throw err;
        }
        const out = new PassThrough();
        // A client that goes away destroys the answer; the import then stops on the interrupted upload.
        out.on('error', () => {});
        const line = (event: unknown) => `${JSON.stringify(event)}\n`;
        void job
          .run((p) => {
            if (!out.destroyed) out.write(line(p));
          })
          .then((report) => {
            if (!out.destroyed) out.end(line(translateReport(report, locale)));
          })
          .finally(() => body.resume());
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(asStreamBody(out));
      },
    });

    route('GET /api/births/export.csv', {
      access: 'record.export',
      summary:
        'The filtered birth list as CSV in the import columns (?facility=&from=&to=&flag=&outcome=&q=)',
      description:
        'Same filters and scope as GET /api/births. UTF-8 with a byte-order mark (for Excel); the mother name and phone columns are empty unless the reader may see personal data at that facility. Audited as an export.',
      querystring: BirthExportQuerySchema,
      reply: z.string(),
      handler: async (req, reply) => {
        const { filename, chunks } = await openBirthExport(deps, principalOf(req), req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store')
          .send(asStreamBody(Readable.from(chunks, { objectMode: false })));
      },
    });
  });
}
