import type { z } from 'zod';
import { ApiError } from '../../lib/api-client';
import { offlineDb } from './offline-db';

/**
 * Reference data a page needs to open without network (issue 18's working set): the facility and its
 * EENC settings for the birth form. The last answer of the server is kept on the device; when the
 * network is down, that copy is answered instead. Only data that is not personal goes through here
 * (records have their own store: snapshots and the outbox).
 */
export async function readThrough<S extends z.ZodType>(
  key: string,
  schema: S,
  fetch: () => Promise<z.infer<S>>,
): Promise<z.infer<S>> {
  const stored = `read:${key}`;
  try {
    const value = await fetch();
    await offlineDb.meta.put({ key: stored, value }).catch(() => {});
    return value;
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'network') throw err;
    const kept = schema.safeParse((await offlineDb.meta.get(stored).catch(() => undefined))?.value);
    if (kept.success) return kept.data;
    throw err;
  }
}
