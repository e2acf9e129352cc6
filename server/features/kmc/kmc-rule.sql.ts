import { SPECIAL_CARE_BELOW, type SpecialCareValue } from '../../../shared/kmc/kmc-rule';
import { KMC_FOLLOW_UP_MARKERS } from '../../../shared/pnc/pnc-settings';

/** The country of an org unit whose path is `path` (`/<root>/<country>/…`), as the database reads it. */
export const countryIdSql = (path: string) => `nullif(split_part(${path}, '/', 3), '')::uuid`;

/** The EENC settings in force for the org unit whose path is `path`: the defaults under the country's own. */
export const countryEencSql = (path: string) =>
  `(eenc_default_settings() || coalesce(
     (select cs.eenc from country_settings cs where cs.country_id = ${countryIdSql(path)}), '{}'::jsonb))`;

/**
 * `needsSpecialCare` (shared/kmc/kmc-rule.ts) compiled from its table `SPECIAL_CARE_BELOW`: the
 * baby's values are SQL expressions, the thresholds are read from the settings `eenc` (jsonb). SQL's
 * three-valued `or` is the rule's: true when a known value is under its threshold, null when unknown.
 * The caller keeps it to live births, as the rule does.
 */
export function specialCareSql(
  values: Record<SpecialCareValue, string>,
  eenc: string,
  separator = ' or ',
): string {
  return `(${SPECIAL_CARE_BELOW.map(
    ({ value, threshold }) => `${values[value]} < (${eenc} ->> '${threshold}')::int`,
  ).join(separator)})`;
}

/**
 * A schedule entry (`pnc_schedule_entries`, its markers `markers`) is a KMC follow-up contact: for one
 * of the KMC follow-up markers alone (`isKmcFollowUpContact`, shared/pnc/pnc-settings.ts).
 */
export const kmcFollowUpEntrySql = (markers: string) =>
  `${markers} in (${KMC_FOLLOW_UP_MARKERS.map((m) => `array['${m}']`).join(', ')})`;
