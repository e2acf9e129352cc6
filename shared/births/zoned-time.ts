import { formatOffset, instantOfWallClock, wallClock } from '../time/time-zones';

/**
 * A wall-clock time at a facility ("2026-03-10T02:15", as a datetime-local input gives it) as an ISO
 * instant with the facility's offset, whatever time zone the device is in.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const offset = Math.round((wall - instantOfWallClock(wall, timeZone)) / 60_000);
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${formatOffset(offset)}`;
}

/** The facility's wall-clock time of an instant, in the datetime-local format ("2026-03-10T02:15"). */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  return wallClock(Date.parse(iso), timeZone).local.slice(0, 16);
}
