import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Birth } from '../../../shared/births/birth.schema';
import { newId } from '../../../shared/ids';
import type { OpResult, PulledRecord, PullResponse } from '../../../shared/sync/sync.schema';
import { offlineDb, readMeta, readOutbox, writeMeta } from './offline-db';
import { clearOfflineData, queueRecord } from './outbox-store';
import { requestSync } from './sync-engine';

const BIRTH = newId();
const visit = (id: string, pulse: number): PulledRecord => ({
  recordType: 'pnc_visit',
  id,
  version: 2,
  flat: { birthId: BIRTH, contactCode: 'c2', 'mother.seen': true, 'mother.pulseBpm': pulse },
});

/**
 * The server as the sync loop meets it: a push refuses every operation (so the outbox keeps them, visibly),
 * a pull answers `page`. The network is the one part stubbed; the store is Dexie on fake-indexeddb.
 */
function serve(page: PullResponse, reads: Record<string, { status: number; body: unknown }> = {}) {
  const answer = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', async (path: string, init: { body?: string }) => {
    if (path.startsWith('/api/sync/pull')) return answer(page);
    const read = reads[path];
    if (read) return answer(read.body, read.status);
    const { ops } = JSON.parse(init.body!) as { ops: Array<{ opId: string }> };
    const results: OpResult[] = ops.map((o) => ({
      opId: o.opId,
      status: 'rejected',
      version: null,
      conflicts: 0,
      code: 'forbidden',
      message: 'Out of your area',
      issues: [],
    }));
    return answer({ results });
  });
}

describe('the sync loop on a pull answering reset', () => {
  const [kept, edited, fresh] = [newId(), newId(), newId()];

  beforeEach(async () => {
    await clearOfflineData();
    // What earlier pulls left: two contacts, a birth's snapshot, a follow-up kept for the worklist.
    await offlineDb.records.bulkPut([visit(kept, 80), visit(edited, 82)]);
    await offlineDb.snapshots.put({ id: newId(), version: 3, doc: {} as Birth });
    await offlineDb.meta.put({ key: 'read:pnc-follow-up:x', value: { motherName: 'Mai' } });
    await writeMeta('cursor', 'old');
    // And one unsent change of the device.
    await queueRecord('pnc_visit', edited, { ...visit(edited, 82).flat, 'mother.pulseBpm': 96 });
  });
  afterEach(() => vi.unstubAllGlobals());

  const page = (reset: boolean): PullResponse => ({
    births: [],
    records: [visit(fresh, 90)],
    followUps: [],
    removed: [],
    cursor: 'new',
    hasMore: false,
    reset,
  });

  it('drops what was pulled before, keeps the unsent change and the record it edits, and stores the new page', async () => {
    serve(page(true));
    await requestSync();
    expect((await offlineDb.records.toArray()).map((r) => r.id).sort()).toEqual([edited, fresh].sort());
    expect(await offlineDb.snapshots.count()).toBe(0);
    expect(await offlineDb.meta.get('read:pnc-follow-up:x')).toBeUndefined();
    const outbox = await readOutbox();
    expect(outbox.map((e) => [e.recordId, e.state, e.patch])).toEqual([
      [edited, 'rejected', { 'mother.pulseBpm': 96 }],
    ]);
    expect(await readMeta('cursor', z.string())).toBe('new');
  });

  it("keeps the birth form's reference pages through a reset and reads them again: a refused one goes", async () => {
    const [facility, gone] = [newId(), newId()];
    await offlineDb.meta.bulkPut([
      { key: `read:org-unit:${facility}`, value: { id: facility, name: 'old name' } },
      { key: `read:eenc-settings:${facility}`, value: { settings: 'old' } },
      { key: `read:org-unit:${gone}`, value: { id: gone, name: 'a commune taken away' } },
    ]);
    serve(page(true), {
      [`/api/org-units/${facility}`]: { status: 200, body: { id: facility, name: 'new name' } },
      [`/api/eenc-settings?orgUnit=${facility}`]: { status: 200, body: { settings: 'new' } },
      [`/api/org-units/${gone}`]: { status: 403, body: { code: 'out_of_scope', message: 'Out of scope' } },
    });
    await requestSync();
    expect((await offlineDb.meta.get(`read:org-unit:${facility}`))?.value).toEqual({
      id: facility,
      name: 'new name',
    });
    expect((await offlineDb.meta.get(`read:eenc-settings:${facility}`))?.value).toEqual({ settings: 'new' });
    expect(await offlineDb.meta.get(`read:org-unit:${gone}`)).toBeUndefined();
    // Pages with names still go with the reset.
    expect(await offlineDb.meta.get('read:pnc-follow-up:x')).toBeUndefined();
  });

  it('keeps a reference page whose new read finds no network', async () => {
    const facility = newId();
    await offlineDb.meta.put({ key: `read:org-unit:${facility}`, value: { id: facility, name: 'kept' } });
    serve(page(true));
    const served = globalThis.fetch;
    vi.stubGlobal('fetch', async (path: string, init: { body?: string }) => {
      if (path.startsWith('/api/org-units/')) throw new TypeError('Failed to fetch');
      return served(path, init);
    });
    await requestSync();
    expect((await offlineDb.meta.get(`read:org-unit:${facility}`))?.value).toEqual({
      id: facility,
      name: 'kept',
    });
  });

  it('keeps everything pulled before on a page without reset', async () => {
    serve(page(false));
    await requestSync();
    expect((await offlineDb.records.toArray()).map((r) => r.id).sort()).toEqual([kept, edited, fresh].sort());
    expect(await offlineDb.snapshots.count()).toBe(1);
    expect(await offlineDb.meta.get('read:pnc-follow-up:x')).toBeDefined();
    expect((await readOutbox()).map((e) => e.recordId)).toEqual([edited]);
  });
});
