import { describe, expect, it } from 'vitest';
import { localDate } from '../births/local-date';
import {
  contactApplies,
  contactStatus,
  contactTimes,
  isOnTime,
  scheduleFor,
  worklistDay,
  worklistSection,
} from './pnc-schedule';
import { type ContactDefinition, DEFAULT_PNC_SETTINGS, PncSettingsSchema } from './pnc-settings';

const def = (code: string): ContactDefinition => DEFAULT_PNC_SETTINGS.contacts.find((c) => c.code === code)!;
const iso = (d: Date) => d.toISOString();
const ms = (s: string) => new Date(s).getTime();
// 02:15 on 10 March in Viet Nam = 19:15 UTC on 9 March; the birth date is the local one.
const HCM_BIRTH = {
  bornAt: '2026-03-10T02:15:00+07:00',
  birthDate: '2026-03-10',
  timeZone: 'Asia/Ho_Chi_Minh',
};

describe('contactTimes (default DAK schedule)', () => {
  it('counts hour windows from the instant of birth', () => {
    const c1 = contactTimes(def('c1'), HCM_BIRTH);
    expect(iso(c1.dueFrom)).toBe('2026-03-09T19:15:00.000Z');
    expect(iso(c1.dueUntil)).toBe('2026-03-10T19:15:00.000Z');
    expect(iso(c1.overdueAt)).toBe('2026-03-11T19:15:00.000Z');
    const c2 = contactTimes(def('c2'), HCM_BIRTH);
    expect(iso(c2.dueFrom)).toBe('2026-03-11T19:15:00.000Z');
    expect(iso(c2.dueUntil)).toBe('2026-03-12T19:15:00.000Z');
  });

  it('counts day windows in local calendar days: day 7 starts at local midnight of 17 March', () => {
    const c2 = contactTimes(def('c2'), HCM_BIRTH);
    expect(iso(c2.overdueAt)).toBe('2026-03-16T17:00:00.000Z'); // 00:00 on 17 March in Viet Nam
    const c3 = contactTimes(def('c3'), HCM_BIRTH);
    expect(iso(c3.dueFrom)).toBe('2026-03-16T17:00:00.000Z');
    expect(iso(c3.dueUntil)).toBe('2026-03-24T17:00:00.000Z'); // day 14 included: ends as day 15 begins
    expect(iso(c3.overdueAt)).toBe('2026-04-20T17:00:00.000Z'); // day 42
    expect(iso(c3.expiresAt)).toBe('2026-04-27T17:00:00.000Z'); // day 49
  });

  it.each([
    // [bornAt, birthDate, zone, c3 dueFrom (day 7), c4 dueFrom (day 42)]
    [
      '2026-01-31T23:30:00+07:00',
      '2026-01-31',
      'Asia/Ho_Chi_Minh',
      '2026-02-06T17:00:00.000Z',
      '2026-03-13T17:00:00.000Z',
    ],
    [
      '2028-02-22T10:00:00+07:00',
      '2028-02-22',
      'Asia/Ho_Chi_Minh',
      '2028-02-28T17:00:00.000Z',
      '2028-04-03T17:00:00.000Z',
    ],
    [
      '2026-02-22T10:00:00+07:00',
      '2026-02-22',
      'Asia/Ho_Chi_Minh',
      '2026-02-28T17:00:00.000Z',
      '2026-04-04T17:00:00.000Z',
    ],
    [
      '2026-12-28T08:00:00+08:00',
      '2026-12-28',
      'Asia/Manila',
      '2027-01-03T16:00:00.000Z',
      '2027-02-07T16:00:00.000Z',
    ],
    [
      '2026-03-31T23:50:00+10:00',
      '2026-03-31',
      'Pacific/Port_Moresby',
      '2026-04-06T14:00:00.000Z',
      '2026-05-11T14:00:00.000Z',
    ],
    [
      '2026-06-30T23:59:00+11:00',
      '2026-06-30',
      'Pacific/Guadalcanal',
      '2026-07-06T13:00:00.000Z',
      '2026-08-10T13:00:00.000Z',
    ],
    [
      '2026-04-30T00:00:00+05:45',
      '2026-04-30',
      'Asia/Kathmandu',
      '2026-05-06T18:15:00.000Z',
      '2026-06-10T18:15:00.000Z',
    ],
    [
      '2026-08-31T12:00:00-10:00',
      '2026-08-31',
      'Pacific/Honolulu',
      '2026-09-07T10:00:00.000Z',
      '2026-10-12T10:00:00.000Z',
    ],
  ])(
    'born %s (%s, %s): day 7 begins %s and day 42 %s, across month and year ends',
    (bornAt, birthDate, timeZone, day7, day42) => {
      const birth = { bornAt, birthDate, timeZone };
      expect(iso(contactTimes(def('c3'), birth).dueFrom)).toBe(day7);
      expect(iso(contactTimes(def('c4'), birth).dueFrom)).toBe(day42);
      expect(localDate(contactTimes(def('c3'), birth).dueFrom, timeZone)).toBe(
        new Date(Date.parse(`${birthDate}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10),
      );
    },
  );

  it('in a zone with daylight saving counts days as 24 h steps from the local midnight of the birth date', () => {
    // Sydney leaves DST on 5 April 2026: day 7 of a birth on 1 April begins at 23:00 local on 7 April.
    const c3 = contactTimes(def('c3'), {
      bornAt: '2026-04-01T10:00:00+11:00',
      birthDate: '2026-04-01',
      timeZone: 'Australia/Sydney',
    });
    expect(iso(c3.dueFrom)).toBe('2026-04-07T13:00:00.000Z');
  });
});

describe('contactApplies and scheduleFor', () => {
  it.each([
    ['c1', 'mother', [], true],
    ['c1', 'newborn', [], true],
    ['x5', 'mother', [], false],
    ['x5', 'newborn', [], false],
    ['x5', 'newborn', ['low_birth_weight'], true],
    ['x10', 'newborn', ['preterm'], true],
    ['x10', 'newborn', ['danger_signs'], true],
    ['x10', 'newborn', ['referred_at_discharge'], true],
  ] as const)('%s for a %s with markers %j: %s', (code, kind, markers, expected) => {
    expect(contactApplies(def(code), { kind, markers })).toBe(expected);
  });

  it('orders a small baby’s contacts by due time, extra visits between the core ones', () => {
    const codes = scheduleFor(DEFAULT_PNC_SETTINGS, { kind: 'newborn', markers: ['kmc'] }, HCM_BIRTH).map(
      (s) => s.def.code,
    );
    expect(codes).toEqual(['c1', 'c2', 'x5', 'c3', 'x10', 'c4']);
    expect(
      scheduleFor(DEFAULT_PNC_SETTINGS, { kind: 'mother', markers: [] }, HCM_BIRTH).map((s) => s.def.code),
    ).toEqual(['c1', 'c2', 'c3', 'c4']);
  });
});

describe('status boundaries', () => {
  const times = contactTimes(def('c2'), HCM_BIRTH);
  const at = (t: number) => contactStatus(times, { doneAt: null, cancelled: false }, new Date(t));

  it.each([
    ['1 ms before it is due', times.dueFrom.getTime() - 1, 'upcoming'],
    ['the instant it is due', times.dueFrom.getTime(), 'due'],
    ['1 ms before overdue', times.overdueAt.getTime() - 1, 'due'],
    ['the instant it is overdue', times.overdueAt.getTime(), 'overdue'],
    ['1 ms before expiry', times.expiresAt.getTime() - 1, 'overdue'],
    ['the instant it expires', times.expiresAt.getTime(), 'expired'],
  ])('is %s → %s', (_name, t, expected) => expect(at(t)).toBe(expected));

  it('goes from due straight to expired when overdue and expiry coincide (contact 4)', () => {
    const c4 = contactTimes(def('c4'), HCM_BIRTH);
    const s = (t: number) => contactStatus(c4, { doneAt: null, cancelled: false }, new Date(t));
    expect(s(c4.expiresAt.getTime() - 1)).toBe('due');
    expect(s(c4.expiresAt.getTime())).toBe('expired');
  });

  it('is done when recorded and cancelled when the baby died, whatever the time', () => {
    expect(contactStatus(times, { doneAt: '2026-03-12T00:00:00Z', cancelled: true }, new Date(0))).toBe(
      'done',
    );
    expect(contactStatus(times, { doneAt: null, cancelled: true }, times.dueFrom)).toBe('cancelled');
  });

  it.each([
    ['before the window', times.dueFrom.getTime() - 1, false],
    ['at its start', times.dueFrom.getTime(), true],
    ['1 ms before its end', times.dueUntil.getTime() - 1, true],
    ['at its end', times.dueUntil.getTime(), false],
  ])('a contact done %s is on time: %s', (_name, t, expected) => {
    expect(isOnTime(times, new Date(t))).toBe(expected);
  });
});

describe('worklistSection', () => {
  const c2 = contactTimes(def('c2'), HCM_BIRTH); // due from 02:15 on 12 March (local)
  const sectionAt = (now: string, tz = 'Asia/Ho_Chi_Minh') =>
    worklistSection(c2, new Date(now), worklistDay(new Date(now), tz, 7));

  it.each([
    ['on 11 March at 23:59 local it is due tomorrow: upcoming', '2026-03-11T23:59:00+07:00', 'upcoming'],
    [
      'on 12 March at 00:00 local it is due today (window opens at 02:15)',
      '2026-03-12T00:00:00+07:00',
      'due_today',
    ],
    ['on 16 March at 23:59 it is still due', '2026-03-16T23:59:59+07:00', 'due_today'],
    ['on 17 March at 00:00 (day 7) it is overdue', '2026-03-17T00:00:00+07:00', 'overdue'],
    ['on 28 April at 00:00 (day 49) it has expired', '2026-04-28T00:00:00+07:00', null],
    ['on 4 March, more than 7 days ahead, it is not listed', '2026-03-04T12:00:00+07:00', null],
    ['on 5 March at 00:00 it enters the 7-day horizon', '2026-03-05T00:00:00+07:00', 'upcoming'],
  ])('%s', (_name, now, expected) => expect(sectionAt(now)).toBe(expected));

  it('uses the worklist’s own day: in Manila (UTC+8) 12 March starts an hour earlier', () => {
    expect(sectionAt('2026-03-11T16:30:00Z', 'Asia/Manila')).toBe('due_today');
    expect(sectionAt('2026-03-11T16:30:00Z', 'Asia/Ho_Chi_Minh')).toBe('upcoming');
  });

  it('computes today, its end and the horizon in the worklist time zone', () => {
    const day = worklistDay(new Date('2026-03-31T18:00:00Z'), 'Asia/Ho_Chi_Minh', 7);
    expect(day.today).toBe('2026-04-01');
    expect(iso(day.todayEnd)).toBe('2026-04-01T17:00:00.000Z');
    expect(iso(day.horizonEnd)).toBe('2026-04-08T17:00:00.000Z');
    expect(ms(iso(day.horizonEnd)) - ms(iso(day.todayEnd))).toBe(7 * 86_400_000);
  });
});

describe('PncSettingsSchema', () => {
  it('accepts the defaults', () =>
    expect(PncSettingsSchema.safeParse(DEFAULT_PNC_SETTINGS).success).toBe(true));

  it.each([
    [
      'a duplicate code',
      (s: typeof DEFAULT_PNC_SETTINGS) => s.contacts.push({ ...s.contacts[0]! }),
      `contacts.${DEFAULT_PNC_SETTINGS.contacts.length}.code`,
    ],
    [
      'a window that ends before it starts',
      (s: typeof DEFAULT_PNC_SETTINGS) => (s.contacts[1]!.dueUntil = { unit: 'hours', value: 48 }),
      'contacts.1.dueUntil',
    ],
    [
      'an expiry before overdue',
      (s: typeof DEFAULT_PNC_SETTINGS) => (s.contacts[3]!.expiresAt = { unit: 'days', value: 40 }),
      'contacts.3.expiresAt',
    ],
    [
      'markers on a contact for mothers',
      (s: typeof DEFAULT_PNC_SETTINGS) => (s.contacts[0]!.onlyForMarkers = ['kmc']),
      'contacts.0.onlyForMarkers',
    ],
    [
      'a core contact without a number',
      (s: typeof DEFAULT_PNC_SETTINGS) => (s.contacts[0]!.number = null),
      'contacts.0.number',
    ],
  ])('rejects %s at %s', (_name, mutate, path) => {
    const s = structuredClone(DEFAULT_PNC_SETTINGS);
    mutate(s);
    const r = PncSettingsSchema.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
