import type { VisitInputRaw } from './pnc.schema';

/**
 * A mother seen well at a postnatal contact: normal vital signs, no danger sign (tests and benchmarks); a
 * new object at each call, so that a test may change it.
 */
export const wellMotherContact = (): NonNullable<VisitInputRaw['mother']> => ({
  systolic: 118,
  diastolic: 76,
  temperatureC: 36.8,
  pulseBpm: 82,
  bleeding: 'normal',
  dangerSigns: ['none'],
  breastfeedingProblems: ['none'],
  familyPlanningCounselled: true,
});
