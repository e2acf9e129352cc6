import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wellMotherContact } from '../../../shared/pnc/pnc-builders';
import type { FollowUp, Worklist, WorklistItem } from '../../../shared/pnc/pnc.schema';
import { flattenDoc } from '../../../shared/sync/flat-record';
import { PNC_VISIT_SHAPE } from '../../../shared/sync/record-shapes';
import { api, ApiError } from '../../lib/api-client';
import { getWorklist } from './pnc.api';
import { offlineDb } from '../offline/offline-db';
import { withContactsDoneElsewhere, withFollowUpsPulled, withSectionsAt } from '../offline/offline-pnc';
import { FOLLOW_UP_KEY, keepRead } from '../offline/offline-reads';

const uuid = (tail: string) => `00000000-0000-4000-8000-${tail.padStart(12, '0')}`;
const [COMMUNE, FACILITY] = [uuid('c001'), uuid('f001')];
const [KEPT_BIRTH, NEW_BIRTH] = [uuid('1'), uuid('2')];
const [MOTHER, BABY, NEWBORN] = [uuid('3'), uuid('4'), uuid('5')];

// 10:00 in Hà Nội (UTC+7) on 7 December 2026.
const NOW = new Date('2026-12-07T03:00:00Z');
const h = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

/** A contact of the follow-up whose window opens at `from` hours from now (schedule times as the server sends). */
const contact = (code: string, from: number, over: Record<string, unknown> = {}) => ({
  code,
  number: null,
  core: true,
  stage: 'commune' as const,
  dueFrom: h(from),
  dueUntil: h(from + 24),
  overdueAt: h(from + 24),
  expiresAt: h(from + 72),
  status: from <= 0 ? ('due' as const) : ('upcoming' as const),
  recorded: null,
  ...over,
});

/** A pair handed over to the commune since the worklist was read, as a pull keeps its follow-up. */
const followUp = (over: Partial<FollowUp> = {}): FollowUp => ({
  birthId: NEW_BIRTH,
  facility: { id: FACILITY, name: 'BV huyện', timezone: 'Asia/Ho_Chi_Minh' },
  commune: { id: COMMUNE, name: 'Trạm Y tế xã' },
  handover: { unit: { id: COMMUNE, name: 'Trạm Y tế xã' }, reason: 'handed_over' },
  bornAt: h(-80),
  birthDate: '2026-12-04',
  gestationalAgeWeeks: 39,
  recordNumber: 'HS-2',
  motherName: 'Nguyễn Thị B',
  motherPhone: null,
  motherAddress: null,
  personalDataHidden: false,
  preferences: { language: null, effectiveLanguage: 'vi', remindersEnabled: false, version: 1 },
  subjects: [
    {
      subjectId: MOTHER,
      kind: 'mother',
      newbornId: null,
      birthOrder: null,
      sex: null,
      birthWeightGrams: null,
      alive: true,
      riskMarkers: [],
      contacts: [
        // The facility's contact before discharge: the commune's worklist has no row of it.
        contact('c1', -70, { stage: 'facility', status: 'overdue' }),
        contact('c2', -2),
        // Upcoming: the horizon is a country setting the device does not hold.
        contact('c3', 48),
      ],
    },
    {
      subjectId: BABY,
      kind: 'newborn',
      newbornId: NEWBORN,
      birthOrder: 1,
      sex: 'female',
      birthWeightGrams: 2300,
      alive: true,
      riskMarkers: ['low_birth_weight'],
      contacts: [contact('c2', -30, { status: 'overdue' }), contact('c3', 48, { status: 'done' })],
    },
  ],
  visits: [],
  reminders: [],
  ...over,
});

const keptEmpty = (): Worklist => ({
  orgUnit: { id: COMMUNE, name: 'Trạm Y tế xã', kind: 'commune', timezone: 'Asia/Ho_Chi_Minh' },
  today: '2026-12-07',
  generatedAt: h(-5),
  counts: { referral: 0, dueToday: 0, overdue: 0, upcoming: 0, notHandedOver: 0 },
  items: [],
  nextCursor: null,
});

/** The commune's worklist as read before the hand-over: the mother of another pair, due today. */
const kept = (): Worklist => {
  const other = followUp({ birthId: KEPT_BIRTH, subjects: [followUp().subjects[0]!] });
  const row = withFollowUpsPulled(keptEmpty(), [other], NOW).items.find((i) => i.contactCode === 'c2')!;
  return { ...keptEmpty(), counts: { ...keptEmpty().counts, dueToday: 1 }, items: [row] };
};

const rows = (w: Worklist) =>
  w.items.map((i) => `${i.section}:${i.birthId.slice(-1)}:${i.kind}:${i.contactCode}`);

describe('the kept worklist recomputed on the device for follow-ups pulled since it was read', () => {
  it('adds the due and overdue rows of a pair handed over since, with their counts, after the kept rows', () => {
    const out = withFollowUpsPulled(kept(), [followUp()], NOW);
    expect(rows(out)).toEqual(['due_today:1:mother:c2', 'due_today:2:mother:c2', 'overdue:2:newborn:c2']);
    expect(out.counts).toEqual({ referral: 0, dueToday: 2, overdue: 1, upcoming: 0, notHandedOver: 0 });
    const baby = out.items.at(-1)!;
    expect(baby).toMatchObject({
      newbornId: NEWBORN,
      birthOrder: 1,
      pairRisk: 1,
      riskMarkers: ['low_birth_weight'],
      handover: { unit: { id: COMMUNE }, reason: 'handed_over' },
      motherName: 'Nguyễn Thị B',
      dueFrom: h(-30),
      screeningOffer: false,
    });
  });

  it('adds nothing for a birth the kept worklist already has, or a pair followed up at another unit', () => {
    const other = followUp({ handover: { unit: { id: FACILITY, name: 'BV huyện' }, reason: 'no_commune' } });
    expect(withFollowUpsPulled(kept(), [followUp({ birthId: KEPT_BIRTH }), other], NOW)).toEqual(kept());
  });

  it('keeps a pair the commune has no worker for at the facility: its rows count as not handed over there', () => {
    const orphan = followUp({
      handover: { unit: { id: FACILITY, name: 'BV huyện' }, reason: 'commune_without_pnc_worker' },
    });
    const out = withFollowUpsPulled(
      { ...keptEmpty(), orgUnit: { ...keptEmpty().orgUnit, id: FACILITY } },
      [orphan],
      NOW,
    );
    expect(rows(out)).toEqual(['due_today:2:mother:c2', 'overdue:2:mother:c1', 'overdue:2:newborn:c2']);
    expect(out.counts).toEqual({ referral: 0, dueToday: 1, overdue: 2, upcoming: 0, notHandedOver: 2 });
    expect(out.items[1]!.handover).toEqual({ unit: { id: FACILITY, name: 'BV huyện' }, reason: null });
  });

  it('puts an open referral first and leaves a closed one and a baby who died off', () => {
    const referral = (status: 'open' | 'closed') => ({
      id: MOTHER,
      visitId: MOTHER,
      doneAt: h(-3),
      place: 'home' as const,
      seenBy: 'x',
      onTime: true,
      findings: [],
      referred: true,
      exclusiveBreastfeedingYesterday: null,
      values: {},
      referral: {
        contactId: MOTHER,
        status,
        reasons: ['fever'],
        openedAt: h(-3),
        outcome: null,
        note: null,
        closedAt: null,
        closedBy: null,
        version: 1,
      },
    });
    const f = followUp();
    const [mother, baby] = f.subjects;
    const withReferral = (status: 'open' | 'closed') => ({
      ...f,
      subjects: [
        { ...mother!, contacts: [contact('c2', -2, { status: 'done', recorded: referral(status) })] },
        { ...baby!, alive: false, contacts: [contact('c2', -30, { status: 'cancelled' })] },
      ],
    });
    expect(rows(withFollowUpsPulled(keptEmpty(), [withReferral('open')], NOW))).toEqual([
      'referral:2:mother:c2',
    ]);
    expect(withFollowUpsPulled(keptEmpty(), [withReferral('closed')], NOW)).toEqual(keptEmpty());
  });
});

describe('getWorklist without network', () => {
  afterEach(() => vi.restoreAllMocks());
  const q = { orgUnit: COMMUNE };

  it('answers the kept worklist with the rows of a follow-up pulled since; online, the server’s answer as is', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue(kept());
    expect(await getWorklist(q)).toEqual(kept());
    get.mockResolvedValueOnce(keptEmpty());
    expect(await getWorklist({ ...q, section: 'overdue' })).toEqual(keptEmpty());
    await keepRead([{ key: `${FOLLOW_UP_KEY}${NEW_BIRTH}`, value: followUp() }]);
    // Online the server's answer is the worklist: a kept follow-up adds nothing to it.
    expect(await getWorklist(q)).toEqual(kept());
    get.mockRejectedValue(new ApiError(0, 'network', 'network', []));
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    try {
      const offline = await getWorklist(q);
      expect(rows(offline)).toEqual([
        'due_today:1:mother:c2',
        'due_today:2:mother:c2',
        'overdue:2:newborn:c2',
      ]);
      expect(offline.counts.dueToday).toBe(2);
      // A page of one section is not the whole worklist: nothing is added to it.
      expect(await getWorklist({ ...q, section: 'overdue' })).toEqual(keptEmpty());
    } finally {
      vi.useRealTimers();
    }
  });
});

/** A kept row of the other pair in `section`, its contact window opening at `from` hours from now. */
const keptRow = (
  section: WorklistItem['section'],
  code: string,
  from: number,
  over: Partial<WorklistItem> = {},
): WorklistItem => ({
  ...kept().items[0]!,
  section,
  contactCode: code,
  dueFrom: h(from),
  dueUntil: h(from + 24),
  overdueAt: h(from + 24),
  expiresAt: h(from + 72),
  ...over,
});

/** The commune's worklist as read yesterday (6 December): four rows and an open referral. */
const readYesterday = (): Worklist => ({
  ...keptEmpty(),
  today: '2026-12-06',
  generatedAt: h(-20),
  counts: { referral: 1, dueToday: 1, overdue: 1, upcoming: 2, notHandedOver: 0 },
  items: [
    keptRow('referral', 'c1', -50, { referral: null }),
    // Due yesterday (its window closed 6 hours ago): overdue today.
    keptRow('due_today', 'c2', -30),
    // Overdue yesterday, expired an hour ago: off the list.
    keptRow('overdue', 'x1', -73),
    // Upcoming yesterday, due from two hours ago: due today.
    keptRow('upcoming', 'c3', -2),
    // Still ahead (in two days): upcoming whatever the country's horizon, as it was read inside it.
    keptRow('upcoming', 'c4', 40),
  ],
});

describe('the kept worklist in the sections of the device’s time', () => {
  it('moves kept rows to the section the shared schedule code gives them now, with the counts and the day', () => {
    const out = withSectionsAt(readYesterday(), NOW);
    expect(rows(out)).toEqual([
      'referral:1:mother:c1',
      'due_today:1:mother:c3',
      'overdue:1:mother:c2',
      'upcoming:1:mother:c4',
    ]);
    expect(out.counts).toEqual({ referral: 1, dueToday: 1, overdue: 1, upcoming: 1, notHandedOver: 0 });
    expect(out.today).toBe('2026-12-07');
    // Read at this moment, nothing changes.
    expect(withSectionsAt(out, NOW)).toBe(out);
  });

  it('moves the not-handed-over count with a row of a pair the commune has no worker for', () => {
    const handover = {
      unit: { id: FACILITY, name: 'BV huyện' },
      reason: 'commune_without_pnc_worker' as const,
    };
    const out = withSectionsAt(
      {
        ...readYesterday(),
        counts: { referral: 0, dueToday: 0, overdue: 1, upcoming: 0, notHandedOver: 1 },
        items: [keptRow('overdue', 'x1', -73, { handover })],
      },
      NOW,
    );
    expect(out.items).toEqual([]);
    expect(out.counts).toEqual({ referral: 0, dueToday: 0, overdue: 0, upcoming: 0, notHandedOver: 0 });
  });
});

/** A contact of the other pair's mother recorded elsewhere, as a pull keeps it (flat, in `records`). */
const pulledVisit = (code: string, mother: Record<string, unknown> | null = {}) => ({
  id: uuid('9'),
  recordType: 'pnc_visit' as const,
  version: 1,
  flat: flattenDoc(PNC_VISIT_SHAPE, {
    birthId: KEPT_BIRTH,
    contactCode: code,
    visitedAt: h(-1),
    place: 'home',
    seenBy: 'YS. Lê Thị C',
    mother: mother && { ...wellMotherContact(), ...mother },
    newborns: [],
  }),
});

describe('the kept worklist without contacts done elsewhere and pulled since', () => {
  it('drops the row of a contact pulled as done, with its count; keeps it when the mother was not seen', () => {
    const out = withContactsDoneElsewhere(kept(), [pulledVisit('c2')], []);
    expect(out.items).toEqual([]);
    expect(out.counts.dueToday).toBe(0);
    expect(withContactsDoneElsewhere(kept(), [pulledVisit('c2', null)], [])).toEqual(kept());
    expect(withContactsDoneElsewhere(kept(), [pulledVisit('c3')], [])).toEqual(kept());
  });

  it('keeps the row of a contact whose findings call for an urgent referral (the referral row needs the next read)', () => {
    expect(withContactsDoneElsewhere(kept(), [pulledVisit('c2', { systolic: 170 })], [])).toEqual(kept());
  });
});

describe('getWorklist without network, a day later, with a contact pulled since', () => {
  const q = { orgUnit: COMMUNE };
  beforeEach(async () => {
    await offlineDb.records.clear();
    await offlineDb.meta.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('answers the kept rows in today’s sections; online, the server’s answer as is', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue(readYesterday());
    expect(await getWorklist(q)).toEqual(readYesterday());
    get.mockRejectedValue(new ApiError(0, 'network', 'network', []));
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const offline = await getWorklist(q);
    expect(rows(offline)).toEqual([
      'referral:1:mother:c1',
      'due_today:1:mother:c3',
      'overdue:1:mother:c2',
      'upcoming:1:mother:c4',
    ]);
    expect(offline.today).toBe('2026-12-07');
    // A page of one section is left as read (its counts are the whole list's).
    get.mockResolvedValueOnce(readYesterday());
    vi.useRealTimers();
    await getWorklist({ ...q, section: 'upcoming' });
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    expect(await getWorklist({ ...q, section: 'upcoming' })).toEqual(readYesterday());
  });

  it('leaves out a contact another worker recorded, once pulled, on any page; online it adds nothing', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue(kept());
    await getWorklist(q);
    await getWorklist({ ...q, section: 'due_today' });
    await offlineDb.records.put(pulledVisit('c2'));
    expect(await getWorklist(q)).toEqual(kept());
    get.mockRejectedValue(new ApiError(0, 'network', 'network', []));
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    for (const page of [q, { ...q, section: 'due_today' as const }]) {
      const offline = await getWorklist(page);
      expect(offline.items).toEqual([]);
      expect(offline.counts.dueToday).toBe(0);
    }
  });
});
