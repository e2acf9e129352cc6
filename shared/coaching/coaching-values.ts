/** Closed value sets of the coaching module (EENC Module 2); labels are in the web catalogue. */
export const CADRES = [
  'midwife',
  'nurse',
  'obstetrician',
  'paediatrician',
  'general_doctor',
  'other',
] as const;
export type Cadre = (typeof CADRES)[number];

/** Where a worker works: delivery-room staff are the denominator of coverage. */
export const WARDS = ['delivery_room', 'postnatal_ward'] as const;
export type Ward = (typeof WARDS)[number];

export const FACILITATOR_LEVELS = ['national', 'provincial'] as const;
export type FacilitatorLevel = (typeof FACILITATOR_LEVELS)[number];

/** Course modules: EENC routine care, and the kangaroo mother care sub-course. */
export const COURSE_MODULES = ['eenc_routine', 'kmc'] as const;
export type CourseModule = (typeof COURSE_MODULES)[number];

/** Default coverage window: a worker coached in the last 3 years is covered (facts §12.1, a setting). */
export const DEFAULT_COVERAGE_YEARS = 3;

/** When a skills checklist was recorded: before or after the coaching. */
export const CHECKLIST_MOMENTS = ['before', 'after'] as const;
/** On a mannequin (the birth scenario practised) or at an observed birth. */
export const CHECKLIST_METHODS = ['mannequin', 'observed_birth'] as const;
