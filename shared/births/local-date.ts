import { zoneOffsetMinutes } from '../time/time-zones';

const DAY = 86_400_000;
const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** Per zone and UTC day: the zone's offset in minutes that day, or null when it changes during the day. */
const dayOffsets = new Map<string, Map<number, number | null>>();

function formatOf(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, withTime: boolean) {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}),
    });
    cache.set(timeZone, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: a birth at 23:30 in Hà Nội is dated there, not in UTC. */
export function localDate(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  // Intl formatting costs microseconds (and building a formatter 0.1 ms): a bulk import dates a
  // million births. The zone's offset is looked up once per UTC day and reused for every instant of
  // that day, unless the offset changes during it (a daylight-saving day is formatted instant by instant).
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
  if (offset !== null) return new Date(ms + offset * 60_000).toISOString().slice(0, 10);
  const parts = formatOf(dateFormats, timeZone, false).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
