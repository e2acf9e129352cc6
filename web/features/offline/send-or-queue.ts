import { ApiError } from '../../lib/api-client';
import { dropRefusedOf } from './outbox-store';
import { requestSync } from './sync-engine';

export const isNetworkFailure = (err: unknown) => err instanceof ApiError && err.code === 'network';

/**
 * A save of any record type: sent at once when the network answers, otherwise queued in the outbox (and
 * shown from the device) until the sync loop sends it. Errors the server answers (rules, conflicts)
 * reach the form as before. A save that reaches the server drops the record's refused changes.
 */
export async function sendOrQueue<T>(
  send: () => Promise<T>,
  queue: () => Promise<T>,
  recordId: string,
): Promise<T> {
  if (navigator.onLine) {
    try {
      const saved = await send();
      // Saved online: the record's refused changes are answered (the badge and logout need them no more).
      await dropRefusedOf(recordId);
      return saved;
    } catch (err) {
      if (!isNetworkFailure(err)) throw err;
    }
  }
  const shown = await queue();
  void requestSync();
  return shown;
}
