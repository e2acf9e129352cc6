import type {
  OpResult,
  PullResponse,
  ResolveConflict,
  SyncConflict,
  SyncOp,
} from '../../../shared/sync/sync.schema';
import { api, withQuery } from '../../lib/api-client';

export const pushOps = async (ops: SyncOp[]) =>
  (await api.post<{ results: OpResult[] }>('/api/sync/push', { ops })).results;
export const pullChanges = (cursor: string | undefined) =>
  api.get<PullResponse>(withQuery('/api/sync/pull', cursor ? { cursor } : {}));
export const listConflicts = async (status: 'open' | 'resolved') =>
  (await api.get<{ items: SyncConflict[] }>(withQuery('/api/sync/conflicts', { status }))).items;
export const resolveConflict = (id: string, body: ResolveConflict) =>
  api.post<SyncConflict>(`/api/sync/conflicts/${id}/resolve`, body);

export const offlineKeys = {
  conflicts: (status: 'open' | 'resolved') => ['sync', 'conflicts', status] as const,
};
