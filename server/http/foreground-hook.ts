import type { FastifyInstance } from 'fastify';
import { foreground } from '../lib/foreground';

declare module 'fastify' {
  interface FastifyRequest {
    countedForeground: boolean;
  }
}

/**
 * Counts every /api request being served as foreground work, except routes declared
 * `config.background`, from its arrival until Fastify has finished its response (sent, failed, or the
 * connection closed: `onResponse` runs for each).
 */
export function installForegroundHook(app: FastifyInstance): void {
  app.decorateRequest('countedForeground', false);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api') || req.routeOptions.config?.background) return;
    req.countedForeground = true;
    foreground.enter();
  });
  app.addHook('onResponse', async (req) => {
    if (req.countedForeground) foreground.leave();
  });
}
