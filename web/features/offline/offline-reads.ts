import type { z } from 'zod';
import { ApiError } from '../../lib/api-client';
import { offlineDb } from './offline-db';

/**
 * What a page needs to open without network (issue 18's working set): the facility and its EENC
 * settings for the birth form, the postnatal worklist and follow-ups, the KMC babies. The last answer of
 * the server is kept on the device; when the network is down, that copy is answered instead. Pages with
 * names and phones are kept only as the server sent them to this user, and removed at logout with the
 * records (`clearOfflineData`).
 */
export async function readThrough<S extends z.ZodType>(
  key: string,
  schema: S,
  fetch: () => Promise<z.infer<S>>,
): Promise<z.infer<S>> {
  const stored = `read:${key}`;
  try {
    const value = await fetch();
    await keepRead([{ key, value }]);
    return value;
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'network') throw err;
    const kept = schema.safeParse((await offlineDb.meta.get(stored).catch(() => undefined))?.value);
    if (kept.success) return kept.data;
    throw err;
  }
}

/** Where follow-ups read on this device are kept: opened online, or pulled for a postnatal worker's worklist. */
export const FOLLOW_UP_KEY = 'pnc-follow-up:';

/** Keeps answers of the server as `readThrough` would have (a storage failure only loses the offline copy). */
export async function keepRead(items: ReadonlyArray<{ key: string; value: unknown }>): Promise<void> {
  await offlineDb.meta.bulkPut(items.map((i) => ({ key: `read:${i.key}`, value: i.value }))).catch(() => {});
}

/** Drops kept answers (a follow-up handed back or moved out of the area): the device no longer answers them. */
export async function forgetReads(keys: readonly string[]): Promise<void> {
  await offlineDb.meta.bulkDelete(keys.map((k) => `read:${k}`)).catch(() => {});
}

/** Drops every kept answer (a logout, or a pull answering `reset`: the user's rights changed). */
export async function forgetAllReads(): Promise<void> {
  await offlineDb.meta.where('key').startsWith('read:').delete();
}

/** The kept answers under keys starting with `prefix` that parse, e.g. every KMC baby read on this device. */
export async function listKept<S extends z.ZodType>(prefix: string, schema: S): Promise<Array<z.infer<S>>> {
  const rows = await offlineDb.meta.where('key').startsWith(`read:${prefix}`).toArray();
  return rows.flatMap((r) => {
    const parsed = schema.safeParse(r.value);
    return parsed.success ? [parsed.data] : [];
  });
}
