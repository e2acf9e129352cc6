import type {
  ScreeningClientDetail,
  ScreeningClientInput,
  ScreeningEventInput,
  ScreeningEventUpdate,
  ScreeningList,
  ScreeningListQuery,
  ScreeningSettingsResponse,
  ScreeningBirthDecision,
  ScreeningBirthMatch,
} from '../../../shared/screening/screening.schema';
import type { ScreeningSettings } from '../../../shared/screening/screening-settings';
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

export const getScreeningSettings = (orgUnit: string) =>
  api.get<ScreeningSettingsResponse>(withQuery('/api/screening/settings', { orgUnit }));
export const updateScreeningSettings = (countryId: string, version: number, settings: ScreeningSettings) =>
  api.put<ScreeningSettingsResponse>(`/api/screening/settings/${countryId}`, { version, settings });

export const listBirthMatches = (clientId: string) =>
  api.get<{ items: ScreeningBirthMatch[] }>(`/api/screening/clients/${clientId}/birth-matches`);
export const decideBirthMatch = (clientId: string, birthId: string, input: ScreeningBirthDecision) =>
  api.post<ScreeningClientDetail>(`/api/screening/clients/${clientId}/birth-matches/${birthId}`, input);

export const screeningKeys = {
  all: ['screening'] as const,
  list: (q: ScreeningListQuery) => ['screening', 'list', q] as const,
  client: (id: string) => ['screening', 'client', id] as const,
  settings: (unitId: string) => ['screening', 'settings', unitId] as const,
  matches: (clientId: string) => ['screening', 'matches', clientId] as const,
};
