import { COACHING_CHECKLIST_SOURCE } from '../coaching/checklist-indicator-source';
import { COACHING_SOURCE } from '../coaching/coaching-indicator-source';
import {
  DELIVERY_SOURCE,
  type LiveSource,
  NEWBORN_SOURCE,
  PNC_CONTACT_SOURCE,
  PNC_SUBJECT_SOURCE,
  type RolledUpSource,
} from './indicator-sources';
import { KMC_INDICATOR_SOURCE } from '../kmc/kmc-indicator-source';
import { SCREENING_INDICATOR_SOURCE, SCREENING_RESULT_SOURCE } from '../screening/screening-indicator-source';
import { KMC_FACILITY_SOURCE } from '../kmc/kmc-facility-source';

/**
 * The indicator sources the server counts from records, by id. The engine, the generated rollup schema
 * (tables, triggers, functions and what to drop), the rebuild and the drill-down loop over this: a new
 * source (coaching sessions, KMC episodes) is one `registerIndicatorSource` call here, no edit elsewhere
 * (docs/indicators.md, "Adding a source"). The facility ladder (`facility`) is not a table of records and
 * stays a branch of the engine.
 */
export type IndicatorSource = RolledUpSource | LiveSource;

const sources = new Map<string, IndicatorSource>();

/** Adds a source; its id must be new. Rolled-up sources get their rollup at the next schema sync. */
export function registerIndicatorSource(source: IndicatorSource): void {
  if (sources.has(source.id)) throw new Error(`Indicator source ${source.id} is already registered`);
  if (!/^[a-z][a-z0-9_]*$/.test(source.id)) throw new Error(`Bad indicator source id ${source.id}`);
  sources.set(source.id, source);
}

/** Removes a source (tests that register a source of their own). */
export function unregisterIndicatorSource(id: string): void {
  sources.delete(id);
}

export const findIndicatorSource = (id: string): IndicatorSource | undefined => sources.get(id);

export const findRolledUpSource = (id: string): RolledUpSource | undefined => {
  const s = sources.get(id);
  return s?.kind === 'rolledUp' ? s : undefined;
};

/** The rolled-up sources in registration order (the order their SQL is generated and rebuilt in). */
export const listRolledUpSources = (): RolledUpSource[] =>
  [...sources.values()].filter((s): s is RolledUpSource => s.kind === 'rolledUp');

/** A source counted from its records (or their facility timeline) at each request. */
export const isLiveSource = (id: string): boolean => sources.get(id)?.kind === 'live';

/**
 * A live source counted from its records' LATERAL per cell and facility (seconds for a country's or
 * the region's dashboard at 4 million births), neither from a facility timeline (each facility read
 * once per request, whatever the number of cells: tens of milliseconds for the region) nor by each
 * cell's subtree at once (`subtreeFactTable`, one range of facts per cell; BENCHMARKS.md).
 */
export const isSlowLiveSource = (id: string): boolean => {
  const s = sources.get(id);
  return s?.kind === 'live' && !s.timeline && !s.subtreeFactTable;
};

/** A live source whose cells each read their subtree's facts of the range at once (`subtreeFactTable`). */
export const readsSubtreeFacts = (id: string): boolean => {
  const s = sources.get(id);
  return s?.kind === 'live' && s.subtreeFactTable !== undefined;
};

/**
 * Runs `fn` with a live source counted from its records (its LATERAL per cell and facility) instead of
 * its facility timeline: the tests and the benchmark compare the two ways.
 */
export async function withoutTimeline<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const source = sources.get(id);
  if (source?.kind !== 'live' || !source.timeline) throw new Error(`${id} has no facility timeline`);
  const { timeline: _timeline, ...records } = source;
  sources.set(id, records);
  try {
    return await fn();
  } finally {
    sources.set(id, source);
  }
}

for (const s of [
  NEWBORN_SOURCE,
  DELIVERY_SOURCE,
  PNC_SUBJECT_SOURCE,
  PNC_CONTACT_SOURCE,
  COACHING_SOURCE,
  KMC_INDICATOR_SOURCE,
  SCREENING_INDICATOR_SOURCE,
  KMC_FACILITY_SOURCE,
  COACHING_CHECKLIST_SOURCE,
  SCREENING_RESULT_SOURCE,
])
  registerIndicatorSource(s);
