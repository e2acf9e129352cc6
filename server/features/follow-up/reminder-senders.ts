import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config';

/** One text message. `idempotencyKey` is the same on every attempt for the same reminder. */
export type OutgoingMessage = { idempotencyKey: string; to: string; body: string; language: string };
export type SendResult = { providerMessageId: string | null };

/**
 * A delivery failure. `retryable`: try again later (network, timeout, 408/429/5xx); otherwise the
 * message is marked failed. Messages never contain the phone number or the text (they are logged).
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/**
 * Where reminders go. Implementations must be idempotent on `idempotencyKey` or pass it to a gateway
 * that is: after a crash between sending and marking as sent, the same message is sent again with the
 * same key, and must not reach the phone twice.
 */
export interface ReminderSender {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
}

/**
 * The default sender: one JSON file per message in a spool folder, for a laptop, a demo, or a gateway
 * that picks files up. Created with a hard link from a temporary file, which fails when the file
 * exists, so the same key never produces two files even if two instances send at once.
 */
export function createFileSender(dir: string): ReminderSender {
  return {
    name: 'file',
    async send(m) {
      await mkdir(dir, { recursive: true });
      const id = createHash('sha256').update(m.idempotencyKey).digest('hex').slice(0, 32);
      const file = path.join(dir, `${id}.json`);
      const tmp = path.join(dir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(tmp, JSON.stringify({ ...m, id, writtenAt: new Date().toISOString() }));
      try {
        await link(tmp, file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new SendError('spool folder not writable', true);
        JSON.parse(await readFile(file, 'utf8')); // already sent under this key: idempotent success
      } finally {
        await unlink(tmp).catch(() => {});
      }
      return { providerMessageId: id };
    },
  };
}

/**
 * An SMS gateway over HTTP: `POST url` with `Authorization: Bearer <token>`, `Idempotency-Key: <key>`
 * and `{ "to", "body", "language", "reference" }`; a 2xx answer (optionally `{ "id" }`) means accepted.
 */
export function createHttpSender(opts: {
  url: string;
  token: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}): ReminderSender {
  const doFetch = opts.fetch ?? fetch;
  return {
    name: 'http',
    async send(m) {
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${opts.token}`,
            'idempotency-key': m.idempotencyKey,
          },
          body: JSON.stringify({ to: m.to, body: m.body, language: m.language, reference: m.idempotencyKey }),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new SendError(timedOut ? 'gateway timeout' : 'gateway unreachable', true);
      }
      if (res.ok) {
        const json = (await res.json().catch(() => null)) as { id?: unknown } | null;
        return { providerMessageId: json && typeof json.id === 'string' ? json.id : null };
      }
      await res.body?.cancel().catch(() => {});
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      throw new SendError(`gateway answered ${res.status}`, retryable);
    },
  };
}

/** The sender configured for this deployment; `null` when reminders are switched off (they stay queued). */
export function createSender(config: Config): ReminderSender | null {
  if (config.pncSmsSender === 'off') return null;
  if (config.pncSmsSender === 'http')
    return createHttpSender({
      url: config.pncSmsHttpUrl!,
      token: config.pncSmsHttpToken!,
      timeoutMs: config.pncSmsHttpTimeoutMs,
    });
  return createFileSender(config.pncSmsFileDir);
}
