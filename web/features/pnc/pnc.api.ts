import type { z } from 'zod';
import type { PncSettings } from '../../../shared/pnc/pnc-settings';
import {
  type CloseReferral,
  type FollowUp,
  FollowUpSchema,
  type PncSettingsResponseSchema,
  type Referral,
  type VisitInputRaw,
  type VisitResult,
  type Worklist,
  type WorklistQuery,
  WorklistSchema,
} from '../../../shared/pnc/pnc.schema';
import { api, withQuery } from '../../lib/api-client';
import {
  saveVisitOrQueue,
  type VisitContext,
  withContactsDoneElsewhere,
  withFollowUpsPulled,
  withQueuedContacts,
  withSectionsAt,
  withQueuedVisits,
} from '../offline/offline-pnc';
import { listRecords } from '../offline/offline-db';
import { FOLLOW_UP_KEY, listKept, readThrough } from '../offline/offline-reads';

/** Offline, the worklist and follow-ups as last read on this device (web/features/offline). */
export const getWorklist = async (q: WorklistQuery) => {
  let fromServer = false;
  const read = async () => {
    const answer = await api.get<Worklist>(withQuery('/api/pnc/worklist', q));
    fromServer = true;
    return answer;
  };
  // A search (a mother's name or phone) is not kept: only the lists themselves are.
  if (q.q) return withQueuedContacts(await read());
  const worklist = await readThrough(`pnc-worklist:${JSON.stringify(q)}`, WorklistSchema, read);
  if (fromServer) return withQueuedContacts(worklist);
  // Answered from the device: recomputed at the device's time from the shared schedule code with what
  // was pulled since the read (offline-pnc.ts). The follow-ups pulled since (a mother handed over) add
  // their rows and the kept rows change section, on a page holding the whole list; contacts done
  // elsewhere leave their rows on any page.
  const followUps = await listKept(FOLLOW_UP_KEY, FollowUpSchema);
  const now = new Date();
  const whole = !q.cursor && !q.section && worklist.nextCursor === null;
  return withQueuedContacts(
    withContactsDoneElsewhere(
      whole ? withSectionsAt(withFollowUpsPulled(worklist, followUps, now), now) : worklist,
      await listRecords('pnc_visit'),
      followUps,
    ),
  );
};
export const getFollowUp = async (birthId: string) =>
  withQueuedVisits(
    await readThrough(`${FOLLOW_UP_KEY}${birthId}`, FollowUpSchema, () =>
      api.get<FollowUp>(`/api/pnc/births/${birthId}`),
    ),
  );
/** Without network, the contact is queued in the offline outbox and sent when the network returns. */
export const recordVisit = (input: VisitInputRaw & { id: string }, ctx: VisitContext) =>
  saveVisitOrQueue(input, ctx, () => api.post<VisitResult>('/api/pnc/visits', input));
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

/** A country's postnatal schedule (the KMC follow-up page edits its KMC part). */
export type PncSettingsView = z.infer<typeof PncSettingsResponseSchema>;
export const pncSettingsKey = (orgUnitId: string) => ['pnc-settings', orgUnitId] as const;
export const getPncSettings = (orgUnitId: string) =>
  api.get<PncSettingsView>(withQuery('/api/pnc/settings', { orgUnit: orgUnitId }));
export const updatePncSettings = (countryId: string, version: number, settings: PncSettings) =>
  api.put<PncSettingsView>(`/api/pnc/settings/${countryId}`, { version, settings });
