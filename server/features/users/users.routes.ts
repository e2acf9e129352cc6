import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateUserSchema,
  ListUsersQuerySchema,
  ResetPasswordSchema,
  UnlockUserSchema,
  UpdateUserSchema,
  UserSchema,
} from '../../../shared/users/user.schema';
import type { AppDeps } from '../../deps';
import { apiRoutes, IdParams } from '../../http/api-route';
import { principalOf } from '../../http/access';
import {
  createUser,
  getManageableUser,
  listManageableUsers,
  resetPassword,
  unlockUser,
  updateUser,
} from './users.service';

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['users']);

  route('GET /api/users', {
    access: 'user.read',
    summary: "Users whose every scope lies in the caller's area",
    querystring: ListUsersQuerySchema,
    reply: z.object({ items: z.array(UserSchema) }),
    handler: async (req) => ({ items: await listManageableUsers(deps, principalOf(req), req.query) }),
  });

  route('GET /api/users/:id', {
    access: 'user.read',
    summary: 'One user',
    params: IdParams,
    reply: UserSchema,
    handler: async (req) => getManageableUser(deps, principalOf(req), req.params.id),
  });

  route('POST /api/users', {
    access: 'user.manage',
    summary: 'Create a user (must change the password at first login)',
    body: CreateUserSchema,
    reply: { 201: UserSchema },
    handler: async (req, reply) => reply.code(201).send(await createUser(deps, principalOf(req), req.body)),
  });

  route('PATCH /api/users/:id', {
    access: 'user.manage',
    summary: 'Change name, role, scopes, language or active state',
    params: IdParams,
    body: UpdateUserSchema,
    reply: UserSchema,
    handler: async (req) => updateUser(deps, principalOf(req), req.params.id, req.body),
  });

  route('POST /api/users/:id/password', {
    access: 'user.manage',
    summary: 'Set a temporary password and unlock the account',
    params: IdParams,
    body: ResetPasswordSchema,
    reply: UserSchema,
    handler: async (req) =>
      resetPassword(deps, principalOf(req), req.params.id, req.body.version, req.body.password),
  });

  route('POST /api/users/:id/unlock', {
    access: 'user.manage',
    summary: 'Unlock the account: ends the lockout and the wait of every address; keeps the password',
    params: IdParams,
    body: UnlockUserSchema,
    reply: UserSchema,
    handler: async (req) => unlockUser(deps, principalOf(req), req.params.id, req.body.version),
  });
}
