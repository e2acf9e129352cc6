import type {
  ScreeningClientDetail,
  ScreeningClientInput,
  ScreeningEventInput,
  ScreeningEventUpdate,
  ScreeningList,
  ScreeningListQuery,
} from '../../../shared/screening/screening.schema';
import { api, withQuery } from '../../lib/api-client';

export const listClients = (q: ScreeningListQuery) =>
  api.get<ScreeningList>(withQuery('/api/screening/clients', q));
export const getClient = (id: string) => api.get<ScreeningClientDetail>(`/api/screening/clients/${id}`);
export const registerClient = (input: ScreeningClientInput) =>
  api.post<ScreeningClientDetail>('/api/screening/clients', input);
export const recordEvent = (clientId: string, input: ScreeningEventInput) =>
  api.post<ScreeningClientDetail>(`/api/screening/clients/${clientId}/events`, input);
export const updateEvent = (id: string, input: ScreeningEventUpdate) =>
  api.put<ScreeningClientDetail>(`/api/screening/events/${id}`, input);

export const screeningKeys = {
  all: ['screening'] as const,
  list: (q: ScreeningListQuery) => ['screening', 'list', q] as const,
  client: (id: string) => ['screening', 'client', id] as const,
};
