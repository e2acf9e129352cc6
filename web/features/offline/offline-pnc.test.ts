import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { FollowUp, Worklist, WorklistItem } from '../../../shared/pnc/pnc.schema';
import { newId } from '../../../shared/ids';
import { offlineDb } from './offline-db';
import { withoutContactsDone, withQueuedContacts, withQueuedVisits } from './offline-pnc';
import { clearOfflineData, queueRecord } from './outbox-store';

const BIRTH = '00000000-0000-4000-8000-000000000001';
const BABY = '00000000-0000-4000-8000-000000000002';

/** A worklist row with the fields the offline rule reads (the rest as the server would send them). */
const row = (over: Partial<WorklistItem>) =>
  ({
    section: 'due_today',
    birthId: BIRTH,
    kind: 'mother',
    newbornId: null,
    contactCode: 'c2',
    handover: { unit: { id: BIRTH, name: 'Trạm Y tế' }, reason: 'handed_over' },
    ...over,
  }) as WorklistItem;

const worklist = (items: WorklistItem[]) =>
  ({
    counts: { referral: 1, dueToday: 2, overdue: 1, upcoming: 1, notHandedOver: 1 },
    items,
  }) as unknown as Worklist;

const visit = (patch: Record<string, unknown>) => ({ patch: { birthId: BIRTH, ...patch } });

describe('the worklist offline after a contact recorded on the device', () => {
  const items = [
    row({ section: 'referral' }),
    row({}),
    row({ kind: 'newborn', newbornId: BABY }),
    row({
      section: 'overdue',
      contactCode: 'c1',
      handover: { unit: { id: BIRTH, name: 'BV' }, reason: 'no_commune' },
    }),
    row({ section: 'upcoming', contactCode: 'c3' }),
  ];

  it('drops the rows of the mother and baby seen at that contact, and their counts, but keeps the referral', () => {
    const out = withoutContactsDone(worklist(items), [
      visit({ contactCode: 'c2', 'mother.seen': true, [`newborns.${BABY}.weightGrams`]: 3100 }),
    ]);
    expect(out.items.map((i) => `${i.section}:${i.kind}:${i.contactCode}`)).toEqual([
      'referral:mother:c2',
      'overdue:mother:c1',
      'upcoming:mother:c3',
    ]);
    expect(out.counts).toEqual({ referral: 1, dueToday: 0, overdue: 1, upcoming: 1, notHandedOver: 1 });
  });

  it('keeps the mother’s row when she was not seen, and counts an orphan row out of "not handed over"', () => {
    const out = withoutContactsDone(worklist(items), [
      visit({ contactCode: 'c2', 'mother.seen': false, [`newborns.${BABY}.weightGrams`]: 3100 }),
      visit({ contactCode: 'c1', 'mother.seen': true }),
    ]);
    expect(out.items.map((i) => `${i.section}:${i.kind}:${i.contactCode}`)).toEqual([
      'referral:mother:c2',
      'due_today:mother:c2',
      'upcoming:mother:c3',
    ]);
    expect(out.counts).toEqual({ referral: 1, dueToday: 1, overdue: 0, upcoming: 1, notHandedOver: 0 });
  });
});

describe('a contact the server refused', () => {
  it('does not count as recorded: its due row stays on the worklist, and the visit list shows the message', async () => {
    const id = newId();
    await queueRecord('pnc_visit', id, {
      birthId: BIRTH,
      contactCode: 'c2',
      visitedAt: '2026-12-01T08:00:00.000Z',
      place: 'home',
      seenBy: 'Lan',
      'mother.seen': true,
    });
    const list = worklist([row({})]);
    // Waiting to be sent: the contact is done on the device.
    expect((await withQueuedContacts(list)).items).toEqual([]);
    await offlineDb.outbox
      .where('recordId')
      .equals(id)
      .modify({
        state: 'rejected',
        attempts: 1,
        error: { code: 'validation', message: 'The visit is before the birth.', issues: [] },
      });
    const after = await withQueuedContacts(list);
    expect(after.items.map((i) => `${i.section}:${i.kind}:${i.contactCode}`)).toEqual([
      'due_today:mother:c2',
    ]);
    expect(after.counts.dueToday).toBe(2);
    const followUp = { birthId: BIRTH, visits: [] } as unknown as FollowUp;
    expect((await withQueuedVisits(followUp)).visits.map((v) => [v.id, v.refused])).toEqual([
      [id, 'The visit is before the birth.'],
    ]);
    await clearOfflineData();
  });
});
