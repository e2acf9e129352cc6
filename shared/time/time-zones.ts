/**
 * Time-zone arithmetic shared by the birth form, the CSV import/export, local dates and the PNC
 * schedule: one cached Intl formatter per zone (building one costs about 0.1 ms, formatting a few µs).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in minutes (positive east of Greenwich). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const p: Record<string, string> = {};
  for (const part of formatOf(timeZone).formatToParts(ms)) p[part.type] = part.value;
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An offset in minutes as `+07:00` / `-03:30`. */
export function formatOffset(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wall-clock time of an instant in a zone, `YYYY-MM-DDTHH:MM:SS`, and the offset used. */
export function wallClock(ms: number, timeZone: string): { local: string; offsetMinutes: number } {
  const offsetMinutes = zoneOffsetMinutes(ms, timeZone);
  return { local: new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19), offsetMinutes };
}

/**
 * The instant (epoch ms) of a wall-clock time in a zone, given as epoch ms read as if it were UTC. Two
 * passes settle the offset around a daylight-saving change (the region's zones have none).
 */
export function instantOfWallClock(wallAsUtc: number, timeZone: string): number {
  const first = wallAsUtc - zoneOffsetMinutes(wallAsUtc, timeZone) * 60_000;
  return wallAsUtc - zoneOffsetMinutes(first, timeZone) * 60_000;
}
