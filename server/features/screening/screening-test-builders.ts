import { NO_SCREENING_FINDINGS } from '../../../shared/screening/screening-builders';

/**
 * Request bodies of the screening API for tests: every field a test does not set takes its empty value,
 * so that each test names only what it checks (the woman's facility, the result it screens for).
 */

/** A woman registered without a birth record: the caller gives her id and org unit. */
export const buildScreeningClient = (o: { id: string; orgUnitId: string } & Record<string, unknown>) => ({
  birthId: null,
  name: 'Nguyễn Thị Lan',
  birthYear: 1990,
  birthDate: null,
  phone: null,
  hivStatus: 'unknown',
  language: null,
  remindersEnabled: true,
  ...o,
});

export { NO_SCREENING_FINDINGS };

/** A self-sampled HPV test with no result yet: the caller gives its id and where it was taken. */
export const buildScreeningEvent = (o: { id: string; placeId: string } & Record<string, unknown>) => ({
  test: 'hpv_dna',
  sampleBy: 'self',
  ...NO_SCREENING_FINDINGS,
  ...o,
});
