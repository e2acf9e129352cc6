import { describe, expect, it } from 'vitest';
import {
  afterPull,
  afterPush,
  countWaiting,
  localView,
  nextBatch,
  type OutboxEntry,
  queueChange,
} from './outbox';

const snapshot = { id: 'r1', version: 3, flat: { 'mother.age': 27, 'mother.parity': 1 } };
function ids() {
  let n = 0;
  return { newOpId: () => `op${++n}`, deviceId: 'd1', nextSeq: () => n };
}
const edit = (outbox: OutboxEntry[], next: Record<string, unknown> | null, gen = ids()) =>
  queueChange(outbox, snapshot, 'r1', next, gen);
const result = (opId: string, status: 'applied' | 'conflict' | 'rejected', version: number | null = 4) => ({
  opId,
  status,
  version,
  conflicts: 0,
  code: status === 'rejected' ? 'validation_failed' : null,
  message: status === 'rejected' ? 'Age must be 10 to 60' : null,
  issues: [],
});

describe('the outbox', () => {
  it('queues an edit as a patch against the snapshot, and folds a second unsent edit into it', () => {
    const gen = ids();
    const one = edit([], { 'mother.age': 30, 'mother.parity': 1 }, gen);
    expect(one).toMatchObject([{ kind: 'update', baseVersion: 3, patch: { 'mother.age': 30 } }]);
    const two = edit(one, { 'mother.age': 30, 'mother.parity': 2 }, gen);
    expect(two).toHaveLength(1);
    expect(two[0]).toMatchObject({ opId: 'op2', patch: { 'mother.age': 30, 'mother.parity': 2 } });
    expect(localView(snapshot, two)).toEqual({ 'mother.age': 30, 'mother.parity': 2 });
  });

  it('never changes an operation once sent: a later edit is a new operation', () => {
    const gen = ids();
    const sent = edit([], { 'mother.age': 30, 'mother.parity': 1 }, gen).map((e) => ({ ...e, attempts: 1 }));
    const next = edit(sent, { 'mother.age': 31, 'mother.parity': 1 }, gen);
    expect(next.map((e) => [e.opId, e.patch])).toEqual([
      ['op1', { 'mother.age': 30 }],
      ['op2', { 'mother.age': 31 }],
    ]);
  });

  it('keeps an applied change shown until a pull brings its version, and counts only what waits', () => {
    const queued = edit([], { 'mother.age': 30, 'mother.parity': 1 });
    const pushed = afterPush(queued, [result(queued[0]!.opId, 'applied', 4)]);
    expect(countWaiting(pushed)).toBe(0);
    expect(nextBatch(pushed, 500)).toEqual([]);
    expect(localView(snapshot, pushed)).toEqual({ 'mother.age': 30, 'mother.parity': 1 });
    expect(afterPull(pushed, new Map([['r1', 3]]))).toHaveLength(1);
    expect(afterPull(pushed, new Map([['r1', 4]]))).toEqual([]);
  });

  it('keeps a refused change with its message, and resends it folded into the next edit under a new opId', () => {
    const gen = ids();
    const queued = edit([], { 'mother.age': 3, 'mother.parity': 1 }, gen);
    const refused = afterPush(queued, [result('op1', 'rejected')]);
    expect(refused[0]).toMatchObject({ state: 'rejected', error: { message: 'Age must be 10 to 60' } });
    expect(countWaiting(refused)).toBe(1);
    const fixed = edit(refused, { 'mother.age': 33, 'mother.parity': 1 }, gen);
    expect(fixed).toMatchObject([
      { opId: 'op2', state: 'waiting', patch: { 'mother.age': 33 }, baseVersion: 3 },
    ]);
  });

  it('drops a create and a delete of the same record that the server never saw', () => {
    const gen = ids();
    const created = queueChange([], undefined, 'r2', { 'mother.age': 20 }, gen);
    expect(created).toMatchObject([{ kind: 'create', baseVersion: 0 }]);
    expect(queueChange(created, undefined, 'r2', null, gen)).toEqual([]);
  });

  it('drops at once an applied change whose version the device already pulled (a resend after a lost answer)', () => {
    const queued = edit([], { 'mother.age': 30, 'mother.parity': 1 });
    expect(afterPush(queued, [result(queued[0]!.opId, 'applied', 4)], new Map([['r1', 4]]))).toEqual([]);
  });

  it('drops an operation whose change went to the conflict inbox', () => {
    const queued = edit([], { 'mother.age': 30, 'mother.parity': 1 });
    expect(afterPush(queued, [result(queued[0]!.opId, 'conflict', null)])).toEqual([]);
  });
});
