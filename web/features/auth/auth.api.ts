import type { Me as MeBody } from '../../../shared/auth/me.schema';
import type { Permission } from '../../../shared/auth/roles';
import type { Locale } from '../../../shared/users/user.schema';
import { api, setCsrfRefresher, setCsrfToken } from '../../lib/api-client';

export type Me = Omit<MeBody, 'permissions'> & { permissions: Permission[] };

export async function fetchMe(): Promise<Me> {
  const me = await api.get<Me>('/api/auth/me');
  setCsrfToken(me.csrfToken);
  return me;
}

setCsrfRefresher(fetchMe);

export async function login(username: string, password: string): Promise<Me> {
  const me = await api.post<Me>('/api/auth/login', { username, password });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logout(): Promise<void> {
  await api.post('/api/auth/logout');
  setCsrfToken(null);
}

export const saveLocale = (locale: Locale) => api.put<void>('/api/auth/me/locale', { locale });

export const changePassword = (currentPassword: string, newPassword: string) =>
  api.post<void>('/api/auth/me/password', { currentPassword, newPassword });
