import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { translate } from '../../../shared/i18n/messages';
import {
  ListConflictsQuerySchema,
  PullQuerySchema,
  PullResponseSchema,
  PushBodySchema,
  PushResponseSchema,
  ResolveConflictSchema,
  SyncConflictSchema,
} from '../../../shared/sync/sync.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { IdParams } from '../../http/api-route';
import { requestLocale } from '../../http/locale';
import { errorResponses } from '../../http/openapi';
import { listConflicts, resolveConflict } from './sync-conflicts.service';
import { pullChanges } from './sync-pull.service';
import { pushOperations } from './sync-push.service';
import { pgErrorCode } from '../../db/db';
import type { StoredResult } from './sync.repo';

/**
 * A push of 500 creates is about 1.5 MB (a birth with one newborn is about 3 KB as a flat patch): above
 * the default body limit, which fits single records. Twins and long texts stay well inside this.
 */
const PUSH_BODY_LIMIT = 6 * 1024 * 1024;

/** A stored result in the reader's language (results are stored as message keys). */
function toWireResult(req: FastifyRequest, r: StoredResult & { opId: string }) {
  const locale = requestLocale(req);
  return {
    opId: r.opId,
    status: r.status,
    version: r.version,
    conflicts: r.conflicts,
    code: r.code,
    message: r.message === null ? null : translate(locale, r.message, r.params),
    issues: r.issues.map((i) => ({ path: i.path, message: translate(locale, i.message, i.params) })),
  };
}

export function registerSyncRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sync'];

  r.post('/api/sync/push', {
    config: { access: 'authenticated' },
    bodyLimit: PUSH_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Send queued offline operations (up to 500; idempotent by opId; one result per operation)',
      description:
        'Each operation is merged field by field against its base version and stored with its result in one transaction. A replayed opId answers its first result. A refused operation answers its own message; the others still apply.',
      body: PushBodySchema,
      response: { 200: PushResponseSchema, ...errorResponses },
    },
    handler: async (req) => ({
      results: (
        await pushOperations(deps, principalOf(req), req.body.ops, {
          // The opId and the error's kind only: a database error's text may quote a record's values.
          onUnexpected: (opId, err) =>
            req.log.error(
              { opId, error: err instanceof Error ? err.name : typeof err, pgCode: pgErrorCode(err) },
              'sync operation failed',
            ),
        })
      ).map((x) => toWireResult(req, x)),
    }),
  });

  r.get('/api/sync/pull', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: "Births changed or removed since a cursor, in the caller's scope (no cursor: the working set)",
      querystring: PullQuerySchema,
      response: { 200: PullResponseSchema, ...errorResponses },
    },
    handler: async (req) => pullChanges(deps, principalOf(req), req.query),
  });

  r.get('/api/sync/conflicts', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: "Conflict inbox of the caller's area (?status=open|resolved&facility=)",
      querystring: ListConflictsQuerySchema,
      response: { 200: z.object({ items: z.array(SyncConflictSchema) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await listConflicts(deps, principalOf(req), req.query) }),
  });

  r.post('/api/sync/conflicts/:id/resolve', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary:
        "Resolve a conflict: keep the server's value, take the device's, or write an edited value (audited)",
      params: IdParams,
      body: ResolveConflictSchema,
      response: { 200: SyncConflictSchema, ...errorResponses },
    },
    handler: async (req) => resolveConflict(deps, principalOf(req), req.params.id, req.body),
  });
}
