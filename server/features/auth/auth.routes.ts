import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MeSchema } from '../../../shared/auth/me.schema';
import { rolePermissions } from '../../../shared/auth/roles';
import { ChangeOwnPasswordSchema, LoginSchema, SetLocaleSchema } from '../../../shared/users/user.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { apiRoutes, NO_CONTENT, sendNoContent } from '../../http/api-route';
import { changeOwnPassword, login, logout, setOwnLocale } from './auth.service';
import { findSessionPrincipal, SESSION_COOKIE } from '../../http/sessions.repo';

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['auth']);
  const cookieOptions = (maxAgeSeconds: number) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.cookieSecure,
    maxAge: maxAgeSeconds,
  });

  async function describeSession(tokenHash: string) {
    const found = await findSessionPrincipal(
      deps.db,
      tokenHash,
      deps.clock.now(),
      deps.config.sessionIdleMinutes,
    );
    if (!found) throw new Error('session vanished right after login');
    return {
      user: found.principal,
      permissions: [...rolePermissions[found.principal.role]],
      mustChangePassword: found.mustChangePassword,
      csrfToken: found.csrfToken,
      sessionExpiresAt: found.expiresAt.toISOString(),
    };
  }

  route('POST /api/auth/login', {
    access: 'public',
    summary: 'Log in; sets an httpOnly session cookie and returns the CSRF token for writes',
    body: LoginSchema,
    reply: MeSchema,
    handler: async (req, reply) => {
      const { session } = await login(deps, req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(deps.config.sessionIdleMinutes * 60));
      return describeSession(session.tokenHash);
    },
  });

  route('POST /api/auth/logout', {
    access: 'authenticated',
    summary: 'End the session on the server',
    reply: { 204: z.null() },
    handler: async (req, reply) => {
      await logout(deps, principalOf(req), req.sessionTokenHash!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  route('GET /api/auth/me', {
    access: 'authenticated',
    summary: 'The logged-in user',
    reply: MeSchema,
    handler: async (req) => describeSession(req.sessionTokenHash!),
  });

  route('PUT /api/auth/me/locale', {
    access: 'authenticated',
    summary: 'Remember the interface language',
    body: SetLocaleSchema,
    reply: NO_CONTENT,
    handler: async (req, reply) =>
      sendNoContent(reply, setOwnLocale(deps, principalOf(req), req.body.locale)),
  });

  route('POST /api/auth/me/password', {
    access: 'authenticated',
    summary: "Change one's own password (ends other sessions)",
    body: ChangeOwnPasswordSchema,
    reply: NO_CONTENT,
    handler: async (req, reply) =>
      sendNoContent(
        reply,
        changeOwnPassword(
          deps,
          principalOf(req),
          req.sessionTokenHash!,
          req.body.currentPassword,
          req.body.newPassword,
        ),
      ),
  });
}
