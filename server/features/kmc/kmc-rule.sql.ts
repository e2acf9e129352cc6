import { SPECIAL_CARE_BELOW, type SpecialCareValue } from '../../../shared/kmc/kmc-rule';

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
