import {
  type KmcDischargeInput,
  type KmcEpisode,
  KmcEpisodeSchema,
  type KmcGraduationInput,
  type KmcList,
  type KmcListQuery,
  KmcListSchema,
  type KmcLogInput,
  type KmcStartInput,
  type KmcStartUpdate,
} from '../../../shared/kmc/kmc.schema';
import type { KmcReadiness, KmcReadinessInput } from '../../../shared/kmc/kmc-readiness';
import { api, withQuery } from '../../lib/api-client';
import { KMC_BABY_KEY, saveLogOrQueue } from '../offline/offline-kmc';
import { readThrough } from '../offline/offline-reads';

/** Offline, the KMC list and babies as last read on this device (web/features/offline). */
export const listKmc = (q: KmcListQuery) =>
  readThrough(`kmc-list:${JSON.stringify(q)}`, KmcListSchema, () =>
    api.get<KmcList>(withQuery('/api/kmc/babies', q)),
  );
export const getKmcBaby = (newbornId: string) =>
  readThrough(`${KMC_BABY_KEY}${newbornId}`, KmcEpisodeSchema, () =>
    api.get<KmcEpisode>(`/api/kmc/babies/${newbornId}`),
  );
export const startEpisode = (input: KmcStartInput) => api.post<KmcEpisode>('/api/kmc/episodes', input);
export const updateStart = (id: string, input: KmcStartUpdate) =>
  api.put<KmcEpisode>(`/api/kmc/episodes/${id}`, input);
/** Without network, the day is queued in the offline outbox and sent when the network returns. */
export const saveLog = (id: string, date: string, input: KmcLogInput) =>
  saveLogOrQueue(id, date, input, () => api.put<KmcEpisode>(`/api/kmc/episodes/${id}/logs/${date}`, input));
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
