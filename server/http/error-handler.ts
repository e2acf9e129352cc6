import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorBody, formatIssuePath, type Issue } from '../../shared/errors';
import { translate } from '../../shared/i18n/messages';
import { zodLocaleOf } from '../../shared/i18n/zod-locale';
import type { Locale } from '../../shared/users/user.schema';
import { pgErrorCode } from '../db/db';
import { requestLocale } from './locale';

function toWire(
  locale: Locale,
  message: string,
  issues: Issue[],
  params?: Record<string, unknown>,
): ErrorBody {
  return {
    code: '',
    message: translate(locale, message, params),
    issues: issues.map((i) => ({ path: i.path, message: translate(locale, i.message, i.params) })),
  };
}

/** zod issues as wire issues; an unknown key becomes one issue on that key's own path. */
export function zodIssuesToIssues(issues: readonly z.core.$ZodIssue[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatIssuePath([...issue.path, key]),
        message: 'errors.unknownField',
      }));
    }
    return [{ path: formatIssuePath(issue.path), message: issue.message }];
  });
}

/** Re-validates with the reader's language: cheaper than localizing every successful parse. */
function localizedValidationIssues(
  req: FastifyRequest,
  context: string | undefined,
  locale: Locale,
): Issue[] | null {
  const schemas = req.routeOptions.schema as Record<string, unknown> | undefined;
  const key = context === 'querystring' ? 'querystring' : context;
  const schema = key ? schemas?.[key] : undefined;
  if (!(schema instanceof z.ZodType)) return null;
  const input = key === 'querystring' ? req.query : (req as unknown as Record<string, unknown>)[key!];
  const result = schema.safeParse(input, { error: zodLocaleOf(locale).localeError });
  return result.success ? null : zodIssuesToIssues(result.error.issues);
}

function send(reply: FastifyReply, status: number, code: string, body: ErrorBody) {
  return reply
    .code(status)
    .type('application/json')
    .send({ ...body, code });
}

const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'errors.payloadTooLarge' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'errors.unsupportedMediaType',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_request', message: 'errors.badJson' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request', message: 'errors.badJson' },
};

export function installErrorHandlers(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const locale = requestLocale(req);
    if (err instanceof AppError) {
      if (err.code === 'rate_limited') reply.header('retry-after', String(Number(err.params?.seconds ?? 60)));
      return send(reply, err.status, err.code, toWire(locale, err.message, err.issues, err.params));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues =
        localizedValidationIssues(req, err.validationContext, locale) ??
        err.validation.map((v) => ({
          path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
          message: v.message ?? '',
        }));
      return send(reply, 400, 'validation_failed', toWire(locale, 'errors.validation', issues));
    }
    const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
    if (known) {
      const params = {
        // The import route allows more than the app-wide limit; name the limit that applied.
        limit: `${Math.round((req.routeOptions.bodyLimit ?? bodyLimitBytes) / 1024)} KB`,
        type: req.headers['content-type'] ?? '',
      };
      return send(reply, known.status, known.code, toWire(locale, known.message, [], params));
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return send(reply, 400, 'bad_request', toWire(locale, 'errors.badJson', []));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, err.statusCode, err.statusCode === 404 ? 'not_found' : 'bad_request', {
        code: '',
        message: translate(locale, err.statusCode === 404 ? 'errors.notFound' : 'errors.validation'),
        issues: [],
      });
    }
    // A value the database cannot store (a NUL character, a number beyond its column) is the client's error.
    if (pgErrorCode(err)?.startsWith('22')) {
      req.log.warn({ route: req.routeOptions.url, pgCode: pgErrorCode(err) }, 'data exception');
      return send(reply, 400, 'bad_request', toWire(locale, 'errors.validation', []));
    }
    // Log the failure with its stack but nothing from the request body: it may hold personal data.
    req.log.error({ err, route: req.routeOptions.url, method: req.method }, 'request failed');
    return send(reply, 500, 'internal', toWire(locale, 'errors.internal', []));
  });
}

/**
 * Errors Fastify meets before routing (a malformed percent-encoding, a path parameter over the router's
 * limit): the one wire shape, with the security headers, and without the URL that Fastify's own answer
 * echoed back.
 */
export async function sendFrameworkError(
  err: FastifyError,
  req: FastifyRequest,
  reply: FastifyReply,
  applySecurityHeaders: () => Promise<void>,
): Promise<void> {
  try {
    await applySecurityHeaders();
    req.log.warn({ code: err.code }, 'unroutable request');
    await send(reply, 400, 'bad_request', toWire(requestLocale(req), 'errors.badUrl', []));
  } catch (failure) {
    // Fastify does not await this handler: a rejection here would end the process.
    req.log.error({ err: failure }, 'request failed');
    reply.raw.destroy();
  }
}
