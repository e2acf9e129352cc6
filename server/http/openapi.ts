import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../shared/errors';

/** Every 4xx/5xx answer has the same shape; routes spread this into their `response` schemas. */
export const errorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  500: ErrorBodySchema,
} as const;

export async function registerOpenApi(app: FastifyInstance, https: boolean): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'OpenEENC API',
        description:
          'Early Essential Newborn Care and postnatal follow-up. Log in with POST /api/auth/login; send the returned csrfToken in the x-csrf-token header on every write. Errors: { code, message, issues: [{ path, message }] }.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'openeenc_session' },
          // The per-country token of the report exchange between instances (docs/reports.md).
          exchangeToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Tags start folded, with a filter box: drawn unfolded, swagger-ui 5 stopped after the first few
    // operations once the document passed about 135 operations (no error logged); folded, every tag shows
    // and each draws its operations when opened.
    uiConfig: { docExpansion: 'none', filter: true },
    // Hashes of swagger-ui's inline bootstrap, so the rest of the app needs no 'unsafe-inline'.
    staticCSP: true,
    // swagger-ui also sets style attributes from script: inline styles are allowed on these pages only.
    transformStaticCSP: (header) => {
      const relaxed = header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'");
      return https ? relaxed : relaxed.replace(/\s*upgrade-insecure-requests;?/, '');
    },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
