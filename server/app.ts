import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AppError } from '../shared/errors';
import type { AppDeps } from './deps';
import { registerAssessmentRoutes } from './features/assessments/assessments.routes';
import { registerAuditRoutes } from './features/audit/audit.routes';
import { registerAuthRoutes } from './features/auth/auth.routes';
import { registerBirthRoutes } from './features/births/births.routes';
import { registerBirthImportRoutes } from './features/births-import/births-import.routes';
import { registerCoachingRoutes } from './features/coaching/coaching.routes';
import { registerDhis2Routes } from './features/dhis2/dhis2.routes';
import { registerFhirRoutes } from './features/fhir/fhir.routes';
import { registerHealthRoutes } from './features/health/health.routes';
import { registerIndicatorRoutes } from './features/indicators/indicators.routes';
import { registerKmcRoutes } from './features/kmc/kmc.routes';
import { registerScreeningRoutes } from './features/screening/screening.routes';
import { registerOrgUnitRoutes } from './features/org-units/org-units.routes';
import { registerBoundaryRoutes } from './features/boundaries/boundaries.routes';
import { registerPncRoutes } from './features/pnc/pnc.routes';
import { registerReportRoutes } from './features/reports/reports.routes';
import { registerSyncRoutes } from './features/sync/sync.routes';
import { registerUserRoutes } from './features/users/users.routes';
import { installAuthHooks } from './http/auth-hooks';
import { installErrorHandlers, sendFrameworkError } from './http/error-handler';
import { installNulGuard } from './http/nul-guard';
import { registerOpenApi } from './http/openapi';
import { applySecurityHeaders, securityHeaderOptions } from './http/security-headers';
import { registerWebApp } from './http/web-static';

export type BuildAppOptions = {
  /** Pino logger options; tests pass `false`. */
  logger?: boolean | { level: string };
};

/** The whole HTTP application, built from its dependencies. It never listens: `main.ts` does, tests inject. */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    // Request logs would carry query strings; the onResponse hook below logs the route pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
    // A bad URL or a path parameter over the router's limit is answered before routing: in our shape,
    // with the security headers, without echoing the URL.
    frameworkErrors: (err, req, reply) => {
      void sendFrameworkError(err, req, reply, () =>
        applySecurityHeaders(deps.config.cookieSecure, req.raw, reply.raw),
      );
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, deps.config.bodyLimitBytes);

  await app.register(cookie);
  const https = deps.config.cookieSecure;
  await app.register(helmet, securityHeaderOptions(https));
  app.addContentTypeParser(
    ['text/csv', 'text/plain', 'application/octet-stream'],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );
  // Raw bodies are for file uploads (routes without a body schema); JSON routes refuse them.
  app.addHook('preValidation', async (req) => {
    if (Buffer.isBuffer(req.body) && req.routeOptions.schema?.body) {
      throw new AppError('unsupported_media_type', 'errors.unsupportedMediaType', [], {
        type: req.headers['content-type'] ?? '',
      });
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    if (!req.url.startsWith('/api')) return;
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'api',
    );
  });

  installNulGuard(app);
  installAuthHooks(app, deps);
  await registerOpenApi(app, https);
  registerHealthRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerOrgUnitRoutes(app, deps);
  registerBoundaryRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerBirthRoutes(app, deps);
  registerAssessmentRoutes(app, deps);
  registerBirthImportRoutes(app, deps);
  registerIndicatorRoutes(app, deps);
  registerPncRoutes(app, deps);
  registerDhis2Routes(app, deps);
  registerFhirRoutes(app, deps);
  registerCoachingRoutes(app, deps);
  registerKmcRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerScreeningRoutes(app, deps);
  registerSyncRoutes(app, deps);
  await registerWebApp(app, deps.config.webDistDir);
  return app;
}
