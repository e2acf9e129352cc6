/**
 * A day as a number: whole days since 1970-01-01 (UTC). Facility timelines give their event days so
 * (indicator-sources.ts, `FacilityTimeline`), and the engine compares them with a cell's first and last
 * days as numbers: no date text to build in SQL or to sort and compare as strings in JavaScript.
 */
const EPOCH = `date '1970-01-01'`;
const MS_PER_DAY = 86_400_000;

/** SQL of a date expression's day number. */
export const dayNumberSql = (date: string) => `(${date} - ${EPOCH})`;

/** The day number of an ISO day (`YYYY-MM-DD`). */
export const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
