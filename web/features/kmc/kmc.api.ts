import type {
  KmcDischargeInput,
  KmcEpisode,
  KmcGraduationInput,
  KmcList,
  KmcListQuery,
  KmcLogInput,
  KmcStartInput,
  KmcStartUpdate,
} from '../../../shared/kmc/kmc.schema';
import type { KmcReadiness, KmcReadinessInput } from '../../../shared/kmc/kmc-readiness';
import { api, withQuery } from '../../lib/api-client';

export const listKmc = (q: KmcListQuery) => api.get<KmcList>(withQuery('/api/kmc/babies', q));
export const getKmcBaby = (newbornId: string) => api.get<KmcEpisode>(`/api/kmc/babies/${newbornId}`);
export const startEpisode = (input: KmcStartInput) => api.post<KmcEpisode>('/api/kmc/episodes', input);
export const updateStart = (id: string, input: KmcStartUpdate) =>
  api.put<KmcEpisode>(`/api/kmc/episodes/${id}`, input);
export const saveLog = (id: string, date: string, input: KmcLogInput) =>
  api.put<KmcEpisode>(`/api/kmc/episodes/${id}/logs/${date}`, input);
export const discharge = (id: string, input: KmcDischargeInput) =>
  api.post<KmcEpisode>(`/api/kmc/episodes/${id}/discharge`, input);
export const graduate = (id: string, input: KmcGraduationInput) =>
  api.post<KmcEpisode>(`/api/kmc/episodes/${id}/graduation`, input);

export const getReadiness = (facilityId: string) =>
  api.get<KmcReadiness>(`/api/kmc/facilities/${facilityId}/readiness`);
export const saveReadiness = (facilityId: string, input: KmcReadinessInput) =>
  api.put<KmcReadiness>(`/api/kmc/facilities/${facilityId}/readiness`, input);

export const kmcKeys = {
  all: ['kmc'] as const,
  list: (q: KmcListQuery) => ['kmc', 'list', q] as const,
  baby: (newbornId: string) => ['kmc', 'baby', newbornId] as const,
  readiness: (facilityId: string) => ['kmc', 'readiness', facilityId] as const,
};
