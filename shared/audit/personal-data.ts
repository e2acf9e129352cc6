/**
 * Field names that hold personal identifiers anywhere in the app's records. Audit entries keep the full
 * before/after (the log must prove what changed), but show these fields only to readers allowed to see
 * personal data at that org unit. Features add their fields here.
 */
export const PERSONAL_DATA_FIELDS: ReadonlySet<string> = new Set([
  'motherName',
  'motherPhone',
  'motherAddress',
  'name',
  'phone',
  'address',
  'mother_name',
  'mother_phone',
  'mother_address',
  // Free text of Module 3 interviews and chart reviews (assessment_record audit snapshots).
  'personalAnswers',
]);

export const REDACTED = '[personal data]';

export function redactPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        PERSONAL_DATA_FIELDS.has(k) && v != null ? REDACTED : redactPersonalData(v),
      ]),
    );
  }
  return value;
}
