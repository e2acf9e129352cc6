import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userIdOf } from '../../../seed/demo';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app';
import { C01, C02, recordBirth, wellVisit } from '../pnc-test-helpers';
import {
  deliverReminders,
  enqueueMotherReminders,
  type ReminderJobDeps,
  runReminderJob,
} from './reminder-job';
import {
  createHttpSender,
  type OutgoingMessage,
  type ReminderSender,
  SendError,
} from '../../follow-up/reminder-senders';

/** A gateway that, like real SMS gateways with idempotency keys, delivers each key once. */
class FakeGateway implements ReminderSender {
  readonly name = 'fake';
  calls: OutgoingMessage[] = [];
  delivered = new Map<string, OutgoingMessage>();
  failures: SendError[] = [];
  async send(m: OutgoingMessage) {
    this.calls.push(m);
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (!this.delivered.has(m.idempotencyKey)) this.delivered.set(m.idempotencyKey, m);
    return { providerMessageId: `fake-${this.delivered.size}` };
  }
}

/** Sends, then dies before the outbox is marked: what a kill -9 between the two steps looks like. */
const crashAfterSending = (inner: ReminderSender): ReminderSender => ({
  name: 'crashing',
  async send(m) {
    await inner.send(m);
    throw new Error('process killed after sending');
  },
});

type OutboxRow = {
  idempotency_key: string;
  status: string;
  attempts: number;
  body: string | null;
  language: string;
};

describe('postnatal reminders: outbox, idempotency, crash and double run', () => {
  let t: TestApp;
  let midwife: TestClient;
  let worker: TestClient;
  const start = new Date('2026-03-10T08:00:00Z');
  let births: Awaited<ReturnType<typeof recordBirth>>[];
  const deps = (sender: ReminderSender | null): ReminderJobDeps => ({
    db: t.db,
    clock: t.clock,
    sender,
    config: { pncReminderMaxAttempts: 3, pncReminderLeaseSeconds: 120 },
  });
  const outbox = () =>
    t.db.query<OutboxRow>(
      'select idempotency_key, status, attempts, body, language from pnc_reminders order by idempotency_key',
    );

  beforeAll(async () => {
    t = await createTestApp();
    midwife = await t.login('midwife.dn');
    worker = await t.login('pnc.hc1');
    // Born yesterday at 10:00 in Đà Nẵng: contact 2 is due tomorrow at 10:00, within the 24 h lead time.
    births = [
      await recordBirth(midwife, {
        bornAt: '2026-03-09T10:00:00+07:00',
        communeId: C01,
        phone: '0905 100 001',
      }),
      await recordBirth(midwife, {
        bornAt: '2026-03-09T10:00:00+07:00',
        communeId: C01,
        phone: '0905 100 002',
      }),
      await recordBirth(midwife, { bornAt: '2026-03-09T10:00:00+07:00', communeId: C02, phone: null }),
    ];
    expect(
      (
        await worker.put(`/api/pnc/births/${births[0]!.id}/preferences`, {
          version: 0,
          language: 'vi',
          remindersEnabled: true,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await worker.put('/api/pnc/profile', { version: 0, phone: '0236 3 821 000', remindersEnabled: true }))
        .statusCode,
    ).toBe(200);
  });
  afterAll(() => t.close());

  it("reads the worker's profile back, and refuses a stale version", async () => {
    expect((await worker.get('/api/pnc/profile')).json()).toEqual({
      phone: '0236 3 821 000',
      remindersEnabled: true,
      version: 1,
    });
    const stale = await worker.put('/api/pnc/profile', { version: 0, phone: null, remindersEnabled: true });
    expect(stale.json().code).toBe('version_conflict');
  });

  beforeEach(async () => {
    t.clock.set(start);
    await t.db.query('delete from pnc_reminders');
  });

  it('enqueues one reminder per mother and contact, and one digest per worker and day, however often it runs', async () => {
    await Promise.all([
      runReminderJob(deps(null), { owner: 'a' }),
      runReminderJob(deps(null), { owner: 'b' }),
    ]);
    await runReminderJob(deps(null), { owner: 'a' });
    const rows = await outbox();
    expect(rows.map((r) => `${r.idempotency_key}:${r.status}:${r.language}`)).toEqual(
      [
        `mother:${births[0]!.id}:c2:pending:vi`,
        `mother:${births[1]!.id}:c2:pending:en`,
        `mother:${births[2]!.id}:c2:pending:en`,
        `worker:${userIdOf('pnc.hc1')}:2026-03-11:pending:vi`,
      ].sort(),
    );
    const [digest] = await t.db.query<{ payload: unknown }>(
      "select payload from pnc_reminders where recipient = 'worker'",
    );
    expect(digest!.payload).toEqual({ count: 4, risky: 0 }); // mother and baby of two births in C01
  });

  it('sends each reminder once, in the mother’s language, without names; no phone: skipped', async () => {
    const gateway = new FakeGateway();
    const result = await runReminderJob(deps(gateway), { owner: 'a' });
    expect(result.delivered).toMatchObject({ sent: 3, skipped: 1, failed: 0 });
    const byTo = new Map(gateway.calls.map((c) => [c.to, c]));
    expect(byTo.get('0905 100 001')?.body).toBe(
      'Lịch khám sau sinh (lần 2) cho mẹ và bé đến hạn từ ngày 11/03/2026. Xin mời đến hoặc gọi Trạm Y tế phường Hải Châu I.',
    );
    expect(byTo.get('0905 100 002')?.language).toBe('en');
    expect(byTo.get('0236 3 821 000')?.body).toBe(
      'OpenEENC: 4 lần khám sau sinh đến hạn ngày 11/03/2026. Mở danh sách công việc.',
    );
    expect(gateway.calls.every((c) => !c.body.includes('Mẹ'))).toBe(true);
    const rows = await outbox();
    expect(rows.filter((r) => r.status === 'skipped').map((r) => r.idempotency_key)).toEqual([
      `mother:${births[2]!.id}:c2`,
    ]);
    await runReminderJob(deps(gateway), { owner: 'b' });
    expect(gateway.calls).toHaveLength(3);
  });

  it('after a crash between sending and marking, resends under the same key once the lease ends: delivered once', async () => {
    const gateway = new FakeGateway();
    await enqueueMotherReminders(t.db, t.clock.now());
    await expect(deliverReminders(deps(crashAfterSending(gateway)), { owner: 'dead' })).rejects.toThrow(
      'process killed after sending',
    );
    // What that instance claimed and had not finished stays claimed (leased); one message reached the gateway.
    let rows = await outbox();
    expect(rows.every((r) => r.status === 'sending' || r.status === 'skipped')).toBe(true);
    expect(rows.filter((r) => r.status === 'sending').length).toBeGreaterThanOrEqual(1);
    expect(gateway.calls).toHaveLength(1);
    const key = gateway.calls[0]!.idempotencyKey;
    // Another instance runs before the lease ends: the claimed messages are left alone.
    t.clock.advance(60_000);
    await deliverReminders(deps(gateway), { owner: 'alive' });
    expect(gateway.calls).toHaveLength(1);
    // After the lease: sent again with the same key; the gateway delivers it only once.
    t.clock.advance(61_000);
    await deliverReminders(deps(gateway), { owner: 'alive' });
    expect(gateway.calls.filter((c) => c.idempotencyKey === key)).toHaveLength(2);
    expect(gateway.delivered.size).toBe(2); // the two mothers with a phone, once each
    rows = await outbox();
    expect(rows.find((r) => r.idempotency_key === key)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'sent', 'skipped']);
  });

  it('two job runs at the same time never send the same message twice', async () => {
    const gateway = new FakeGateway();
    await enqueueMotherReminders(t.db, t.clock.now());
    await Promise.all([
      deliverReminders(deps(gateway), { owner: 'x', limit: 1 }),
      deliverReminders(deps(gateway), { owner: 'y', limit: 1 }),
      deliverReminders(deps(gateway), { owner: 'z', limit: 1 }),
    ]);
    const keys = gateway.calls.map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(2); // the third mother has no phone
  });

  it('retries a temporary failure with backoff, fails for good after the last attempt or on a permanent error', async () => {
    const gateway = new FakeGateway();
    await enqueueMotherReminders(t.db, t.clock.now());
    const [first, second] = [`mother:${births[0]!.id}:c2`, `mother:${births[1]!.id}:c2`];
    gateway.failures = [
      new SendError('gateway answered 503', true),
      new SendError('gateway answered 400', false),
    ];
    await deliverReminders(deps(gateway), { owner: 'a' });
    let rows = await outbox();
    const status = () =>
      rows
        .filter((r) => r.idempotency_key === first || r.idempotency_key === second)
        .map((r) => r.status)
        .sort();
    expect(status()).toEqual(['failed', 'pending']);
    // Not before the backoff (1 min after the first attempt).
    gateway.failures = [new SendError('gateway timeout', true)];
    await deliverReminders(deps(gateway), { owner: 'a' });
    expect(gateway.calls).toHaveLength(2);
    t.clock.advance(61_000);
    await deliverReminders(deps(gateway), { owner: 'a' }); // attempt 2 fails (timeout)
    t.clock.advance(121_000);
    gateway.failures = [new SendError('gateway answered 503', true)];
    await deliverReminders(deps(gateway), { owner: 'a' }); // attempt 3 fails: the last one
    rows = await outbox();
    expect(status()).toEqual(['failed', 'failed']);
    const [row] = await t.db.query<{ attempts: number; last_error: string }>(
      'select attempts, last_error from pnc_reminders where status = $1 order by attempts desc limit 1',
      ['failed'],
    );
    expect(row).toEqual({ attempts: 3, last_error: 'gateway answered 503' });
  });

  it('cancels a reminder whose contact was recorded before it went out', async () => {
    await enqueueMotherReminders(t.db, t.clock.now());
    const visit = wellVisit(births[1]!, 'c2', '2026-03-10T14:00:00+07:00');
    expect((await worker.post('/api/pnc/visits', visit)).statusCode).toBe(201);
    const gateway = new FakeGateway();
    await deliverReminders(deps(gateway), { owner: 'a' });
    expect(gateway.calls.map((c) => c.to)).toEqual(['0905 100 001']);
    expect((await outbox()).find((r) => r.idempotency_key === `mother:${births[1]!.id}:c2`)?.status).toBe(
      'cancelled',
    );
  });
});

describe('HTTP sender against a real local gateway', () => {
  let server: Server;
  let url: string;
  const received: { key: string | undefined; auth: string | undefined; body: Record<string, string> }[] = [];
  const accepted = new Map<string, string>();
  let plan: number[] = [];

  const readBody = async (req: IncomingMessage) => {
    let data = '';
    for await (const chunk of req) data += chunk;
    return JSON.parse(data) as Record<string, string>;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const key = req.headers['idempotency-key'] as string | undefined;
        received.push({ key, auth: req.headers.authorization, body });
        if (req.headers.authorization !== 'Bearer gateway-secret') {
          res.writeHead(401).end('{"error":"bad token"}');
          return;
        }
        const status = plan.shift();
        if (status && status !== 200) {
          res.writeHead(status).end('{}');
          return;
        }
        const id = accepted.get(key!) ?? `gw-${accepted.size + 1}`;
        const fresh = !accepted.has(key!);
        accepted.set(key!, id);
        res.writeHead(fresh ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    accepted.clear();
    plan = [];
  });

  const message = { idempotencyKey: 'mother:b1:c2', to: '0905 100 001', body: 'Xin chào', language: 'vi' };

  it('posts the message with the bearer token and the idempotency key, and reads the gateway id', async () => {
    const sender = createHttpSender({ url, token: 'gateway-secret', timeoutMs: 2000 });
    expect(await sender.send(message)).toEqual({ providerMessageId: 'gw-1' });
    expect(received[0]).toEqual({
      key: 'mother:b1:c2',
      auth: 'Bearer gateway-secret',
      body: { to: '0905 100 001', body: 'Xin chào', language: 'vi', reference: 'mother:b1:c2' },
    });
  });

  it('a crash after the HTTP call, then a resend with the same key: the gateway accepts it once', async () => {
    const sender = createHttpSender({ url, token: 'gateway-secret', timeoutMs: 2000 });
    await expect(crashAfterSending(sender).send(message)).rejects.toThrow('process killed');
    expect(await sender.send(message)).toEqual({ providerMessageId: 'gw-1' });
    expect(received).toHaveLength(2);
    expect(accepted.size).toBe(1);
  });

  it.each([
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [422, false],
  ])('treats HTTP %s as retryable: %s', async (status, retryable) => {
    plan = [status];
    const sender = createHttpSender({ url, token: 'gateway-secret', timeoutMs: 2000 });
    const err = await sender.send(message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).retryable).toBe(retryable);
    expect((err as SendError).message).toBe(`gateway answered ${status}`);
  });

  it('fails for good on a wrong token, and retries when the gateway is unreachable', async () => {
    const wrong = createHttpSender({ url, token: 'not-the-token', timeoutMs: 2000 });
    expect(await wrong.send(message).catch((e: SendError) => [e.message, e.retryable])).toEqual([
      'gateway answered 401',
      false,
    ]);
    const down = createHttpSender({
      url: 'http://127.0.0.1:9/none',
      token: 'gateway-secret',
      timeoutMs: 2000,
    });
    expect(await down.send(message).catch((e: SendError) => [e.message, e.retryable])).toEqual([
      'gateway unreachable',
      true,
    ]);
  });

  it('delivers through the job end to end: a 503 first, then accepted on retry, marked sent once', async () => {
    const t = await createTestApp();
    try {
      const midwife = await t.login('midwife.dn');
      await recordBirth(midwife, {
        bornAt: '2026-03-09T10:00:00+07:00',
        communeId: C01,
        phone: '0905 200 001',
      });
      const sender = createHttpSender({ url, token: 'gateway-secret', timeoutMs: 2000 });
      const jobDeps: ReminderJobDeps = {
        db: t.db,
        clock: t.clock,
        sender,
        config: { pncReminderMaxAttempts: 5, pncReminderLeaseSeconds: 120 },
      };
      plan = [503];
      const first = await runReminderJob(jobDeps, { owner: 'a' });
      expect(first.delivered).toMatchObject({ retried: 1 });
      t.clock.advance(61_000);
      const second = await runReminderJob(jobDeps, { owner: 'b' });
      expect(second.delivered).toMatchObject({ sent: 1 });
      const [row] = await t.db.query<{ status: string; attempts: number; provider_message_id: string }>(
        "select status, attempts, provider_message_id from pnc_reminders where recipient = 'mother'",
      );
      expect(row).toEqual({ status: 'sent', attempts: 2, provider_message_id: 'gw-1' });
      expect(received.map((r) => r.key)).toEqual([received[0]!.key, received[0]!.key]);
    } finally {
      await t.close();
    }
  });
});
