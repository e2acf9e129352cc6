import type { CreateUser, UpdateUser, User } from '../../../shared/users/user.schema';
import { api, withQuery } from '../../lib/api-client';

export type ListUsersQuery = { q?: string; role?: string; includeInactive?: boolean };

export async function listUsers(query: ListUsersQuery): Promise<User[]> {
  return (await api.get<{ items: User[] }>(withQuery('/api/users', query))).items;
}
export const createUser = (input: CreateUser) => api.post<User>('/api/users', input);
export const updateUser = (id: string, input: UpdateUser) => api.patch<User>(`/api/users/${id}`, input);
export const resetUserPassword = (id: string, version: number, password: string) =>
  api.post<User>(`/api/users/${id}/password`, { version, password });

export const unlockUser = (id: string, version: number) =>
  api.post<User>(`/api/users/${id}/unlock`, { version });

export const userKeys = {
  all: ['users'] as const,
  list: (q: ListUsersQuery) => ['users', 'list', q] as const,
};
