import type { Config } from '../../config';
import type { Queryable } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { type ReminderSender, SendError } from './reminder-senders';

/**
 * The reminder outbox every follow-up programme shares (postnatal contacts, cervical screening):
 * (1) enqueue — each programme adds one row per idempotency key, so running it twice, or on several
 * instances at once, adds nothing; (2) deliver — claim rows with a lease in one statement
 * (`for update skip locked`), ask the row's programme who it goes to and what it says (from the
 * records as they are now: consent and opt-out are checked at sending), send with the row's key, then
 * mark the outcome. A crash after sending leaves the row claimed; when the lease runs out it is sent
 * again under the same key, which the gateway (or the file sender) recognises. Nothing lives in
 * process memory.
 */
export type ReminderJobDeps = {
  db: Queryable;
  clock: Clock;
  sender: ReminderSender | null;
  config: Pick<Config, 'pncReminderMaxAttempts' | 'pncReminderLeaseSeconds'>;
};

export type ClaimedReminder = {
  id: string;
  idempotency_key: string;
  programme: string;
  recipient: 'mother' | 'worker' | 'client';
  birth_id: string | null;
  contact_code: string | null;
  user_id: string | null;
  client_id: string | null;
  due_date: string | null;
  due_from: Date | null;
  language: string;
  payload: Record<string, unknown>;
  attempts: number;
};

export type ResolvedReminder =
  | { kind: 'send'; to: string; body: string; language: string }
  | { kind: 'cancelled' | 'skipped'; reason: string };

/** A programme on the outbox: what it enqueues, how a claimed row of its own resolves, and any tidying. */
export type ReminderProgramme = {
  id: string;
  enqueue(q: Queryable, now: Date): Promise<Record<string, number>>;
  resolve(q: Queryable, r: ClaimedReminder, now: Date): Promise<ResolvedReminder>;
  tidy?(q: Queryable, now: Date): Promise<void>;
};

/** Claims up to `limit` ready messages (or whose lease ran out) of these programmes, under a lease for `owner`. */
export async function claimReminders(
  q: Queryable,
  owner: string,
  now: Date,
  leaseSeconds: number,
  limit: number,
  programmes: readonly string[],
) {
  return q.query<ClaimedReminder>(
    `update pnc_reminders r
        set status = 'sending', lease_owner = $1, lease_expires_at = $2::timestamptz + make_interval(secs => $3),
            attempts = r.attempts + 1, version = r.version + 1, updated_at = $2
      where r.id in (select id from pnc_reminders
                      where ((status = 'pending' and next_attempt_at <= $2)
                             or (status = 'sending' and lease_expires_at <= $2))
                        and programme = any($5::text[])
                      order by next_attempt_at, id
                      limit $4
                      for update skip locked)
      returning r.id, r.idempotency_key, r.programme, r.recipient, r.birth_id, r.contact_code, r.user_id,
                r.client_id, r.due_date, r.due_from, r.language, r.payload, r.attempts`,
    [owner, now, leaseSeconds, limit, programmes],
  );
}

/** Marks the outcome of a claimed message, only if this owner still holds it. */
async function finish(
  q: Queryable,
  id: string,
  owner: string,
  now: Date,
  f: {
    status: 'sent' | 'pending' | 'failed' | 'cancelled' | 'skipped';
    error?: string | null;
    providerId?: string | null;
    body?: string | null;
    retryAt?: Date;
  },
) {
  await q.query(
    `update pnc_reminders
        set status = $4, last_error = $5, provider_message_id = coalesce($6, provider_message_id),
            body = coalesce($7, body), sent_at = case when $4 = 'sent' then $3::timestamptz else sent_at end,
            next_attempt_at = coalesce($8, next_attempt_at), lease_owner = null, lease_expires_at = null,
            version = version + 1, updated_at = $3
      where id = $1 and lease_owner = $2 and status = 'sending'`,
    [id, owner, now, f.status, f.error ?? null, f.providerId ?? null, f.body ?? null, f.retryAt ?? null],
  );
}

export type DeliveryStats = {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  skipped: number;
};
const noStats = (): DeliveryStats => ({ sent: 0, retried: 0, failed: 0, cancelled: 0, skipped: 0 });

/** Retry after 1, 2, 4, 8… minutes (at most a day). */
export const backoffMs = (attempts: number) => Math.min(2 ** Math.max(attempts - 1, 0) * 60_000, 86_400_000);

/**
 * Delivers claimed messages one by one. A `SendError` is an outcome (retry later or failed); any other
 * error is a crash: it propagates and leaves the message claimed until its lease runs out.
 */
export async function deliverOutbox(
  deps: ReminderJobDeps,
  opts: { owner: string; limit?: number },
  programmes: readonly ReminderProgramme[],
): Promise<DeliveryStats> {
  const stats = noStats();
  if (!deps.sender) return stats;
  const now = deps.clock.now();
  const byId = new Map(programmes.map((p) => [p.id, p]));
  const claimed = await claimReminders(
    deps.db,
    opts.owner,
    now,
    deps.config.pncReminderLeaseSeconds,
    opts.limit ?? 100,
    [...byId.keys()],
  );
  for (const r of claimed) {
    if (r.attempts > deps.config.pncReminderMaxAttempts) {
      await finish(deps.db, r.id, opts.owner, now, { status: 'failed', error: 'too many attempts' });
      stats.failed += 1;
      continue;
    }
    const target = await byId.get(r.programme)!.resolve(deps.db, r, now);
    if (target.kind !== 'send') {
      await finish(deps.db, r.id, opts.owner, now, { status: target.kind, error: target.reason });
      stats[target.kind] += 1;
      continue;
    }
    try {
      const result = await deps.sender.send({
        idempotencyKey: r.idempotency_key,
        to: target.to,
        body: target.body,
        language: target.language,
      });
      await finish(deps.db, r.id, opts.owner, deps.clock.now(), {
        status: 'sent',
        providerId: result.providerMessageId,
        body: target.body,
      });
      stats.sent += 1;
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      const retry = err.retryable && r.attempts < deps.config.pncReminderMaxAttempts;
      await finish(deps.db, r.id, opts.owner, now, {
        status: retry ? 'pending' : 'failed',
        error: err.message,
        ...(retry ? { retryAt: new Date(now.getTime() + backoffMs(r.attempts)) } : {}),
      });
      stats[retry ? 'retried' : 'failed'] += 1;
    }
  }
  return stats;
}

/** One run: every programme enqueues, then deliver until nothing is ready (bounded), then tidy. */
export async function runOutbox(
  deps: ReminderJobDeps,
  opts: { owner: string; batch?: number; maxBatches?: number },
  programmes: readonly ReminderProgramme[],
) {
  const now = deps.clock.now();
  const enqueued: Record<string, Record<string, number>> = {};
  for (const p of programmes) enqueued[p.id] = await p.enqueue(deps.db, now);
  const total = noStats();
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const s = await deliverOutbox(deps, { owner: opts.owner, limit: opts.batch ?? 100 }, programmes);
    const handled = s.sent + s.retried + s.failed + s.cancelled + s.skipped;
    for (const k of Object.keys(total) as (keyof DeliveryStats)[]) total[k] += s[k];
    if (handled === 0) break;
  }
  for (const p of programmes) await p.tidy?.(deps.db, now);
  return { enqueued, delivered: total };
}

/**
 * Runs the outbox every `intervalSeconds` in this process (main.ts). Several instances may do so at
 * once: enqueueing is idempotent and claims are exclusive, so the only thing kept here is "a run is in
 * progress", to avoid overlapping runs in one process.
 */
export function startReminderLoop(
  deps: ReminderJobDeps,
  intervalSeconds: number,
  onError: (err: unknown) => void,
  programmes: readonly ReminderProgramme[],
): () => void {
  if (intervalSeconds <= 0 || !deps.sender) return () => {};
  const owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runOutbox(deps, { owner }, programmes)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
