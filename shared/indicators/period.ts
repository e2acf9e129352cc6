import type { ValueOf } from '../closed-set';
import { z } from 'zod';

/**
 * Reporting periods. Everything is a closed range of calendar dates (`YYYY-MM-DD`, the local date of the
 * facility, as stored in `birth_date`). Standard periods: a year `2024`, a quarter `2024Q1`, a month
 * `202403`; any other range is `custom` (from/to). Pure: no clock.
 */
export const PeriodKind = { year: 'year', quarter: 'quarter', month: 'month', custom: 'custom' } as const;
export type PeriodKind = ValueOf<typeof PeriodKind>;

export type Period = {
  kind: PeriodKind;
  /** `2024`, `2024Q1`, `202403`, or `2024-01-05..2024-02-10` for a custom range. */
  id: string;
  from: string;
  to: string;
};

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;
/** Longest custom range accepted (about 30 years): protects the raw-table fallbacks. */
export const MAX_PERIOD_DAYS = 11_000;

export const pad2 = (n: number) => String(n).padStart(2, '0');
const isoOf = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whole days from the epoch; date arithmetic without time zones. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
export function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}
export const addDays = (iso: string, days: number) => fromDayNumber(dayNumber(iso) + days);

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** First day of the month of a date. */
export const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;
export function monthEnd(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return isoOf(y, m, daysInMonth(y, m));
}
/** First day of the month `n` months after the month of `iso` (n may be negative). */
export function addMonths(iso: string, n: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return isoOf(yy, mm + 1, 1);
}

export function yearPeriod(y: number): Period {
  return { kind: 'year', id: String(y), from: isoOf(y, 1, 1), to: isoOf(y, 12, 31) };
}
export function quarterPeriod(y: number, q: number): Period {
  const m1 = (q - 1) * 3 + 1;
  return {
    kind: 'quarter',
    id: `${y}Q${q}`,
    from: isoOf(y, m1, 1),
    to: isoOf(y, m1 + 2, daysInMonth(y, m1 + 2)),
  };
}
export function monthPeriod(y: number, m: number): Period {
  return { kind: 'month', id: `${y}${pad2(m)}`, from: isoOf(y, m, 1), to: isoOf(y, m, daysInMonth(y, m)) };
}
/**
 * A calendar grain whose counts a definition may give a variant of (`byGrain`, definitions.ts): counts
 * that do not add up over months, such as distinct health workers coached in a quarter.
 */
export const CALENDAR_GRAINS = ['quarter', 'year'] as const;
export type CalendarGrain = (typeof CALENDAR_GRAINS)[number];

/** The calendar grain a range of days is exactly (a calendar quarter or year), or null. */
export function calendarGrainOf(from: string, to: string): CalendarGrain | null {
  const y = Number(from.slice(0, 4));
  const year = yearPeriod(y);
  if (from === year.from && to === year.to) return 'year';
  const m = Number(from.slice(5, 7));
  if ((m - 1) % 3 !== 0) return null;
  const quarter = quarterPeriod(y, (m - 1) / 3 + 1);
  return from === quarter.from && to === quarter.to ? 'quarter' : null;
}
/**
 * How a count that does not add up over months (`byGrain`) is read for a range of days: from a calendar
 * quarter's or year's own rows, from the month rows for exactly one calendar month (`month`), and over the
 * whole range for any other (`range`: several months, days cutting months, across a year).
 */
export function countGrainOf(from: string, to: string): CalendarGrain | 'month' | 'range' {
  return (
    calendarGrainOf(from, to) ?? (from === monthStart(from) && to === monthEnd(from) ? 'month' : 'range')
  );
}
export function customPeriod(from: string, to: string): Period {
  return { kind: 'custom', id: `${from}..${to}`, from, to };
}

export type PeriodProblem = 'period.format' | 'period.range' | 'period.order' | 'period.tooLong';

/**
 * Parses `2024`, `2024Q1`, `202403`, or `YYYY-MM-DD..YYYY-MM-DD`. A custom range that is exactly a
 * standard period is returned as that period (so it compares with the right previous period).
 */
export function parsePeriod(text: string): Period | PeriodProblem {
  const s = text.trim();
  let m: RegExpExecArray | null;
  const yearOk = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;
  if ((m = /^(\d{4})$/.exec(s))) {
    const y = Number(m[1]);
    return yearOk(y) ? yearPeriod(y) : 'period.range';
  }
  if ((m = /^(\d{4})Q([1-4])$/i.exec(s))) {
    const y = Number(m[1]);
    return yearOk(y) ? quarterPeriod(y, Number(m[2])) : 'period.range';
  }
  if ((m = /^(\d{4})(\d{2})$/.exec(s))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return 'period.format';
    return yearOk(y) ? monthPeriod(y, mo) : 'period.range';
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s))) return periodFromRange(m[1]!, m[2]!);
  return 'period.format';
}

/** A period from two dates: standard when the range is exactly one, custom otherwise. */
export function periodFromRange(from: string, to: string): Period | PeriodProblem {
  if (!isIsoDate(from) || !isIsoDate(to)) return 'period.format';
  const y1 = Number(from.slice(0, 4));
  const y2 = Number(to.slice(0, 4));
  if (y1 < MIN_YEAR || y2 > MAX_YEAR) return 'period.range';
  if (from > to) return 'period.order';
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_PERIOD_DAYS) return 'period.tooLong';
  return standardize(customPeriod(from, to));
}

function standardize(p: Period): Period {
  const y = Number(p.from.slice(0, 4));
  const mo = Number(p.from.slice(5, 7));
  if (p.from.slice(8) !== '01' || p.to !== monthEnd(p.to)) return p;
  const months = monthsBetween(p.from, p.to);
  if (months === 1) return monthPeriod(y, mo);
  if (months === 3 && (mo - 1) % 3 === 0) return quarterPeriod(y, (mo - 1) / 3 + 1);
  if (months === 12 && mo === 1) return yearPeriod(y);
  return p;
}

/** Number of calendar months from the month of `from` to the month of `to`, both included. */
export function monthsBetween(from: string, to: string): number {
  return (
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7)) +
    1
  );
}

/** The period just before, of the same kind and length (a custom range: the same number of days). */
export function previousPeriod(p: Period): Period {
  const y = Number(p.from.slice(0, 4));
  const mo = Number(p.from.slice(5, 7));
  switch (p.kind) {
    case 'year':
      return yearPeriod(y - 1);
    case 'quarter': {
      const q = (mo - 1) / 3 + 1;
      return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
    }
    case 'month':
      return mo === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, mo - 1);
    case 'custom': {
      const days = dayNumber(p.to) - dayNumber(p.from) + 1;
      return customPeriod(addDays(p.from, -days), addDays(p.from, -1));
    }
  }
}

/** True for a month, quarter or year: what partner viewers may ask for (custom ranges allow differencing). */
export const isStandardPeriod = (p: Period) => p.kind !== 'custom';

/** Whether a period is made of whole calendar months (every standard period; a range from a 1st to a month's end). */
export const isWholeMonths = (p: Period) => p.from === monthStart(p.from) && p.to === monthEnd(p.to);

/**
 * How a date range is answered: whole months from the rollup (`months`: first days of the first and last
 * whole month, or null when none), and the remaining days (at most two ranges) from the raw records.
 */
export type WindowSplit = { months: [string, string] | null; edges: Array<[string, string]> };

export function splitWindow(from: string, to: string): WindowSplit {
  const firstWhole = from === monthStart(from) ? from : addMonths(from, 1);
  const lastWholeStart = to === monthEnd(to) ? monthStart(to) : addMonths(to, -1);
  if (firstWhole > lastWholeStart) return { months: null, edges: [[from, to]] };
  const edges: Array<[string, string]> = [];
  if (from < firstWhole) edges.push([from, addDays(firstWhole, -1)]);
  const afterLast = addMonths(lastWholeStart, 1);
  if (afterLast <= to) edges.push([afterLast, to]);
  return { months: [firstWhole, lastWholeStart], edges };
}

/** One point of a monthly trend: the part of a calendar month that lies inside the trend window. */
export type TrendPoint = { month: string; from: string; to: string; partial: boolean };

/**
 * Months shown as a trend for a period: at least the 12 months ending with the period's last month, and
 * the whole period when it is longer. Points are clipped to the window, so they add up to it exactly.
 */
export function trendPoints(p: Period, minMonths = 12): TrendPoint[] {
  const start12 = addMonths(p.to, -(minMonths - 1));
  const from = p.from < start12 ? p.from : start12;
  const points: TrendPoint[] = [];
  for (let m = monthStart(from); m <= p.to; m = addMonths(m, 1)) {
    const a = m < from ? from : m;
    const e = monthEnd(m);
    const b = e > p.to ? p.to : e;
    points.push({ month: m.slice(0, 7), from: a, to: b, partial: a !== m || b !== e });
  }
  return points;
}

/** Standard periods of a kind covering a date range (for grids such as every quarter of 2015–2024). */
export function periodsBetween(kind: Exclude<PeriodKind, 'custom'>, from: string, to: string): Period[] {
  const out: Period[] = [];
  const step = kind === 'year' ? 12 : kind === 'quarter' ? 3 : 1;
  let m = monthStart(from);
  if (kind === 'year') m = `${from.slice(0, 4)}-01-01`;
  if (kind === 'quarter') {
    const mo = Number(from.slice(5, 7));
    m = `${from.slice(0, 4)}-${pad2(mo - ((mo - 1) % 3))}-01`;
  }
  for (; m <= to; m = addMonths(m, step)) {
    const y = Number(m.slice(0, 4));
    const mo = Number(m.slice(5, 7));
    out.push(
      kind === 'year'
        ? yearPeriod(y)
        : kind === 'quarter'
          ? quarterPeriod(y, (mo - 1) / 3 + 1)
          : monthPeriod(y, mo),
    );
  }
  return out;
}

/** Query-string form shared by the API and the web: `period=2024Q1` or `from=…&to=…`. */
export const PeriodQuerySchema = z.object({
  period: z.string().max(30).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
});
export type PeriodQuery = z.infer<typeof PeriodQuerySchema>;

/** The period of a query, or the problem with it (`path` names the parameter at fault). */
export function periodOfQuery(q: PeriodQuery): { period: Period } | { path: string; message: PeriodProblem } {
  if (q.period !== undefined) {
    const p = parsePeriod(q.period);
    return typeof p === 'string' ? { path: 'period', message: p } : { period: p };
  }
  if (q.from === undefined || q.to === undefined)
    return { path: q.from === undefined ? 'from' : 'to', message: 'period.format' };
  const p = periodFromRange(q.from, q.to);
  return typeof p === 'string' ? { path: p === 'period.order' ? 'to' : 'from', message: p } : { period: p };
}
