import type { Db } from '../db/db';
import { rebuildRollups } from '../features/indicators/indicator-schema';
import { type CountrySpec, generateBirths, PROGRAMME_COUNTRIES, type ProgrammeUnit } from './programme';

const LEVEL_WEIGHT: Record<string, number> = {
  central: 6,
  provincial: 4,
  district: 1.5,
  private: 1,
  commune: 0.3,
};

/**
 * Demo births for the demo facilities (first `npm start`): about 3,000 deliveries over the 24 whole
 * months before today, generated like the synthetic programme, so that the dashboard shows numbers.
 */
export async function seedDemoBirths(db: Db, now: Date, total = 3000): Promise<void> {
  const rows = await db.query<{
    id: string;
    code: string;
    timezone: string;
    facility_level: string | null;
    eenc_introduced_on: string | null;
  }>(
    `select id, code, timezone, facility_level, eenc_introduced_on from org_units
      where provides_births and active and kind in ('facility', 'commune') and code not like 'SYN-%' order by code`,
  );
  if (rows.length === 0) return;
  const specs: CountrySpec[] = [...PROGRAMME_COUNTRIES];
  const facilities: ProgrammeUnit[] = rows.map((r, i) => {
    const ci = Math.max(
      0,
      specs.findIndex((c) => r.code.startsWith(`${c.code}-`)),
    );
    return {
      id: r.id,
      code: r.code,
      name: r.code,
      kind: 'facility',
      parentId: '',
      path: '',
      level: 0,
      tz: r.timezone,
      facilityLevel: r.facility_level,
      birthsPerYear: null,
      introduced: r.eenc_introduced_on,
      teamFormed: null,
      weight: LEVEL_WEIGHT[r.facility_level ?? 'district'] ?? 1,
      country: ci,
      base: 0.15 + (i % 5) * 0.04,
      target: 0.8 + (i % 4) * 0.04,
    };
  });
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 24, 1));
  const months = Array.from({ length: 24 }, (_, i) =>
    new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1)).toISOString().slice(0, 10),
  );
  const [maxK] = await db.query<{ k: number | null }>(
    "select max(substr(mother_record_number, 2)::bigint) as k from births where mother_record_number ~ '^G[0-9]+$'",
  );
  const lastDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10);
  await generateBirths(db, {
    facilities,
    countrySpecs: specs,
    months,
    total,
    seed: 7,
    startK: Number(maxK?.k ?? 0),
    now,
    dataEnd: lastDay,
    log: () => {},
  });
  await db.transaction((tx) => rebuildRollups(tx));
}
