import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema } from '../../../shared/errors';
import type { AppDeps } from '../../deps';

const HealthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']),
  database: z.literal('up'),
  serverVersion: z.string(),
  migration: z.number().int(),
});

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['health'],
      summary: 'Checks the database with a query and says which engine serves it',
      response: { 200: HealthSchema, 503: ErrorBodySchema },
    },
    handler: async (_req, reply) => {
      try {
        const [row] = await deps.db.query<{ version: string; migration: number }>(
          `select current_setting('server_version') as version,
                  (select coalesce(max(version), 0) from schema_migrations) as migration`,
        );
        return {
          status: 'ok' as const,
          engine: deps.db.engine,
          database: 'up' as const,
          serverVersion: row!.version,
          migration: Number(row!.migration),
        };
      } catch {
        return reply.code(503).send({ code: 'unavailable', message: 'Database unavailable', issues: [] });
      }
    },
  });
}
