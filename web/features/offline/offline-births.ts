import type { Birth, BirthInputRaw } from '../../../shared/births/birth.schema';
import { ApiError } from '../../lib/api-client';
import { offlineDb, readLocal } from './offline-db';
import { findLocalBirth, queueBirth, rememberBirth } from './outbox-store';
import { isNetworkFailure, sendOrQueue } from './send-or-queue';

/** A birth save: sent at once, or queued without network (`sendOrQueue`). */
export const saveBirthOrQueue = (id: string, input: Omit<BirthInputRaw, 'id'>, send: () => Promise<Birth>) =>
  sendOrQueue(
    async () => {
      const saved = await send();
      await rememberBirth(saved);
      return saved;
    },
    () => queueBirth(id, input),
    id,
  );

/**
 * A birth read from the server (and remembered), or the device's copy when the network does not answer,
 * or when the server does not know it (404) while a change of it waits or was refused on this device (a
 * birth created offline whose create was refused): the form opens to correct it.
 */
export async function readBirthOrLocal(id: string, read: () => Promise<Birth>): Promise<Birth> {
  try {
    const doc = await read();
    await rememberBirth(doc);
    // The device's own change not pulled back yet is what the user last saw and expects.
    return (await readLocal(id)) ?? doc;
  } catch (err) {
    const unknownHere =
      err instanceof ApiError &&
      err.status === 404 &&
      (await offlineDb.outbox.where('recordId').equals(id).count()) > 0;
    if (!isNetworkFailure(err) && !unknownHere) throw err;
    const local = await findLocalBirth(id);
    if (!local) throw err;
    return local;
  }
}
