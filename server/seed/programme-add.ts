import type { Db } from '../db/db';
import { markRollupsPending, rebuildPendingRollups } from '../features/indicators/indicator-schema';
import { type ProgrammeOptions, programmeTree } from './programme';
import {
  generateProgrammeCoaching,
  generateProgrammeKmc,
  kmcRolledUpSources,
  PROGRAMME_PARTS,
  type ProgrammeKmcProgress,
  type ProgrammePart,
} from './programme-parts';

/** Facilities per transaction when KMC is added to a data set in use (a few seconds each at 4,000,000 births). */
const ADD_CHUNK = 25;

type RollupUpkeep = 'recount' | 'rebuild';

/** Why nothing was added: no programme, parts already there, or a part that does not exist. */
export class ProgrammeAddRefused extends Error {}

/** Parses `kmc,coaching`: the parts named, each once, or a refusal naming the unknown ones. */
export function parseProgrammeParts(list: string): ProgrammePart[] {
  const names = [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = names.filter((n) => !(PROGRAMME_PARTS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new ProgrammeAddRefused(
      `unknown part(s) ${unknown.join(', ') || '(none given)'}: --add takes ${PROGRAMME_PARTS.join(', ')}`,
    );
  return names as ProgrammePart[];
}

/** Which parts the programme's facilities already have rows of. */
async function partsPresent(db: Db, facilityIds: string[]): Promise<ProgrammePart[]> {
  const [row] = await db.query<{ kmc: boolean; coaching: boolean }>(
    `select exists (select 1 from kmc_episodes where facility_id = any($1::uuid[])) as kmc,
            exists (select 1 from health_worker_postings where facility_id = any($1::uuid[]))
              or exists (select 1 from coaching_courses where venue_id = any($1::uuid[])) as coaching`,
    [facilityIds],
  );
  return PROGRAMME_PARTS.filter((p) => row?.[p]);
}

/**
 * Adds parts (KMC, coaching) to a synthetic programme generated without them (before they existed),
 * with the generator's own functions on the births already there: the same rows as a generation that
 * had them from the start with the options recorded in `synthetic_datasets`. Refuses, writing nothing,
 * when there is no programme or any of the parts is already there. KMC is written a few facilities per
 * transaction, each recounting its facilities in the rollups before it commits, so the data set can be
 * read (and written) meanwhile, and a run interrupted there resumes after its last commit; coaching (counted live) in one transaction. Records the counts in the
 * data set's summary and returns them.
 */
export async function addToProgramme(
  db: Db,
  parts: readonly ProgrammePart[],
  opts: {
    log?: (line: string) => void;
    chunk?: number;
    /**
     * `recount` (default): each KMC transaction recounts its facilities in the rollups before it commits.
     * `rebuild`: the rollups that read KMC are rebuilt online once KMC is written (much faster at
     * 4,000,000 births; until then they lag, then count the pending facilities from the records).
     */
    rollups?: RollupUpkeep;
  } = {},
): Promise<Record<string, unknown>> {
  const [dataset] = await db.query<{
    params: ProgrammeOptions;
    summary: { kmcAdding?: ProgrammeKmcProgress & { rollups?: RollupUpkeep } };
  }>("select params, summary from synthetic_datasets where name = 'programme'");
  if (!dataset)
    throw new ProgrammeAddRefused(
      'no synthetic programme in this database: generate one with npm run seed -- --scale programme',
    );
  const o = dataset.params;
  const facilities = programmeTree(o).filter((u) => u.kind === 'facility');
  const ids = facilities.map((f) => f.id);
  const [found] = await db.query<{ n: number }>(
    'select count(*)::int as n from org_units where id = any($1::uuid[])',
    [ids],
  );
  if (found?.n !== ids.length)
    throw new ProgrammeAddRefused(
      `the programme's facilities are not all in this database (${found?.n ?? 0} of ${ids.length})`,
    );
  // KMC added in part by a run that was interrupted is resumed where it stopped, not refused.
  const resume = dataset.summary.kmcAdding;
  const present = (await partsPresent(db, ids)).filter((p) => parts.includes(p) && !(p === 'kmc' && resume));
  // Rollups left behind by an interrupted run that was to rebuild them are rebuilt whatever this run's mode.
  const rollups: RollupUpkeep = resume?.rollups === 'rebuild' ? 'rebuild' : (opts.rollups ?? 'recount');
  if (present.length > 0)
    throw new ProgrammeAddRefused(`the programme already has ${present.join(' and ')}: nothing added`);
  const log = opts.log ?? (() => {});
  const started = Date.now();
  let added: Record<string, unknown> = {};
  if (parts.includes('kmc')) {
    if (resume) log(`resuming the KMC part after ${resume.facilities} facilities`);
    const kmc = await generateProgrammeKmc(db, {
      ...o,
      facilityIds: ids,
      chunk: opts.chunk ?? ADD_CHUNK,
      refresh: rollups === 'recount',
      log,
      ...(resume ? { resume } : {}),
      onChunk: (tx, progress) =>
        tx.query(
          "update synthetic_datasets set summary = summary || jsonb_build_object('kmcAdding', $1::jsonb) where name = 'programme'",
          [JSON.stringify({ ...progress, rollups })],
        ),
    });
    log(`KMC added in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (rollups === 'rebuild') {
      const t0 = Date.now();
      await markRollupsPending(db, kmcRolledUpSources());
      await rebuildPendingRollups(db, { log, sources: kmcRolledUpSources(), chunk: 50 });
      log(
        `rollups of ${kmcRolledUpSources()
          .map((x) => x.id)
          .join(', ')} rebuilt in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    added = { ...added, ...kmc };
  }
  if (parts.includes('coaching')) {
    const t0 = Date.now();
    const coaching = await generateProgrammeCoaching(db, facilities, o);
    log(`coaching added in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    added = { ...added, ...coaching };
  }
  // The KMC marker goes once KMC is complete (a coaching run beside an interrupted KMC run keeps it).
  await db.query(
    "update synthetic_datasets set summary = (summary - $2::text[]) || $1::jsonb where name = 'programme'",
    [JSON.stringify(added), parts.includes('kmc') ? ['kmcAdding'] : []],
  );
  return { ...added, seconds: Math.round((Date.now() - started) / 1000) };
}
