import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import type { Birth } from '../../../shared/births/birth.schema';
import { newId } from '../../../shared/ids';
import { ApiError } from '../../lib/api-client';
import { offlineDb } from './offline-db';
import { readBirthOrLocal, saveBirthOrQueue } from './offline-births';
import { discardRefused, listRefused } from './offline-refused';
import { clearOfflineData, outboxCounts, queueBirth, queueRecord } from './outbox-store';

const FACILITY = '00000000-0000-4000-8000-00000000f001';
const refuse = (recordId: string, message: string, issues: Array<{ path: string; message: string }> = []) =>
  offlineDb.outbox
    .where('recordId')
    .equals(recordId)
    .modify({ state: 'rejected', attempts: 1, error: { code: 'validation', message, issues } });

describe('changes the server did not accept', () => {
  it('are listed with what they are, the message and where to correct them; a discard unblocks logout', async () => {
    const birthId = newId();
    const { id: _i, ...raw } = buildBirthRaw({ facilityId: FACILITY, mother: { recordNumber: 'SB-REF-1' } });
    await queueBirth(birthId, raw);
    await refuse(birthId, 'births.outOfScope', [{ path: 'mother.age', message: 'Too young' }]);
    const visitBirth = newId();
    const visitId = newId();
    await queueRecord('pnc_visit', visitId, { birthId: visitBirth, contactCode: 'c2', 'mother.seen': true });
    await refuse(visitId, 'The visit is before the birth.');
    await offlineDb.outbox.put({ opId: 'old-op', seq: 99, recordId: 'x' } as never);

    expect(await listRefused()).toEqual([
      {
        opId: expect.any(String),
        recordType: 'birth',
        kind: 'create',
        name: 'SB-REF-1',
        error: {
          code: 'validation',
          message: 'births.outOfScope',
          issues: [{ path: 'mother.age', message: 'Too young' }],
        },
        openTo: `/births/${birthId}/edit`,
      },
      {
        opId: expect.any(String),
        recordType: 'pnc_visit',
        kind: 'create',
        name: 'c2',
        error: { code: 'validation', message: 'The visit is before the birth.', issues: [] },
        openTo: `/pnc/births/${visitBirth}?contact=c2`,
      },
      { opId: 'old-op', recordType: null, kind: null, name: null, error: null, openTo: null },
    ]);
    expect(await outboxCounts()).toEqual({ waiting: 3, refused: 3, unreadable: 1 });

    // The birth created offline and refused: the server answers 404, the form opens the device's copy.
    const notFound = () => Promise.reject(new ApiError(404, 'not_found', 'Not found', []));
    expect((await readBirthOrLocal(birthId, notFound)).mother.recordNumber).toBe('SB-REF-1');

    for (const c of await listRefused()) await discardRefused(c.opId);
    expect(await outboxCounts()).toEqual({ waiting: 0, refused: 0, unreadable: 0 });
    expect(await offlineDb.local.get(birthId)).toBeUndefined();
    // With nothing on the device the 404 is the answer.
    await expect(readBirthOrLocal(birthId, notFound)).rejects.toThrow('Not found');
    await clearOfflineData();
  });

  it('of a record saved online afterwards are dropped; a waiting change of another record stays', async () => {
    const id = newId();
    const other = newId();
    const { id: _i, ...raw } = buildBirthRaw({ facilityId: FACILITY });
    await queueBirth(id, raw);
    await queueBirth(other, raw);
    await refuse(id, 'refused');
    const saved = { ...(await queueBirth(id, raw)), version: 1 } as Birth;
    // queueBirth folded the refused entry into a new waiting one: refuse that one too.
    await refuse(id, 'refused again');
    expect(await outboxCounts()).toEqual({ waiting: 2, refused: 1, unreadable: 0 });
    vi.stubGlobal('navigator', { onLine: true });
    await saveBirthOrQueue(id, raw, () => Promise.resolve(saved));
    vi.unstubAllGlobals();
    expect(await outboxCounts()).toEqual({ waiting: 1, refused: 0, unreadable: 0 });
    expect((await offlineDb.outbox.toArray()).map((e) => e.recordId)).toEqual([other]);
    await clearOfflineData();
  });
});
