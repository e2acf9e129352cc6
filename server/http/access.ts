import type { FastifyRequest } from 'fastify';
import { decideAccess, type Principal } from '../../shared/auth/principal';
import type { Permission } from '../../shared/auth/roles';
import { AppError } from '../../shared/errors';

/**
 * What a route requires, declared on every API route (`config.access`); the server refuses to start
 * when an /api route lacks it. `public` needs nothing, `authenticated` any logged-in user.
 */
export type RouteAccess = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    sessionTokenHash: string | null;
  }
}

/**
 * The one authorization function. Routes call it implicitly (role check from `config.access`);
 * services call it with the org unit a record belongs to (scope check). Throws 403 with a clear code.
 */
export function authorize(
  principal: Principal | null,
  permission: Permission,
  targetPath?: string,
): Principal {
  if (!principal) throw new AppError('unauthenticated', 'errors.unauthenticated');
  const decision = decideAccess(principal, permission, targetPath);
  if (decision === 'forbidden') throw new AppError('forbidden', 'errors.forbidden');
  if (decision === 'out_of_scope') throw new AppError('out_of_scope', 'errors.outOfScope');
  return principal;
}

/** The logged-in user of a request whose route declared an access rule other than `public`. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('unauthenticated', 'errors.unauthenticated');
  return req.principal;
}
