import type { Db, Queryable } from '../db/db';
import { generateCoachingProgramme } from '../features/coaching/coaching-programme.seed';
import { refreshFacilityRollups } from '../features/indicators/indicator-schema';
import { findRolledUpSource } from '../features/indicators/indicator-source-registry';
import { generateKmc, generateKmcFollowUp, type KmcFollowUpSummary } from '../features/kmc/kmc-programme';

/**
 * The parts of the synthetic programme generated after its births, which a data set generated before
 * they existed can be given later (`npm run seed -- --scale programme --add kmc,coaching`, programme-add.ts)
 * with the same rows as a generation that had them from the start.
 */
export const PROGRAMME_PARTS = ['kmc', 'coaching'] as const;
export type ProgrammePart = (typeof PROGRAMME_PARTS)[number];

/**
 * The rolled-up sources whose facts read what the KMC generator writes: episodes, daily logs, the KMC
 * follow-up contacts and the postnatal subjects they update. (The newborn source does not read the
 * `kmc_follow_up` marker it sets; the tests compare every rollup with a rebuild.)
 */
const KMC_ROLLED_UP = ['kmc', 'pnc_subject', 'pnc_contact'];
export const kmcRolledUpSources = () =>
  KMC_ROLLED_UP.map((id) => findRolledUpSource(id)).filter((s) => s !== undefined);

export type ProgrammeKmcSummary = { kmcEpisodes: number; kmcFollowUp: KmcFollowUpSummary };
export type ProgrammeKmcProgress = ProgrammeKmcSummary & { facilities: number };

/**
 * KMC episodes, logs, discharges and follow-up contacts of the eligible live births of these facilities
 * born in `fromYear`–`toYear` (kmc-programme.ts), one transaction per `chunk` facilities with rollup
 * upkeep off. With `refresh`, each transaction recounts its facilities in the rollups that read KMC
 * before it commits, so they stay exact while the data set is in use; without it the caller rebuilds
 * every rollup afterwards (a generation from scratch).
 */
export async function generateProgrammeKmc(
  db: Db,
  o: {
    facilityIds: readonly string[];
    fromYear: number;
    toYear: number;
    seed: number;
    chunk: number;
    refresh: boolean;
    log: (line: string) => void;
    /** Where an interrupted run stopped: facilities done (in `facilityIds`' order) and what they got. */
    resume?: ProgrammeKmcProgress;
    /** In each chunk's transaction: what is done so far (to resume from after an interruption). */
    onChunk?: (tx: Queryable, progress: ProgrammeKmcProgress) => Promise<unknown>;
  },
): Promise<ProgrammeKmcSummary> {
  const range = {
    from: `${o.fromYear}-01-01`,
    to: `${o.toYear}-12-31`,
    dataEnd: `${o.toYear}-12-31`,
    seed: o.seed,
  };
  const sources = kmcRolledUpSources();
  let total: ProgrammeKmcSummary = o.resume
    ? { kmcEpisodes: o.resume.kmcEpisodes, kmcFollowUp: o.resume.kmcFollowUp }
    : { kmcEpisodes: 0, kmcFollowUp: { graduated: 0, inFollowUp: 0, contacts: 0 } };
  const started = Date.now();
  for (let i = o.resume?.facilities ?? 0; i < o.facilityIds.length; i += o.chunk) {
    const facilityIds = o.facilityIds.slice(i, i + o.chunk);
    total = await db.transaction(async (tx) => {
      await tx.query("select set_config('openeenc.rollups', 'off', true)");
      await tx.query("select set_config('jit', 'off', true)");
      const episodes = await generateKmc(tx, { ...range, facilityIds });
      const followUp = await generateKmcFollowUp(tx, { ...range, facilityIds });
      await tx.query("select set_config('openeenc.rollups', '', true)");
      if (o.refresh) await refreshFacilityRollups(tx, sources, facilityIds);
      const sum: ProgrammeKmcSummary = {
        kmcEpisodes: total.kmcEpisodes + episodes,
        kmcFollowUp: {
          graduated: total.kmcFollowUp.graduated + followUp.graduated,
          inFollowUp: total.kmcFollowUp.inFollowUp + followUp.inFollowUp,
          contacts: total.kmcFollowUp.contacts + followUp.contacts,
        },
      };
      await o.onChunk?.(tx, { ...sum, facilities: i + facilityIds.length });
      return sum;
    });
    const done = Math.min(i + o.chunk, o.facilityIds.length);
    if (done === o.facilityIds.length || (i / o.chunk) % 10 === 9)
      o.log(
        `KMC: ${done}/${o.facilityIds.length} facilities, ${total.kmcEpisodes.toLocaleString('en')} episodes, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  }
  return total;
}

/** A facility of the programme as the parts need it (programme.ts's units). */
type PartFacility = { id: string; path: string; weight?: number; introduced: string | null };

export type ProgrammeCoachingSummary = {
  healthWorkers: number;
  coachingCourses: number;
  coachingParticipants: number;
  coachingChecklists: number;
};

/**
 * Health workers, courses and checklists (coaching-programme.seed.ts): `healthWorkers` spread over the
 * facilities by their size (the births generator's weight), coverage rising after each facility's
 * introduction date.
 */
export async function generateProgrammeCoaching(
  db: Db,
  facilities: readonly PartFacility[],
  o: { healthWorkers: number; toYear: number },
  rollups: 'live' | 'off' = 'live',
): Promise<ProgrammeCoachingSummary> {
  const wsum = facilities.reduce((s, f) => s + f.weight!, 0);
  const c = await generateCoachingProgramme(
    db,
    facilities.map((f) => ({
      id: f.id,
      countryId: f.path.split('/')[2]!,
      workers: Math.round((f.weight! / wsum) * o.healthWorkers),
      introduced: f.introduced,
    })),
    `${o.toYear}-12-31`,
    rollups,
  );
  return {
    healthWorkers: c.workers,
    coachingCourses: c.courses,
    coachingParticipants: c.participants,
    coachingChecklists: c.checklists,
  };
}
