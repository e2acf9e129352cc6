import { zoneOffsetMinutes } from '../time/time-zones';

const DAY = 86_400_000;
/** Per zone and UTC day: the zone's offset in minutes that day, or null when it changes during the day. */
const dayOffsets = new Map<string, Map<number, number | null>>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: a birth at 23:30 in Hà Nội is dated there, not in UTC. */
export function localDate(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  // Intl formatting costs microseconds (and building a formatter 0.1 ms): a bulk import dates a
  // million births. The zone's offset is looked up once per UTC day and reused for every instant of
  // that day, unless the offset changes during it (a daylight-saving day takes each instant's own offset).
  const day = Math.floor(ms / DAY);
  let offsets = dayOffsets.get(timeZone);
  if (!offsets || offsets.size > 100_000) {
    offsets = new Map();
    dayOffsets.set(timeZone, offsets);
  }
  let offset = offsets.get(day);
  if (offset === undefined) {
    const start = zoneOffsetMinutes(day * DAY, timeZone);
    offset = start === zoneOffsetMinutes((day + 1) * DAY - 1, timeZone) ? start : null;
    offsets.set(day, offset);
  }
  const minutes = offset ?? zoneOffsetMinutes(ms, timeZone);
  return new Date(ms + minutes * 60_000).toISOString().slice(0, 10);
}
