import { listRolledUpSources } from './indicator-source-registry';
import { type RolledUpSource, rollupTables } from './indicator-sources';

/**
 * The day-grain rollup of a rolled-up source: its counts per (org unit at province level and above, day),
 * generated, kept and rebuilt like the monthly rollup (indicator-rollup-sql.ts) as a part of its own. A
 * range that cuts months reads its edge days here for a province, a country or the region, instead of
 * from the records of every facility below (the region's custom ranges took 0.4-3 s, BENCHMARKS.md).
 * Below the province the edge days stay a few index scans of the unit's own facilities.
 *
 * A source recounted from other tables (`recountOn`: KMC, coaching, screening) also keeps day rows of its
 * service points (facilities and communes): a recount takes the difference of a (facility, month) cell
 * from them, as the monthly rollup does from the facility's month row, and its edge days below the
 * province are read from them too (a district sums its service points' rows), since deriving them from
 * the records costs a recount's work at each request (a province's screening coverage: each woman's state
 * changes, BENCHMARKS.md). A source with a clock (postnatal follow-ups) has one too: its day rows count
 * a clock field as it will end, as its month rows do, and the engine corrects both by the open rows of its
 * clock table at the request's instant (indicator-engine.ts `clockPart`, over each cell's whole range), so
 * its edge days need no records either; only the month rollup keeps the clock table.
 */
export type DayRollup = RolledUpSource & { dayOf: RolledUpSource };

/** The org-unit kinds that have day rows in every day rollup. */
export const DAY_KINDS: ReadonlySet<string> = new Set(['region', 'country', 'province']);
export const DAY_KINDS_SQL = `('region', 'country', 'province')`;

/** Whether a day rollup also keeps rows of the service points (a recounted source's). */
export const keepsServicePoints = (day: DayRollup): boolean => Boolean(day.dayOf.recountOn);
const WITH_SERVICE_POINTS: ReadonlySet<string> = new Set([...DAY_KINDS, 'facility', 'commune']);
/** The org-unit kinds that have rows of their own in a day rollup. */
export const dayKindsOf = (day: DayRollup): ReadonlySet<string> =>
  keepsServicePoints(day) ? WITH_SERVICE_POINTS : DAY_KINDS;
/** The same as SQL: `(kind, …)`. */
export const dayKindsSql = (day: DayRollup): string =>
  `(${[...dayKindsOf(day)].map((k) => `'${k}'`).join(', ')})`;

const views = new WeakMap<RolledUpSource, DayRollup>();

/**
 * Which day rollups the engine reads: all of them (the app), those of the recounted sources too or not,
 * those of the sources with a clock too or not (before the postnatal follow-ups had one), or none.
 */
export type DayRollupReads = 'all' | 'not recounted' | 'not clocked' | 'none';
let reads: DayRollupReads = 'all';
/**
 * The day rollup the engine reads a source's edge days from (always its day rollup, in the app): the
 * benchmark switches them off, or off for the recounted sources only, and on in one run to time the same
 * requests each way (`bench:indicators --http --day-rollup-ab`).
 */
export const readDayRollupOf = (source: RolledUpSource): DayRollup | undefined =>
  reads === 'all' ||
  (reads === 'not recounted' && !source.recountOn) ||
  (reads === 'not clocked' && !source.clock)
    ? dayRollupOf(source)
    : undefined;
export function setDayRollupReads(which: DayRollupReads): void {
  reads = which;
}

/** The day rollup of a source (`ind_<id>_day`): every rolled-up source has one. */
export function dayRollupOf(source: RolledUpSource): DayRollup | undefined {
  let view = views.get(source);
  if (!view) {
    const id = `${source.id}_day`;
    const own = new RegExp(`\\bind_${source.id}_(?!day\\b|day_)`, 'g');
    view = {
      ...source,
      ...rollupTables(id),
      id,
      table: `ind_${id}`,
      // No disaggregation by day.
      disaggTable: '',
      dimensions: {},
      // The source's extra triggers (a delivery's mode change moves its babies) under names of its own.
      extraSql: source.extraSql && ((b) => source.extraSql!(b).map((sql) => sql.replace(own, `ind_${id}_`))),
      dayOf: source,
    };
    views.set(source, view);
  }
  return view;
}

export const isDayRollup = (s: RolledUpSource): s is DayRollup => 'dayOf' in s;

/** Every rollup to keep and rebuild: each rolled-up source, then its day rollup. */
export const listRollups = (sources: readonly RolledUpSource[] = listRolledUpSources()): RolledUpSource[] =>
  sources.flatMap((s) => (isDayRollup(s) ? [s] : [s, ...(dayRollupOf(s) ? [dayRollupOf(s)!] : [])]));

export const findRollup = (id: string): RolledUpSource | undefined => listRollups().find((s) => s.id === id);
