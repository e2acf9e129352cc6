import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The security headers of every response, errors included. */
export function securityHeaderOptions(https: boolean) {
  return {
    // Over plain HTTP (a laptop demo) HSTS and upgrade-insecure-requests would break the app.
    hsts: https,
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: https ? [] : null,
        defaultSrc: ["'self'"],
        // No inline scripts or styles in the app; the API browser sets its own hash-based policy.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * Sets the same headers on a response that Fastify answers before routing (a bad URL, a path
 * parameter over the router's limit), where no onRequest hook, and so no @fastify/helmet, runs.
 */
export function applySecurityHeaders(
  https: boolean,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const options = securityHeaderOptions(https);
  return new Promise((resolve, reject) =>
    helmet(options)(req, res, (err?: unknown) =>
      err ? reject(err instanceof Error ? err : new Error('helmet failed', { cause: err })) : resolve(),
    ),
  );
}
