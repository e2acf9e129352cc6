import type { VisitInputRaw } from './pnc.schema';

/** A mother seen well at a postnatal contact: normal vital signs, no danger sign (tests and benchmarks). */
export const WELL_MOTHER_CONTACT: NonNullable<VisitInputRaw['mother']> = {
  systolic: 118,
  diastolic: 76,
  temperatureC: 36.8,
  pulseBpm: 82,
  bleeding: 'normal',
  dangerSigns: ['none'],
  breastfeedingProblems: ['none'],
  familyPlanningCounselled: true,
};
