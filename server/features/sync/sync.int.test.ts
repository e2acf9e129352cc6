import { describe, expect, it } from 'vitest';
import type { Birth } from '../../../shared/births/birth.schema';
import { birthToInput } from '../../../shared/births/birth-to-input';
import { translate } from '../../../shared/i18n/messages';
import type { SyncConflict } from '../../../shared/sync/sync.schema';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { Device, H01, HC_H, newBirthFlat, pullPages, push } from './sync-test-helpers';

describe('sync protocol (push, pull, conflict inbox)', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const lead = useLogin(t, 'lead.dn');
  const nurse = useLogin(t, 'nurse.hc');
  const province = useLogin(t, 'province.dn');

  const getBirth = async (c: TestClient, id: string) => (await c.get(`/api/births/${id}`)).json<Birth>();
  const count = async (sql: string, params: unknown[]) =>
    Number((await t.db.query<{ n: string }>(sql, params))[0]!.n);
  const openConflicts = async (c: TestClient) =>
    (await c.get('/api/sync/conflicts')).json<{ items: SyncConflict[] }>().items;
  /** Every page of a pull from `cursor` on (no cursor: the first pull). */
  async function pullAll(c: TestClient, cursor?: string) {
    const births = new Map<string, Birth>();
    const removed = new Set<string>();
    const pulled = await pullPages(c, cursor);
    for (const page of pulled.pages) {
      for (const b of page.births) {
        births.set(b.id, b);
        removed.delete(b.id);
      }
      for (const id of page.removed) {
        births.delete(id);
        removed.add(id);
      }
    }
    return { births, removed, cursor: pulled.cursor };
  }
  /** Creates a birth through a push and returns its id, newborn id and version. */
  async function created(device = new Device()) {
    const b = newBirthFlat();
    const [r] = await push(midwife, [device.op('create', b.id, 0, b.flat)]);
    expect(r).toMatchObject({ status: 'applied', version: 1 });
    return { ...b, device };
  }

  it('stores a create once: replaying the operation answers its first result and writes nothing', async () => {
    const device = new Device();
    const b = newBirthFlat();
    const op = device.op('create', b.id, 0, b.flat);
    const first = await push(midwife, [op]);
    expect(first).toEqual([
      { opId: op.opId, status: 'applied', version: 1, conflicts: 0, code: null, message: null, issues: [] },
    ]);
    const before = await count('select count(*) as n from sync_changes where record_id = $1', [b.id]);
    expect(await push(midwife, [op, op])).toEqual([first[0], first[0]]);
    expect(await count('select count(*) as n from births where id = $1', [b.id])).toBe(1);
    expect(await count('select count(*) as n from sync_operations where op_id = $1', [op.opId])).toBe(1);
    expect(await count('select count(*) as n from sync_changes where record_id = $1', [b.id])).toBe(before);
    expect((await getBirth(midwife, b.id)).mother.name).toBe('Trần Thị Mai');
  });

  it('merges fields changed on different sides and re-derives: the weight band follows the merged weight', async () => {
    const b = await created();
    // On the server, someone corrects the mother's age (version 2).
    const server = await getBirth(lead, b.id);
    const put = await lead.put(`/api/births/${b.id}`, {
      ...birthToInput(server),
      mother: { ...birthToInput(server).mother, age: 31 },
      version: 1,
    });
    expect(put.statusCode).toBe(200);
    // The device, still at version 1, changed the baby's weight.
    const [r] = await push(midwife, [
      b.device.op('update', b.id, 1, { [`newborns.${b.newbornId}.birthWeightGrams`]: 1900 }),
    ]);
    expect(r).toMatchObject({ status: 'applied', version: 3, conflicts: 0 });
    const after = await getBirth(midwife, b.id);
    expect(after.mother.age).toBe(31);
    expect(after.newborns[0]!.birthWeightGrams).toBe(1900);
    expect(after.newborns[0]!.derived).toMatchObject({ weightBand: 'lbw', kmcEligible: true });
    expect(await count('select count(*) as n from sync_conflicts where record_id = $1', [b.id])).toBe(0);
  });

  it('keeps the server value of a field both sides changed and opens exactly one inbox item, even when replayed', async () => {
    const b = await created();
    const server = await getBirth(lead, b.id);
    const input = birthToInput(server);
    await lead.put(`/api/births/${b.id}`, {
      ...input,
      delivery: { ...input.delivery, gestationalAgeWeeks: 38 },
      version: 1,
    });
    const op = b.device.op('update', b.id, 1, { 'delivery.gestationalAgeWeeks': 40, 'mother.parity': 3 });
    const [r] = await push(midwife, [op]);
    expect(r).toMatchObject({ status: 'applied', version: 3, conflicts: 1 });
    await push(midwife, [op]);
    const after = await getBirth(midwife, b.id);
    expect(after.delivery.gestationalAgeWeeks).toBe(38);
    expect(after.mother.parity).toBe(3);
    const items = (await openConflicts(lead)).filter((c) => c.recordId === b.id);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'field',
        path: 'delivery.gestationalAgeWeeks',
        baseValue: 39,
        serverValue: 38,
        deviceValue: 40,
        deviceUsername: 'midwife.dn',
        status: 'open',
      }),
    ]);
  });

  it('turns a change to a birth deleted on the server into an inbox item, and a delete of a changed birth too', async () => {
    const b = await created();
    expect((await lead.delete(`/api/births/${b.id}?version=1`)).statusCode).toBe(204);
    const [r] = await push(midwife, [b.device.op('update', b.id, 1, { 'mother.age': 30 })]);
    expect(r).toMatchObject({ status: 'conflict', version: null, conflicts: 1 });
    const c = await created();
    const server = birthToInput(await getBirth(lead, c.id));
    await lead.put(`/api/births/${c.id}`, { ...server, mother: { ...server.mother, age: 40 }, version: 1 });
    const [d] = await push(midwife, [c.device.op('delete', c.id, 1, {})]);
    expect(d).toMatchObject({ status: 'conflict', version: 2 });
    expect((await getBirth(midwife, c.id)).mother.age).toBe(40);
    const items = await openConflicts(midwife);
    expect(items.find((i) => i.recordId === b.id)).toMatchObject({
      kind: 'deleted_on_server',
      deviceValue: { 'mother.age': 30 },
    });
    expect(items.find((i) => i.recordId === c.id)).toMatchObject({ kind: 'deleted_on_device' });
  });

  it("answers a refused operation with the server's message per operation, and applies the rest of the batch", async () => {
    const device = new Device();
    const bad = newBirthFlat();
    const good = newBirthFlat();
    const weight = `newborns.${bad.newbornId}.birthWeightGrams`;
    const results = await push(midwife, [
      device.op('create', bad.id, 0, { ...bad.flat, [weight]: 120 }),
      device.op('create', good.id, 0, good.flat),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed', version: null });
    expect(results[0]!.issues).toEqual([{ path: weight, message: expect.any(String) }]);
    expect(results[0]!.issues[0]!.message.length).toBeGreaterThan(5);
    expect(results[1]).toMatchObject({ status: 'applied', version: 1 });
    // An update refused by the rules keeps its message too, in the reader's language.
    const [u] = await push(midwife, [
      device.op('update', good.id, 1, { [`newborns.${good.newbornId}.birthWeightGrams`]: 120 }),
    ]);
    expect(u).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect(u!.issues.map((i) => i.path)).toEqual([`newborns.${good.newbornId}.birthWeightGrams`]);
    // A base version the server never had is refused, not merged.
    const [ahead] = await push(midwife, [device.op('update', good.id, 7, { 'mother.age': 30 })]);
    expect(ahead).toMatchObject({
      status: 'rejected',
      issues: [{ path: 'baseVersion', message: translate('vi', 'sync.baseAhead') }],
    });
    const outside = newBirthFlat(HC_H);
    const [o] = await push(midwife, [device.op('create', outside.id, 0, outside.flat)]);
    expect(o).toMatchObject({
      status: 'rejected',
      code: 'out_of_scope',
      message: translate('vi', 'errors.outOfScope'),
    });
  });

  it('pulls only births in the reader scope, with personal fields as on a normal read, then changes and removals', async () => {
    const device = new Device();
    const mine = newBirthFlat(H01);
    const theirs = newBirthFlat(HC_H);
    await push(midwife, [device.op('create', mine.id, 0, mine.flat)]);
    await push(nurse, [new Device().op('create', theirs.id, 0, theirs.flat)]);
    const first = await pullAll(midwife);
    expect(first.births.has(mine.id)).toBe(true);
    expect(first.births.has(theirs.id)).toBe(false);
    expect(first.births.get(mine.id)!.mother.name).toBe('Trần Thị Mai');
    const prov = await pullAll(province);
    expect(prov.births.has(theirs.id)).toBe(true);
    expect(prov.births.get(mine.id)!.mother.name).toBeNull();
    // Incremental: an edit arrives, a delete becomes a removal, out-of-scope edits never arrive.
    await push(nurse, [new Device().op('update', theirs.id, 1, { 'mother.age': 33 })]);
    await push(midwife, [device.op('update', mine.id, 1, { 'mother.age': 29 })]);
    const next = await pullAll(midwife, first.cursor);
    expect([...next.births.keys()]).toContain(mine.id);
    expect(next.births.has(theirs.id)).toBe(false);
    expect(next.births.get(mine.id)!.mother.age).toBe(29);
    await push(midwife, [device.op('delete', mine.id, 2, {})]);
    const last = await pullAll(midwife, next.cursor);
    // A pull may send again what a transaction still running elsewhere on the server could precede (the
    // xmin floor, docs/offline.md): the delete must be there, not necessarily alone.
    expect([...last.removed]).toContain(mine.id);
    expect(last.births.has(mine.id)).toBe(false);
    expect(last.births.has(theirs.id)).toBe(false);
  });

  it('sends a removal to a reader a birth moved away from', async () => {
    const b = await created();
    const { cursor } = await pullAll(nurse);
    // Moved by a writer of both facilities (none among the demo users): straight in the table.
    await t.db.query('update births set facility_id = $1, version = version + 1 where id = $2', [HC_H, b.id]);
    const midwifeView = await pullAll(midwife, (await pullAll(midwife)).cursor);
    expect(midwifeView.births.has(b.id)).toBe(false);
    const nurseView = await pullAll(nurse, cursor);
    expect(nurseView.births.has(b.id)).toBe(true);
  });

  it('resolves inbox items (keep, take the device value, edit) through the birth rules, audited; twice is refused', async () => {
    const b = await created();
    const input = birthToInput(await getBirth(lead, b.id));
    await lead.put(`/api/births/${b.id}`, {
      ...input,
      mother: { ...input.mother, age: 35, parity: 2 },
      version: 1,
    });
    await push(midwife, [b.device.op('update', b.id, 1, { 'mother.age': 36, 'mother.parity': 4 })]);
    const items = (await openConflicts(lead)).filter((c) => c.recordId === b.id);
    const age = items.find((i) => i.path === 'mother.age')!;
    const parity = items.find((i) => i.path === 'mother.parity')!;
    const took = await lead.post(`/api/sync/conflicts/${age.id}/resolve`, { resolution: 'take_device' });
    expect(took.statusCode).toBe(200);
    expect(took.json()).toMatchObject({
      status: 'resolved',
      resolution: 'take_device',
      resolvedBy: 'lead.dn',
    });
    const edited = await lead.post(`/api/sync/conflicts/${parity.id}/resolve`, {
      resolution: 'edit',
      value: 5,
    });
    expect(edited.statusCode).toBe(200);
    const after = await getBirth(lead, b.id);
    expect([after.mother.age, after.mother.parity, after.version]).toEqual([36, 5, 4]);
    const again = await lead.post(`/api/sync/conflicts/${age.id}/resolve`, { resolution: 'keep_server' });
    expect(again.statusCode).toBe(409);
    const audit = await t.db.query<{ after: { resolution: string } }>(
      "select after from audit_log where entity_type = 'sync_conflict' and entity_id = any($1) order by id",
      [[age.id, parity.id]],
    );
    expect(audit.map((a) => a.after.resolution)).toEqual(['take_device', 'edit']);
    expect((await openConflicts(lead)).filter((c) => c.recordId === b.id)).toEqual([]);
    // An edit the rules refuse is answered like any edit, and the item stays open.
    await lead.put(`/api/births/${b.id}`, {
      ...birthToInput(after),
      mother: { ...birthToInput(after).mother, age: 20 },
      version: 4,
    });
    await push(midwife, [b.device.op('update', b.id, 1, { 'mother.age': 22 })]);
    const item = (await openConflicts(lead)).find((c) => c.recordId === b.id)!;
    const refused = await lead.post(`/api/sync/conflicts/${item.id}/resolve`, {
      resolution: 'edit',
      value: 3,
    });
    expect(refused.json()).toMatchObject({ code: 'validation_failed' });
    expect(refused.statusCode).toBe(400);
    expect((await openConflicts(lead)).some((c) => c.id === item.id)).toBe(true);
  });

  it("does not let a device's later edit overwrite a server value it never saw (its earlier edit of that field conflicted)", async () => {
    const b = await created();
    const other = new Device();
    await push(lead, [other.op('update', b.id, 1, { 'mother.recordNumber': 'SERVER-1' })]);
    const [first] = await push(midwife, [
      b.device.op('update', b.id, 1, { 'mother.recordNumber': 'DEVICE-1' }),
    ]);
    expect(first).toMatchObject({ status: 'applied', conflicts: 1 });
    // The device still shows DEVICE-1 and edits again, without pulling.
    const [second] = await push(midwife, [
      b.device.op('update', b.id, 1, { 'mother.recordNumber': 'DEVICE-2' }),
    ]);
    expect(second).toMatchObject({ status: 'applied', conflicts: 1 });
    expect((await getBirth(midwife, b.id)).mother.recordNumber).toBe('SERVER-1');
    const values = (await openConflicts(lead)).filter((c) => c.recordId === b.id).map((c) => c.deviceValue);
    expect(values.sort()).toEqual(['DEVICE-1', 'DEVICE-2']);
  });

  it('merges a second offline edit of the same device against its first, even if it never read the answer', async () => {
    const b = await created();
    const [one, two] = await push(midwife, [
      b.device.op('update', b.id, 1, { 'mother.age': 30 }),
      b.device.op('update', b.id, 1, { 'mother.age': 31 }),
    ]);
    expect(one).toMatchObject({ status: 'applied', version: 2 });
    expect(two).toMatchObject({ status: 'applied', version: 3, conflicts: 0 });
    expect((await getBirth(midwife, b.id)).mother.age).toBe(31);
  });
});
