import type { Birth, BirthInputRaw } from '../../../shared/births/birth.schema';
import { ApiError } from '../../lib/api-client';
import { readLocal } from './offline-db';
import { findLocalBirth, queueBirth, rememberBirth } from './outbox-store';
import { requestSync } from './sync-engine';

const isNetworkFailure = (err: unknown) => err instanceof ApiError && err.code === 'network';

/**
 * A birth save: sent at once when the network answers, otherwise queued in the outbox (and shown from the
 * device) until the sync loop sends it. Errors the server answers (rules, conflicts) reach the form as before.
 */
export async function saveBirthOrQueue(
  id: string,
  input: Omit<BirthInputRaw, 'id'>,
  send: () => Promise<Birth>,
): Promise<Birth> {
  if (navigator.onLine) {
    try {
      const saved = await send();
      await rememberBirth(saved);
      return saved;
    } catch (err) {
      if (!isNetworkFailure(err)) throw err;
    }
  }
  const shown = await queueBirth(id, input);
  void requestSync();
  return shown;
}

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
