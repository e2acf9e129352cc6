import { ApiError } from '../../lib/api-client';
import { requestSync } from './sync-engine';

export const isNetworkFailure = (err: unknown) => err instanceof ApiError && err.code === 'network';

/**
 * A save of any record type: sent at once when the network answers, otherwise queued in the outbox (and
 * shown from the device) until the sync loop sends it. Errors the server answers (rules, conflicts)
 * reach the form as before.
 */
export async function sendOrQueue<T>(send: () => Promise<T>, queue: () => Promise<T>): Promise<T> {
  if (navigator.onLine) {
    try {
      return await send();
    } catch (err) {
      if (!isNetworkFailure(err)) throw err;
    }
  }
  const shown = await queue();
  void requestSync();
  return shown;
}
