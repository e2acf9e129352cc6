import type { Queryable } from '../../db/db';

/** A country's stored PNC settings (`country_settings.pnc`: what differs from the defaults). */
export async function findStoredPncSettings(
  q: Queryable,
  countryId: string,
): Promise<{ pnc: Record<string, unknown>; pnc_version: number } | undefined> {
  const [row] = await q.query<{ pnc: Record<string, unknown>; pnc_version: number }>(
    'select pnc, pnc_version from country_settings where country_id = $1',
    [countryId],
  );
  return row;
}

/** Stores a country's PNC settings at version 1, or raises their version. */
export async function savePncSettings(
  q: Queryable,
  p: { countryId: string; settings: unknown; at: Date; userId: string },
): Promise<void> {
  await q.query(
    `insert into country_settings (country_id, pnc, pnc_version, updated_at, updated_by)
     values ($1, $2::jsonb, 1, $3, $4)
     on conflict (country_id) do update set pnc = excluded.pnc, pnc_version = country_settings.pnc_version + 1,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [p.countryId, JSON.stringify(p.settings), p.at, p.userId],
  );
}
