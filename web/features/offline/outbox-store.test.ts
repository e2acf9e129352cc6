import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { newId } from '../../../shared/ids';
import { ApiError } from '../../lib/api-client';
import { offlineDb, readOutbox } from './offline-db';
import {
  clearOfflineData,
  findLocalBirth,
  outboxCounts,
  queueBirth,
  queueRecord,
  rememberBirth,
  waitingCount,
} from './outbox-store';

const FACILITY = '00000000-0000-4000-8000-00000000f001';

describe('the offline store (IndexedDB)', () => {
  it('queues a birth made offline as one create, folds an edit into it, and shows it from the device', async () => {
    const id = newId();
    const { id: _i, ...raw } = buildBirthRaw({
      facilityId: FACILITY,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1900 })],
    });
    const shown = await queueBirth(id, raw);
    expect(shown.newborns[0]!.derived).toMatchObject({ weightBand: 'lbw', kmcEligible: true });
    await queueBirth(id, { ...raw, mother: { ...raw.mother, age: 31 } });
    const outbox = await readOutbox();
    expect(outbox.map((e) => [e.kind, e.recordId, e.patch['mother.age']])).toEqual([['create', id, 31]]);
    expect(await waitingCount()).toBe(1);
    expect((await findLocalBirth(id))?.mother.age).toBe(31);
    await clearOfflineData();
    expect(await waitingCount()).toBe(0);
    expect(await findLocalBirth(id)).toBeUndefined();
  });

  it('queues an edit of a birth read before as a patch against the version read', async () => {
    const id = newId();
    const newbornId = newId();
    const raw = buildBirthRaw({ facilityId: FACILITY, newborns: [buildNewbornRaw({ id: newbornId })] });
    const shown = await queueBirth(id, raw);
    await clearOfflineData();
    await rememberBirth({ ...shown, version: 4 });
    await queueBirth(id, { ...raw, delivery: { ...raw.delivery, gestationalAgeWeeks: 36 } });
    expect((await readOutbox()).map((e) => [e.kind, e.baseVersion, e.patch])).toEqual([
      ['update', 4, { 'delivery.gestationalAgeWeeks': 36 }],
    ]);
    await clearOfflineData();
  });

  it('refuses a document the schema refuses, with the field path, and queues nothing', async () => {
    const raw = buildBirthRaw({ facilityId: FACILITY, newborns: [] });
    const err = await queueBirth(newId(), raw).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).issues.map((i) => i.path)).toEqual(['newborns']);
    expect(await waitingCount()).toBe(0);
  });

  it('queues an edit of a pulled postnatal contact as a patch of its type, and forgets records and kept pages at logout', async () => {
    const id = newId();
    const flat = { birthId: newId(), contactCode: 'c2', 'mother.seen': true, 'mother.pulseBpm': 80 };
    await offlineDb.records.put({ id, recordType: 'pnc_visit', version: 2, flat });
    await offlineDb.meta.put({ key: 'read:pnc-follow-up:x', value: { motherName: 'Mai' } });
    await queueRecord('pnc_visit', id, { ...flat, 'mother.pulseBpm': 96 });
    expect((await readOutbox()).map((e) => [e.recordType, e.kind, e.baseVersion, e.patch])).toEqual([
      ['pnc_visit', 'update', 2, { 'mother.pulseBpm': 96 }],
    ]);
    await clearOfflineData();
    expect(await offlineDb.records.count()).toBe(0);
    expect(await offlineDb.meta.get('read:pnc-follow-up:x')).toBeUndefined();
    expect(await waitingCount()).toBe(0);
  });

  it('counts an outbox row that no longer parses as waiting and refused, and keeps it through other changes', async () => {
    // A row written by another version of the app (or damaged): not an entry the sync can send.
    await offlineDb.outbox.put({ opId: 'old-op', seq: 99, recordId: 'x' } as never);
    expect(await readOutbox()).toEqual([]);
    expect(await outboxCounts()).toEqual({ waiting: 1, refused: 1, unreadable: 1 });
    expect(await waitingCount()).toBe(1); // what logout checks: it stays blocked
    const id = newId();
    await queueRecord('pnc_visit', id, { birthId: newId(), contactCode: 'c1', 'mother.seen': true });
    expect(await outboxCounts()).toEqual({ waiting: 2, refused: 1, unreadable: 1 });
    expect(await offlineDb.outbox.get('old-op')).toBeDefined();
    await offlineDb.outbox.clear();
  });
});
