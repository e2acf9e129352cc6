import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import {
  createUser,
  getManageableUser,
  listManageableUsers,
  resetPassword,
  unlockUser,
  updateUser,
} from './users.service';

const IdParams = z.strictObject({ id: z.uuid() });

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get('/api/users', {
    config: { access: 'user.read' },
    schema: {
      tags,
      summary: "Users whose every scope lies in the caller's area",
      querystring: ListUsersQuerySchema,
      response: { 200: z.object({ items: z.array(UserSchema) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await listManageableUsers(deps, principalOf(req), req.query) }),
  });

  r.get('/api/users/:id', {
    config: { access: 'user.read' },
    schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserSchema, ...errorResponses } },
    handler: async (req) => getManageableUser(deps, principalOf(req), req.params.id),
  });

  r.post('/api/users', {
    config: { access: 'user.manage' },
    schema: {
      tags,
      summary: 'Create a user (must change the password at first login)',
      body: CreateUserSchema,
      response: { 201: UserSchema, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await createUser(deps, principalOf(req), req.body)),
  });

  r.patch('/api/users/:id', {
    config: { access: 'user.manage' },
    schema: {
      tags,
      summary: 'Change name, role, scopes, language or active state',
      params: IdParams,
      body: UpdateUserSchema,
      response: { 200: UserSchema, ...errorResponses },
    },
    handler: async (req) => updateUser(deps, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/users/:id/password', {
    config: { access: 'user.manage' },
    schema: {
      tags,
      summary: 'Set a temporary password and unlock the account',
      params: IdParams,
      body: ResetPasswordSchema,
      response: { 200: UserSchema, ...errorResponses },
    },
    handler: async (req) =>
      resetPassword(deps, principalOf(req), req.params.id, req.body.version, req.body.password),
  });

  r.post('/api/users/:id/unlock', {
    config: { access: 'user.manage' },
    schema: {
      tags,
      summary: 'Unlock the account: ends the lockout and the wait of every address; keeps the password',
      params: IdParams,
      body: UnlockUserSchema,
      response: { 200: UserSchema, ...errorResponses },
    },
    handler: async (req) => unlockUser(deps, principalOf(req), req.params.id, req.body.version),
  });
}
