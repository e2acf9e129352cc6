import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors';

/**
 * Serves the built web app (PWA shell) and answers unknown non-API paths with index.html so that
 * client-side routes survive a reload. Unknown /api paths get the standard 404 error body.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const hasWeb = existsSync(path.join(distDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      // The build writes brotli and gzip copies beside each file (scripts/build/web-assets-plugin.ts);
      // the one the browser accepts is sent as it is, else the plain file.
      preCompressed: true,
      setHeaders: (res, filePath) => {
        const name = path.basename(filePath).replace(/\.(br|gz)$/, '');
        // Hashed assets never change; the shell and the service worker must be revalidated every time.
        if (filePath.includes(`${path.sep}assets${path.sep}`))
          res.header('cache-control', 'public, max-age=31536000, immutable');
        else if (name === 'sw.js' || name.endsWith('.html') || name.endsWith('.webmanifest'))
          res.header('cache-control', 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api')) throw new AppError('not_found', 'errors.routeNotFound');
    if (!hasWeb || req.method !== 'GET') {
      return reply.code(404).type('text/plain').send('Not found. Build the web app with "npm run build".');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
