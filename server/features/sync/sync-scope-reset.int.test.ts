import { describe, expect, it } from 'vitest';
import { addUserLike, expectError } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { C01, C02, recordBirth, wellVisit } from '../pnc/pnc-test-helpers';
import { pullPages } from './sync-test-helpers';

// The test clock stands at 2026-03-10T08:00Z.
const now = Date.parse('2026-03-10T08:00:00Z');
const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();

/** Every birth id a pull's pages name (documents, follow-ups, the births of records) and its resets. */
function held(pages: Awaited<ReturnType<typeof pullPages>>['pages']) {
  return {
    births: new Set([
      ...pages.flatMap((p) => p.births.map((b) => b.id)),
      ...pages.flatMap((p) => p.followUps.map((f) => f.birthId)),
      ...pages.flatMap((p) => p.records.map((r) => String(r.flat.birthId))),
    ]),
    records: new Set(pages.flatMap((p) => p.records.map((r) => r.id))),
    resets: pages.map((p) => p.reset),
  };
}

describe('a pull after the reader lost a scope answers reset and starts the working set again', () => {
  const t = useTestApp();
  const [admin, midwife] = useLogins(t, 'admin', 'midwife.dn');

  async function setScopes(username: string, scopeIds: string[]) {
    const [user] = await t.db.query<{ id: string; version: number }>(
      'select id, version from users where username = $1',
      [username],
    );
    const res = await admin.patch(`/api/users/${user!.id}`, { version: user!.version, scopeIds });
    expect(res.statusCode, res.body).toBe(200);
  }

  it('sends nothing more of the commune taken from a worker, and never resets while the scope stays', async () => {
    await addUserLike(t.db, { username: 'pnc.two', like: 'pnc.hc1', scopeId: C01 });
    await setScopes('pnc.two', [C01, C02]);
    const ours = await recordBirth(midwife, { bornAt: daysAgo(3), communeId: C01 });
    const taken = await recordBirth(midwife, { bornAt: daysAgo(4), communeId: C02 });
    const res = await midwife.post('/api/pnc/visits', wellVisit(taken, 'c2', daysAgo(1)));
    expect(res.statusCode, res.body).toBe(201);
    const visitId = res.json<{ visitId: string }>().visitId;

    let worker = await t.login('pnc.two');
    const first = await pullPages(worker, undefined, 1);
    const before = held(first.pages);
    expect([...before.births].sort()).toEqual([ours.id, taken.id].sort());
    expect(before.records.has(visitId)).toBe(true);
    expect(before.resets.every((r) => r === false)).toBe(true);

    // The scope unchanged (a mother handed over meanwhile): no reset, only the change.
    const later = await recordBirth(midwife, { bornAt: daysAgo(2), communeId: C02 });
    const again = await pullPages(worker, first.cursor);
    expect(again.pages.map((p) => p.reset)).toEqual(again.pages.map(() => false));
    // (With a few births sent again, maybe: the log's floor is the server's oldest open transaction.)
    expect(held(again.pages).births.has(later.id)).toBe(true);

    // The administrator takes C02 from the worker (their sessions end: they log in again).
    await setScopes('pnc.two', [C01]);
    worker = await t.login('pnc.two');
    const after = await pullPages(worker, again.cursor, 1);
    const now = held(after.pages);
    expect(now.resets[0]).toBe(true);
    expect(now.resets.slice(1).every((r) => r === false)).toBe(true);
    // The working set again, of C01 only: nothing of the commune taken.
    expect([...now.births]).toEqual([ours.id]);
    expect(now.births.has(later.id)).toBe(false);
    expect(now.records.has(visitId)).toBe(false);
    // And from there on, the scope unchanged, no more resets.
    const next = await pullPages(worker, after.cursor);
    expect(next.pages.map((p) => p.reset)).toEqual(next.pages.map(() => false));
  });

  it('resets once on a cursor issued before the fingerprint, and still refuses a bad cursor', async () => {
    const worker = await t.login('pnc.two');
    const old = Buffer.from(JSON.stringify({ p: 'log', f: '0', a: '0', n: '0' })).toString('base64url');
    const pulled = await pullPages(worker, old);
    expect(pulled.pages[0]!.reset).toBe(true);
    expect((await pullPages(worker, pulled.cursor)).pages.every((p) => !p.reset)).toBe(true);

    expectError(await worker.get('/api/sync/pull?cursor=not-a-cursor'), 400, 'bad_request');
    const forged = Buffer.from(JSON.stringify({ p: 'log', f: '0', a: '0', n: '0', s: 'x'.repeat(41) }));
    expectError(
      await worker.get(`/api/sync/pull?cursor=${forged.toString('base64url')}`),
      400,
      'bad_request',
    );
  });
});
