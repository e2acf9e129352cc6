import type { Queryable } from '../../db/db';

/** SQL of a facility's "offers KMC" declaration (migration 0097, shared/kmc/kmc-readiness.ts). */

export type ReadinessRow = {
  offers_kmc: boolean;
  offered_since: string | null;
  places: string[];
  provides_special_care: boolean | null;
  version: number;
  updated_at: Date | string;
};

export type ReadinessValues = {
  offersKmc: boolean;
  offeredSince: string | null;
  places: readonly string[];
  providesSpecialCare: boolean | null;
};

/** The declaration, locked when `forUpdate` (a write reads the version it checks). */
export async function findReadinessRow(
  q: Queryable,
  facilityId: string,
  forUpdate = false,
): Promise<ReadinessRow | undefined> {
  const [row] = await q.query<ReadinessRow>(
    `select r.offers_kmc, to_char(r.offered_since, 'YYYY-MM-DD') as offered_since, r.places, r.provides_special_care, r.version,
            r.updated_at
       from kmc_facility_readiness r
      where r.facility_id = $1 ${forUpdate ? 'for update' : ''}`,
    [facilityId],
  );
  return row;
}

/** The first declaration; false when one was written meanwhile (the caller answers 409). */
export async function insertReadinessRow(
  q: Queryable,
  facilityId: string,
  v: ReadinessValues,
  actorId: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `insert into kmc_facility_readiness
       (facility_id, offers_kmc, offered_since, places, provides_special_care, created_at, updated_at,
        created_by, updated_by)
     values ($1, $2, $3, $4, $7, $5, $5, $6, $6)
     on conflict (facility_id) do nothing
     returning 1`,
    [facilityId, v.offersKmc, v.offeredSince, v.places, now, actorId, v.providesSpecialCare],
  );
  return rows.length === 1;
}

/** A later declaration on the version read; false when it is stale. */
export async function updateReadinessRow(
  q: Queryable,
  facilityId: string,
  version: number,
  v: ReadinessValues,
  actorId: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update kmc_facility_readiness
        set offers_kmc = $3, offered_since = $4, places = $5, provides_special_care = $8, version = version + 1,
            updated_at = $6, updated_by = $7
      where facility_id = $1 and version = $2
      returning 1`,
    [facilityId, version, v.offersKmc, v.offeredSince, v.places, now, actorId, v.providesSpecialCare],
  );
  return rows.length === 1;
}
