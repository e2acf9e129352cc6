import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors';
import type { AppDeps } from '../deps';
import { findSessionPrincipal, hashToken, SESSION_COOKIE } from './sessions.repo';
import { authorize } from './access';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';
/** What a user with an administrator-set password may still do: see who they are, change it, leave. */
const OPEN_WHILE_PASSWORD_CHANGE_REQUIRED = new Set([
  '/api/auth/me',
  '/api/auth/me/password',
  '/api/auth/me/locale',
  '/api/auth/logout',
]);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authentication and the route-level half of authorization, for every /api route:
 * - at start-up, a route without `config.access` stops the server (no route can forget its rule);
 * - per request, the session cookie is resolved to a principal, writes need the session's CSRF token,
 *   and the route's permission is checked with the one `authorize` function.
 * Scope (which org unit) is checked by the services with the same function.
 */
export function installAuthHooks(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionTokenHash', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    // Routes of the bundled API browser are static assets.
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), access: 'public' };
      return;
    }
    if (!route.config?.access)
      throw new Error(`Route ${[route.method].flat().join(',')} ${route.url} declares no config.access`);
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const token = req.cookies[SESSION_COOKIE];
    let csrfToken: string | null = null;
    let mustChangePassword = false;
    if (token) {
      const tokenHash = hashToken(token);
      const found = await findSessionPrincipal(
        deps.db,
        tokenHash,
        deps.clock.now(),
        deps.config.sessionIdleMinutes,
      );
      if (found) {
        req.principal = found.principal;
        req.sessionTokenHash = tokenHash;
        csrfToken = found.csrfToken;
        mustChangePassword = found.mustChangePassword;
      }
    }
    if (access === 'public') return;
    if (!req.principal) throw new AppError('unauthenticated', 'errors.unauthenticated');
    if (UNSAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !csrfToken || !sameToken(sent, csrfToken)) {
        throw new AppError('csrf_failed', 'errors.csrf');
      }
    }
    if (mustChangePassword && !OPEN_WHILE_PASSWORD_CHANGE_REQUIRED.has(req.routeOptions.url ?? '')) {
      throw new AppError('password_change_required', 'errors.passwordChangeRequired');
    }
    if (access !== 'authenticated') authorize(req.principal, access);
  });
}
