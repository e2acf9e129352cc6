import { afterEach, describe, expect, it, vi } from 'vitest';
import { Device, newBirthFlat, push } from './sync-test-helpers';
import { SYNC_HANDLERS } from './sync-record-types';
import { useLogin, useTestApp } from '../../test/test-app';

/**
 * An unexpected error (not a refusal) in one operation of a push: that operation answers `rejected` with
 * code `internal` and no stored result, the batch goes on, and the same operation sent again applies.
 */
describe('sync push: an unexpected error in one operation', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  afterEach(() => vi.restoreAllMocks());

  it('answers that operation internal, applies the others, stores nothing for it, and a resend applies it', async () => {
    const device = new Device();
    const a = newBirthFlat();
    const b = newBirthFlat();
    expect(
      (await push(midwife, [device.op('create', a.id, 0, a.flat), device.op('create', b.id, 0, b.flat)])).map(
        (r) => r.status,
      ),
    ).toEqual(['applied', 'applied']);

    const once = vi.spyOn(SYNC_HANDLERS.birth, 'update').mockImplementationOnce(() => {
      throw new TypeError('a bug in the handler');
    });
    const editA = device.op('update', a.id, 1, { 'mother.age': 34 });
    const editB = device.op('update', b.id, 1, { 'mother.age': 35 });
    const results = await push(midwife, [editA, editB]);
    expect(once).toHaveBeenCalledTimes(2);
    expect(results.map((r) => [r.status, r.code, r.version])).toEqual([
      ['rejected', 'internal', null],
      ['applied', null, 2],
    ]);
    expect(results[0]!.message).toMatch(/\S/);
    const stored = await t.db.query<{ op_id: string }>(
      'select op_id from sync_operations where op_id = any($1::uuid[])',
      [[editA.opId, editB.opId]],
    );
    expect(stored.map((r) => r.op_id)).toEqual([editB.opId]);
    const age = async (id: string) =>
      (await midwife.get(`/api/births/${id}`)).json<{ mother: { age: number } }>().mother.age;
    expect([await age(a.id), await age(b.id)]).toEqual([a.flat['mother.age'], 35]);

    // The device sends the same batch again: the failed one applies now, the other answers its first result.
    const again = await push(midwife, [editA, editB]);
    expect(again.map((r) => [r.status, r.version])).toEqual([
      ['applied', 2],
      ['applied', 2],
    ]);
    expect([await age(a.id), await age(b.id)]).toEqual([34, 35]);
  });
});
