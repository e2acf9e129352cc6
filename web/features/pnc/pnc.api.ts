import type {
  CloseReferral,
  FollowUp,
  Referral,
  VisitInputRaw,
  VisitResult,
  Worklist,
  WorklistQuery,
} from '../../../shared/pnc/pnc.schema';
import { api, withQuery } from '../../lib/api-client';

export const getWorklist = (q: WorklistQuery) => api.get<Worklist>(withQuery('/api/pnc/worklist', q));
export const getFollowUp = (birthId: string) => api.get<FollowUp>(`/api/pnc/births/${birthId}`);
export const recordVisit = (input: VisitInputRaw) => api.post<VisitResult>('/api/pnc/visits', input);
export const closeReferral = (contactId: string, input: CloseReferral) =>
  api.post<Referral>(`/api/pnc/referrals/${contactId}/close`, input);
export const setPreferences = (
  birthId: string,
  input: { version: number; language: string | null; remindersEnabled: boolean },
) => api.put<{ version: number }>(`/api/pnc/births/${birthId}/preferences`, input);

export type WorkerProfile = { phone: string | null; remindersEnabled: boolean; version: number };
export const getProfile = () => api.get<WorkerProfile>('/api/pnc/profile');
export const setProfile = (input: WorkerProfile) => api.put<WorkerProfile>('/api/pnc/profile', input);

export const pncKeys = {
  all: ['pnc'] as const,
  worklist: (q: WorklistQuery) => ['pnc', 'worklist', q] as const,
  followUp: (birthId: string) => ['pnc', 'birth', birthId] as const,
  profile: ['pnc', 'profile'] as const,
};
