import { z } from 'zod';
import type { BirthDraft } from './birth-draft';

/**
 * The new-birth form kept on this device on every change, one per user and facility, so that a closed
 * tab, a flat battery or a reload does not lose a birth half recorded. Cleared once the birth is saved,
 * when the midwife discards it, and at logout. Keyed by user as well: when a session ends without a
 * logout (it expired) and someone else logs in on a shared phone, they do not see it. (The offline
 * outbox, not this, keeps births saved without a network.)
 */
const KEY_PREFIX = 'openeenc.birthDraft.';
const VERSION = 1;

/** Enough of a draft's shape to trust it back into the form; anything else is dropped. */
const StoredDraftSchema = z.object({
  v: z.literal(VERSION),
  draft: z.looseObject({
    id: z.string().min(1),
    facilityId: z.string().min(1),
    mother: z.looseObject({ communeName: z.string() }),
    delivery: z.looseObject({ bornAtLocal: z.string(), babyCount: z.number().int().min(1) }),
    newborns: z
      .array(z.looseObject({ birthOrder: z.number().int(), procedures: z.record(z.string(), z.unknown()) }))
      .min(1),
  }),
});

/** Whose draft, for which facility. */
export type DraftOwner = { userId: string; facilityId: string };

const keyOf = ({ userId, facilityId }: DraftOwner) => `${KEY_PREFIX}${userId}.${facilityId}`;

export function saveDraft(
  userId: string,
  draft: BirthDraft,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(keyOf({ userId, facilityId: draft.facilityId }), JSON.stringify({ v: VERSION, draft }));
  } catch {
    // A full or blocked storage only loses the convenience; the form keeps working.
  }
}

export function findDraft(
  owner: DraftOwner,
  storage: Storage | undefined = globalThis.localStorage,
): BirthDraft | undefined {
  const raw = storage?.getItem(keyOf(owner));
  if (!raw) return undefined;
  try {
    const parsed = StoredDraftSchema.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.draft.facilityId === owner.facilityId
      ? (parsed.data.draft as unknown as BirthDraft)
      : undefined;
  } catch {
    return undefined;
  }
}

export function clearDraft(owner: DraftOwner, storage: Storage | undefined = globalThis.localStorage): void {
  storage?.removeItem(keyOf(owner));
}

/** Drops every kept draft: at logout, so the next person on a shared phone does not see them. */
export function clearAllDrafts(storage: Storage | undefined = globalThis.localStorage): void {
  if (!storage) return;
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
    (k): k is string => k?.startsWith(KEY_PREFIX) ?? false,
  );
  for (const k of keys) storage.removeItem(k);
}
