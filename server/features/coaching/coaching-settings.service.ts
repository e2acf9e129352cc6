import type { Principal } from '../../../shared/auth/principal';
import type { CoachingSettings } from '../../../shared/coaching/coaching.schema';
import { DEFAULT_COVERAGE_YEARS } from '../../../shared/coaching/coaching-values';
import {
  DEFAULT_LOW_BAND_PERCENT,
  DEFAULT_PASSING_PERCENT,
} from '../../../shared/coaching/checklist-scoring';
import { validationError, versionConflict } from '../../../shared/errors';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { getCountryToConfigure } from '../births/country-settings-access';

const settingsSubject = auditSubject('coaching_settings');

/** A country's coaching settings; version 0 while it has the defaults. */
export async function getCoachingSettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
): Promise<CoachingSettings> {
  await getCountryToConfigure(deps.db, principal, countryId);
  const [row] = await deps.db.query<{
    coverage_years: number;
    passing_percent: number;
    low_band_percent: number;
    introduced_from_coaching: boolean;
    version: number;
  }>(
    `select coverage_years, passing_percent, low_band_percent, introduced_from_coaching, version
       from coaching_settings where country_id = $1`,
    [countryId],
  );
  return {
    countryId,
    coverageYears: row?.coverage_years ?? DEFAULT_COVERAGE_YEARS,
    passingPercent: row?.passing_percent ?? DEFAULT_PASSING_PERCENT,
    lowBandPercent: row?.low_band_percent ?? DEFAULT_LOW_BAND_PERCENT,
    introducedFromCoaching: row?.introduced_from_coaching ?? false,
    version: row?.version ?? 0,
  };
}

/**
 * Changes the coverage window, the checklist bands and where the ladder's "introduced" comes from; the
 * indicators use them at the next query (a trigger of migration 0086 refreshes the ladder and the rollups
 * of the country's facilities whose dates moved, in this transaction).
 */
export async function updateCoachingSettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  input: {
    version: number;
    coverageYears: number;
    passingPercent?: number;
    lowBandPercent?: number;
    introducedFromCoaching?: boolean;
  },
): Promise<CoachingSettings> {
  await getCountryToConfigure(deps.db, principal, countryId);
  const before = await getCoachingSettings(deps, principal, countryId);
  if (before.version !== input.version) throw versionConflict(input.version, before.version);
  const passing = input.passingPercent ?? before.passingPercent;
  const low = input.lowBandPercent ?? before.lowBandPercent;
  const fromCoaching = input.introducedFromCoaching ?? before.introducedFromCoaching;
  if (low >= passing) throw validationError([{ path: 'lowBandPercent', message: 'coaching.bandsOrder' }]);
  await deps.db.transaction(async (tx) => {
    const rows = await tx.query(
      `insert into coaching_settings (country_id, coverage_years, passing_percent, low_band_percent,
         introduced_from_coaching, version, updated_at, updated_by)
       values ($1, $2, $6, $7, $8, 1, $4, $5)
       on conflict (country_id) do update set coverage_years = $2, passing_percent = $6, low_band_percent = $7,
         introduced_from_coaching = $8, version = coaching_settings.version + 1, updated_at = $4, updated_by = $5
         where coaching_settings.version = $3
       returning version`,
      [
        countryId,
        input.coverageYears,
        input.version,
        deps.clock.now(),
        principal.userId,
        passing,
        low,
        fromCoaching,
      ],
    );
    if (rows.length !== 1) throw versionConflict(input.version, before.version);
    await auditChange(tx, principal, 'update', settingsSubject(countryId, countryId), {
      before: {
        coverageYears: before.coverageYears,
        passingPercent: before.passingPercent,
        lowBandPercent: before.lowBandPercent,
        introducedFromCoaching: before.introducedFromCoaching,
      },
      after: {
        coverageYears: input.coverageYears,
        passingPercent: passing,
        lowBandPercent: low,
        introducedFromCoaching: fromCoaching,
      },
    });
  });
  return getCoachingSettings(deps, principal, countryId);
}
