import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MeSchema } from '../../../shared/auth/me.schema';
import { rolePermissions } from '../../../shared/auth/roles';
import { ChangeOwnPasswordSchema, LoginSchema, SetLocaleSchema } from '../../../shared/users/user.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import { changeOwnPassword, login, logout, setOwnLocale } from './auth.service';
import { findSessionPrincipal, SESSION_COOKIE } from '../../http/sessions.repo';

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
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

  r.post('/api/auth/login', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Log in; sets an httpOnly session cookie and returns the CSRF token for writes',
      body: LoginSchema,
      response: { 200: MeSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { session } = await login(deps, req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(deps.config.sessionIdleMinutes * 60));
      return describeSession(session.tokenHash);
    },
  });

  r.post('/api/auth/logout', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'],
      summary: 'End the session on the server',
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await logout(deps, principalOf(req), req.sessionTokenHash!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  r.get('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: MeSchema, ...errorResponses } },
    handler: async (req) => describeSession(req.sessionTokenHash!),
  });

  r.put('/api/auth/me/locale', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'],
      summary: 'Remember the interface language',
      body: SetLocaleSchema,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await setOwnLocale(deps, principalOf(req), req.body.locale);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/auth/me/password', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'],
      summary: "Change one's own password (ends other sessions)",
      body: ChangeOwnPasswordSchema,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await changeOwnPassword(
        deps,
        principalOf(req),
        req.sessionTokenHash!,
        req.body.currentPassword,
        req.body.newPassword,
      );
      return reply.code(204).send(null);
    },
  });
}
