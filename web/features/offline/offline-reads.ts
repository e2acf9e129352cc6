import type { z } from 'zod';
import { api, ApiError, withQuery } from '../../lib/api-client';
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

/**
 * Reference pages kept for the birth form to open offline (its facility, the EENC settings there), with
 * where each is read. They hold no personal data: a pull answering `reset` keeps them and reads each
 * again in the same sync ({@link refreshReferenceReads}), so the form never loses them on the way.
 */
export const REFERENCE_READS = {
  orgUnit: { prefix: 'org-unit:', url: (id: string) => `/api/org-units/${id}` },
  eencSettings: {
    prefix: 'eenc-settings:',
    url: (id: string) => withQuery('/api/eenc-settings', { orgUnit: id }),
  },
} as const;

const REFERENCE_PREFIXES = Object.values(REFERENCE_READS).map((r) => `read:${r.prefix}`);

/**
 * Drops kept answers: every one at a logout, all but the reference pages when a pull answers `reset`
 * (`keepReference`: the user's rights changed, and pages with names may lie outside the new ones).
 */
export async function forgetAllReads(opts: { keepReference?: boolean } = {}): Promise<void> {
  await offlineDb.meta
    .where('key')
    .startsWith('read:')
    .filter((r) => !(opts.keepReference && REFERENCE_PREFIXES.some((p) => r.key.startsWith(p))))
    .delete();
}

/**
 * Reads every kept reference page again (after a reset): the new answer replaces the copy, a refusal
 * (the unit is no longer the user's to read) removes it, and a network failure keeps the copy.
 */
export async function refreshReferenceReads(): Promise<void> {
  for (const ref of Object.values(REFERENCE_READS)) {
    const keys = await offlineDb.meta.where('key').startsWith(`read:${ref.prefix}`).primaryKeys();
    for (const stored of keys) {
      const key = String(stored).slice('read:'.length);
      try {
        await keepRead([{ key, value: await api.get<unknown>(ref.url(key.slice(ref.prefix.length))) }]);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.code !== 'network' && err.status >= 400 && err.status < 500) await forgetReads([key]);
      }
    }
  }
}

/** The kept answers under keys starting with `prefix` that parse, e.g. every KMC baby read on this device. */
export async function listKept<S extends z.ZodType>(prefix: string, schema: S): Promise<Array<z.infer<S>>> {
  const rows = await offlineDb.meta.where('key').startsWith(`read:${prefix}`).toArray();
  return rows.flatMap((r) => {
    const parsed = schema.safeParse(r.value);
    return parsed.success ? [parsed.data] : [];
  });
}
