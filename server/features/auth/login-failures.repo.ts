import type { Queryable } from '../../db/db';

/** The longest wait between tries for one account from one address. */
const MAX_DELAY_SECONDS = 15 * 60;

/**
 * How long an address waits before its next try for an account after `failures` wrong passwords in a
 * row: nothing for the first `free` ones (typing mistakes), then 30 s, doubling up to 15 minutes.
 */
export function loginDelaySeconds(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(30 * 2 ** (failures - free - 1), MAX_DELAY_SECONDS);
}

/** Until when this address must wait before trying this account again (null: it may try now). */
export async function findLoginBlock(q: Queryable, userId: string, address: string): Promise<Date | null> {
  const [row] = await q.query<{ blocked_until: Date | null }>(
    'select blocked_until from login_failures where user_id = $1 and address = $2',
    [userId, address],
  );
  return row?.blocked_until ?? null;
}

/** Counts one more wrong password from this address; returns until when it must wait (null: not yet). */
export async function recordLoginFailure(
  q: Queryable,
  userId: string,
  address: string,
  now: Date,
  free: number,
): Promise<Date | null> {
  const [row] = await q.query<{ failures: number }>(
    `insert into login_failures as f (user_id, address, failures, last_failed_at) values ($1, $2, 1, $3)
     on conflict (user_id, address) do update set failures = f.failures + 1, last_failed_at = $3
     returning failures`,
    [userId, address, now],
  );
  const delay = loginDelaySeconds(row!.failures, free);
  if (delay === 0) return null;
  const until = new Date(now.getTime() + delay * 1000);
  await q.query('update login_failures set blocked_until = $3 where user_id = $1 and address = $2', [
    userId,
    address,
    until,
  ]);
  return until;
}

/** Forgets the failures of one address (after its right password) or of every address (an unlock). */
export async function clearLoginFailures(q: Queryable, userId: string, address?: string): Promise<void> {
  if (address === undefined) await q.query('delete from login_failures where user_id = $1', [userId]);
  else await q.query('delete from login_failures where user_id = $1 and address = $2', [userId, address]);
}
