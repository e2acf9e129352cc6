import { listRolledUpSources } from './indicator-source-registry';
import { type RolledUpSource, rollupTables } from './indicator-sources';

/**
 * The day-grain rollup of a rolled-up source: its counts per (org unit at province level and above, day),
 * generated, kept and rebuilt like the monthly rollup (indicator-rollup-sql.ts) as a part of its own. A
 * range that cuts months reads its edge days here for a province, a country or the region, instead of
 * from the records of every facility below (the region's custom ranges took 0.4-3 s, BENCHMARKS.md).
 * Below the province the edge days stay a few index scans of the unit's own facilities.
 *
 * Only sources whose facts follow their own rows (delta triggers): a source recounted from other tables
 * (`recountOn`: postnatal care, KMC) has no stored day rows to take a recount's difference from, and
 * stays deferred above the province over ranges that cut months (indicators.service.ts).
 */
export type DayRollup = RolledUpSource & { dayOf: RolledUpSource };

/** The org-unit kinds that have day rows. */
export const DAY_KINDS: ReadonlySet<string> = new Set(['region', 'country', 'province']);
export const DAY_KINDS_SQL = `('region', 'country', 'province')`;

const views = new WeakMap<RolledUpSource, DayRollup>();

let reads = true;
/**
 * Whether the engine reads edge days from the day rollups (always, in the app): the benchmark switches it
 * off and on in one run to time the same requests both ways (`bench:indicators --http --day-rollup-ab`).
 */
export const readsDayRollups = () => reads;
export function setDayRollupReads(on: boolean): void {
  reads = on;
}

/** The day rollup of a source (`ind_<id>_day`), or undefined when the source has none. */
export function dayRollupOf(source: RolledUpSource): DayRollup | undefined {
  if (source.recountOn || source.clock) return undefined;
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
