import type { Birth, BirthInputRaw } from '../../../shared/births/birth.schema';
import { readLocal } from './offline-db';
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
  );

/** A birth read from the server (and remembered), or the device's copy when the network does not answer. */
export async function readBirthOrLocal(id: string, read: () => Promise<Birth>): Promise<Birth> {
  try {
    const doc = await read();
    await rememberBirth(doc);
    // The device's own change not pulled back yet is what the user last saw and expects.
    return (await readLocal(id)) ?? doc;
  } catch (err) {
    if (!isNetworkFailure(err)) throw err;
    const local = await findLocalBirth(id);
    if (!local) throw err;
    return local;
  }
}
