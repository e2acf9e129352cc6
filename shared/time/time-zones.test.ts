import { describe, expect, it } from 'vitest';
import { formatOffset, instantOfWallClock, wallClock, zoneOffsetMinutes } from './time-zones';

const at = (iso: string) => Date.parse(iso);

describe('time zones', () => {
  it.each([
    ['Asia/Ho_Chi_Minh', '2026-03-10T00:00:00Z', 420],
    ['Pacific/Chatham', '2026-07-01T00:00:00Z', 765], // +12:45 in the southern winter
    ['Asia/Kolkata', '2026-01-01T00:00:00Z', 330],
    ['America/St_Johns', '2026-01-15T12:00:00Z', -210], // -03:30
    ['America/St_Johns', '2026-07-15T12:00:00Z', -150], // -02:30 in summer time
    ['UTC', '2026-01-01T00:00:00Z', 0],
  ])('%s at %s is %i minutes from UTC', (zone, iso, minutes) => {
    expect(zoneOffsetMinutes(at(iso), zone)).toBe(minutes);
  });

  it('formats offsets with sign, hours and minutes', () => {
    expect([formatOffset(420), formatOffset(-210), formatOffset(0), formatOffset(765)]).toEqual([
      '+07:00',
      '-03:30',
      '+00:00',
      '+12:45',
    ]);
  });

  it('gives the wall clock of an instant and back, across a month end', () => {
    const ms = at('2026-01-31T20:30:00Z');
    expect(wallClock(ms, 'Asia/Ho_Chi_Minh')).toEqual({ local: '2026-02-01T03:30:00', offsetMinutes: 420 });
    expect(instantOfWallClock(at('2026-02-01T03:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe(ms);
  });

  it('settles the offset on both sides of a daylight-saving change', () => {
    // New York springs forward on 2026-03-08 at 02:00 (-05:00 → -04:00).
    expect(instantOfWallClock(at('2026-03-08T01:30:00Z'), 'America/New_York')).toBe(
      at('2026-03-08T06:30:00Z'),
    );
    expect(instantOfWallClock(at('2026-03-08T03:30:00Z'), 'America/New_York')).toBe(
      at('2026-03-08T07:30:00Z'),
    );
  });
});
