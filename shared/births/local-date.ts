const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: a birth at 23:30 in Hà Nội is dated there, not in UTC. */
export function localDate(instant: string | Date, timeZone: string): string {
  // Building a DateTimeFormat costs about 0.1 ms; reusing one per zone makes this about 100 times cheaper,
  // which matters when a bulk import dates a million births.
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
