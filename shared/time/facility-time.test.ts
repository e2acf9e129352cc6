import { describe, expect, it } from 'vitest';
import { formatZonedIso } from '../births/birth-csv';
import { localDate } from '../births/local-date';
import { isoToZonedLocal, zonedLocalToIso } from '../births/zoned-time';
import { localMidnight } from '../pnc/pnc-schedule';

/**
 * One table of instants and the facility's wall-clock time at them (with the offset in force), checked
 * against every conversion built on time-zones.ts: the CSV's `formatZonedIso`, the form's
 * `zonedLocalToIso`/`isoToZonedLocal`, `localDate` (the birth date, the day of every rollup) and the PNC
 * schedule's `localMidnight`. A row at 00:00 is also the start of its local day.
 */
const FACILITY_TIMES: ReadonlyArray<readonly [instant: string, zone: string, wall: string]> = [
  // Each side of local midnight, to the millisecond, in whole, half and quarter hour zones.
  ['2026-03-09T16:59:59.999Z', 'Asia/Ho_Chi_Minh', '2026-03-09T23:59:59+07:00'],
  ['2026-03-09T17:00:00.000Z', 'Asia/Ho_Chi_Minh', '2026-03-10T00:00:00+07:00'],
  ['2026-03-10T18:14:59Z', 'Asia/Kathmandu', '2026-03-10T23:59:59+05:45'],
  ['2026-03-10T18:15:00Z', 'Asia/Kathmandu', '2026-03-11T00:00:00+05:45'],
  ['2026-01-01T03:29:59Z', 'America/St_Johns', '2025-12-31T23:59:59-03:30'],
  ['2026-01-01T03:30:00Z', 'America/St_Johns', '2026-01-01T00:00:00-03:30'],
  // Daylight saving: Paris springs forward on 29 March (02:00 → 03:00) and falls back on 25 October.
  ['2026-03-28T22:59:59Z', 'Europe/Paris', '2026-03-28T23:59:59+01:00'],
  ['2026-03-28T23:00:00Z', 'Europe/Paris', '2026-03-29T00:00:00+01:00'],
  ['2026-03-29T00:30:00Z', 'Europe/Paris', '2026-03-29T01:30:00+01:00'],
  ['2026-03-29T01:30:00Z', 'Europe/Paris', '2026-03-29T03:30:00+02:00'],
  ['2026-07-01T06:00:00Z', 'Europe/Paris', '2026-07-01T08:00:00+02:00'],
  ['2026-10-24T21:59:59Z', 'Europe/Paris', '2026-10-24T23:59:59+02:00'],
  ['2026-10-24T22:00:00Z', 'Europe/Paris', '2026-10-25T00:00:00+02:00'],
  ['2026-12-01T07:00:00Z', 'Europe/Paris', '2026-12-01T08:00:00+01:00'],
  ['2026-06-01T12:00:00Z', 'America/St_Johns', '2026-06-01T09:30:00-02:30'],
  // Sydney falls back on 5 April: midnight is +11:00 before and +10:00 after.
  ['2026-04-03T13:00:00Z', 'Australia/Sydney', '2026-04-04T00:00:00+11:00'],
  ['2026-04-05T14:00:00Z', 'Australia/Sydney', '2026-04-06T00:00:00+10:00'],
  // A birth at 02:15 on 10 March in Viet Nam (19:15 UTC on 9 March), given either way.
  ['2026-03-09T19:15:00Z', 'Asia/Ho_Chi_Minh', '2026-03-10T02:15:00+07:00'],
  ['2026-03-10T02:15:00+07:00', 'Asia/Ho_Chi_Minh', '2026-03-10T02:15:00+07:00'],
  ['2026-03-09T15:15:00Z', 'Pacific/Guadalcanal', '2026-03-10T02:15:00+11:00'],
  ['2026-12-31T15:59:00Z', 'Asia/Ulaanbaatar', '2026-12-31T23:59:00+08:00'],
  // Dated by the local calendar, not by UTC.
  ['2026-03-09T17:30:00Z', 'Asia/Ho_Chi_Minh', '2026-03-10T00:30:00+07:00'],
  ['2026-03-09T17:30:00Z', 'UTC', '2026-03-09T17:30:00+00:00'],
  // 10 March begins in the programme's zones (and at either end of the date line).
  ['2026-03-09T17:00:00Z', 'Asia/Vientiane', '2026-03-10T00:00:00+07:00'],
  ['2026-03-09T16:00:00Z', 'Asia/Manila', '2026-03-10T00:00:00+08:00'],
  ['2026-03-09T16:00:00Z', 'Asia/Ulaanbaatar', '2026-03-10T00:00:00+08:00'],
  ['2026-03-09T14:00:00Z', 'Pacific/Port_Moresby', '2026-03-10T00:00:00+10:00'],
  ['2026-03-09T13:00:00Z', 'Pacific/Guadalcanal', '2026-03-10T00:00:00+11:00'],
  ['2026-03-09T18:15:00Z', 'Asia/Kathmandu', '2026-03-10T00:00:00+05:45'],
  ['2026-03-09T10:00:00Z', 'Pacific/Kiritimati', '2026-03-10T00:00:00+14:00'],
  ['2026-03-10T10:00:00Z', 'Pacific/Honolulu', '2026-03-10T00:00:00-10:00'],
  ['2026-03-10T00:00:00Z', 'UTC', '2026-03-10T00:00:00+00:00'],
  ['2026-01-01T00:00:00Z', 'UTC', '2026-01-01T00:00:00+00:00'],
];

describe('facility wall-clock time', () => {
  it.each(FACILITY_TIMES)('%s in %s is %s', (instant, zone, wall) => {
    const local = wall.slice(0, 19);
    const date = wall.slice(0, 10);
    const whole = Math.floor(Date.parse(instant) / 1000) * 1000;
    expect(formatZonedIso(instant, zone)).toBe(wall);
    expect(Date.parse(wall)).toBe(whole);
    expect(localDate(instant, zone)).toBe(date);
    expect(localDate(new Date(instant), zone)).toBe(date);
    expect(zonedLocalToIso(local, zone)).toBe(wall);
    expect(isoToZonedLocal(instant, zone)).toBe(local.slice(0, 16));
    if (local.endsWith(':00')) expect(zonedLocalToIso(local.slice(0, 16), zone)).toBe(wall);
    if (local.endsWith('T00:00:00')) {
      expect(localMidnight(date, zone).getTime()).toBe(whole);
      expect(localDate(localMidnight(date, zone), zone)).toBe(date);
    }
  });

  it('moves a wall time that does not exist (a daylight-saving gap) to a real instant', () => {
    const out = zonedLocalToIso('2026-03-29T02:30', 'Europe/Berlin')!;
    expect(isoToZonedLocal(out, 'Europe/Berlin')).toBe('2026-03-29T03:30');
  });

  it('dates a birth at 23:30 in Ha Noi on that day, not on the UTC day', () => {
    const iso = zonedLocalToIso('2026-01-31T23:30', 'Asia/Ho_Chi_Minh')!;
    expect(localDate(iso, 'Asia/Ho_Chi_Minh')).toBe('2026-01-31');
    expect(localDate(iso, 'UTC')).toBe('2026-01-31');
    expect(localDate(zonedLocalToIso('2026-02-01T05:00', 'Asia/Ho_Chi_Minh')!, 'UTC')).toBe('2026-01-31');
  });

  it('refuses text that is not a date-time', () => {
    expect(zonedLocalToIso('10/03/2026 02:15', 'Asia/Ho_Chi_Minh')).toBeNull();
  });
});
