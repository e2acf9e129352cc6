import { z } from 'zod';
import { ExpectedVersionSchema, recordStamps, RecordVersionSchema } from '../record-version';
import { BANDS, CHECKLIST_ANSWERS } from './checklist-scoring';
import {
  CADRES,
  CHECKLIST_METHODS,
  CHECKLIST_MOMENTS,
  COURSE_MODULES,
  FACILITATOR_LEVELS,
  WARDS,
} from './coaching-values';

/** The API documents of the coaching module (EENC Module 2): roster, courses, settings. */

const date = z.iso.date({ error: 'coaching.dateFormat' });
const name = z.string().trim().min(1, { error: 'coaching.nameRequired' }).max(200);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .-]{6,20}$/, { error: 'coaching.phoneFormat' })
  .nullable()
  .optional();

export const PostingSchema = z.object({
  facilityId: z.uuid(),
  facilityName: z.string(),
  ward: z.enum(WARDS),
  activeFrom: z.iso.date(),
  /** First day no longer working there; null while working there. */
  endedOn: z.iso.date().nullable(),
});

export const HealthWorkerSchema = z.object({
  id: z.uuid(),
  /** A short code shown everywhere; the name only to readers at the worker's facility. */
  code: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  cadre: z.enum(CADRES),
  facilitatorLevel: z.enum(FACILITATOR_LEVELS).nullable(),
  facilitatorCertifiedOn: z.iso.date().nullable(),
  /** The latest posting: where the worker works now, or worked last when deactivated. */
  facilityId: z.uuid(),
  facilityName: z.string(),
  ward: z.enum(WARDS),
  active: z.boolean(),
  postings: z.array(PostingSchema),
  /** End date of the last course the worker completed, and whether that is within the coverage window. */
  lastCoachedOn: z.iso.date().nullable(),
  covered: z.boolean(),
  ...recordStamps,
});
export type HealthWorker = z.infer<typeof HealthWorkerSchema>;

export const RosterSchema = z.object({
  items: z.array(HealthWorkerSchema),
  /** Whether names and phones are shown (reader scoped to the facility). */
  namesVisible: z.boolean(),
  coverageYears: z.number().int(),
  /** Delivery-room staff active today, and those of them covered. */
  deliveryRoomStaff: z.number().int(),
  deliveryRoomCovered: z.number().int(),
});
export type Roster = z.infer<typeof RosterSchema>;

export const RosterQuerySchema = z.strictObject({
  facility: z.uuid(),
  /** Include deactivated and moved-away workers (their history). */
  all: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
});

const facilitatorFields = {
  facilitatorLevel: z.enum(FACILITATOR_LEVELS).nullable().optional(),
  facilitatorCertifiedOn: date.nullable().optional(),
};

export const CreateWorkerSchema = z.strictObject({
  id: z.uuid().optional(),
  facilityId: z.uuid(),
  name,
  cadre: z.enum(CADRES),
  ward: z.enum(WARDS),
  activeFrom: date,
  phone,
  ...facilitatorFields,
});
export type CreateWorker = z.infer<typeof CreateWorkerSchema>;

export const UpdateWorkerSchema = z.strictObject({
  version: ExpectedVersionSchema,
  name: name.optional(),
  cadre: z.enum(CADRES).optional(),
  phone,
  ...facilitatorFields,
});
export type UpdateWorker = z.infer<typeof UpdateWorkerSchema>;

/** A move to another facility or ward from a date: the current posting ends the day before. */
export const MoveWorkerSchema = z.strictObject({
  version: ExpectedVersionSchema,
  facilityId: z.uuid(),
  ward: z.enum(WARDS),
  on: date,
});
export type MoveWorker = z.infer<typeof MoveWorkerSchema>;

/** Deactivation: the worker leaves the roster (and the coverage denominator) from `on`. */
export const DeactivateWorkerSchema = z.strictObject({ version: ExpectedVersionSchema, on: date });
export type DeactivateWorker = z.infer<typeof DeactivateWorkerSchema>;

// ---- courses ---------------------------------------------------------------------------------------

/** A skills checklist recorded for a participant, with its score (shared/coaching/checklist-scoring.ts). */
export const RecordedChecklistSchema = z.object({
  id: z.uuid(),
  checklistId: z.string(),
  checklistVersion: z.number().int(),
  moment: z.enum(CHECKLIST_MOMENTS),
  method: z.enum(CHECKLIST_METHODS),
  observedOn: z.iso.date(),
  total: z.number().int(),
  max: z.number().int(),
  percent: z.number().nullable(),
  band: z.enum(BANDS).nullable(),
  domains: z.record(
    z.string(),
    z.object({ total: z.number(), max: z.number(), percent: z.number().nullable() }),
  ),
  /** Item answers as recorded (a correction starts from them). */
  answers: z.record(z.string(), z.enum(CHECKLIST_ANSWERS)),
  version: RecordVersionSchema,
});
export type RecordedChecklist = z.infer<typeof RecordedChecklistSchema>;

export const ParticipantSchema = z.object({
  worker: HealthWorkerSchema.pick({ id: true, code: true, name: true, cadre: true, facilityName: true }),
  daysAttended: z.number().int(),
  completed: z.boolean(),
  /**
   * The verification code of the completion certificate: completed participants with an after-coaching
   * checklist at or above the passing score.
   */
  certificateCode: z.string().nullable(),
  checklists: z.array(RecordedChecklistSchema),
  version: RecordVersionSchema,
});
export type Participant = z.infer<typeof ParticipantSchema>;

export const CourseSummarySchema = z.object({
  id: z.uuid(),
  venueId: z.uuid(),
  venueName: z.string(),
  module: z.enum(COURSE_MODULES),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  days: z.number().int(),
  participants: z.number().int(),
  completed: z.number().int(),
});
export type CourseSummary = z.infer<typeof CourseSummarySchema>;

export const CourseSchema = CourseSummarySchema.extend({
  venuePath: z.string(),
  /** The venue's country: the checklists recorded there are its own copies or the shipped ones. */
  countryId: z.uuid().nullable(),
  notes: z.string().nullable(),
  facilitators: z.array(ParticipantSchema.shape.worker),
  participantList: z.array(ParticipantSchema),
  namesVisible: z.boolean(),
  /** The country's passing score (the certificate needs it) and low band. */
  passingPercent: z.number().int(),
  lowBandPercent: z.number().int(),
  version: RecordVersionSchema,
});
export type Course = z.infer<typeof CourseSchema>;

const CHECKLIST_ANSWER = z.enum(CHECKLIST_ANSWERS, { error: 'coaching.checklistAnswer' });

export const RecordChecklistSchema = z.strictObject({
  /** Client-generated: the same id again is the same record (an offline retry). */
  id: z.uuid(),
  checklistId: z.string().max(40),
  checklistVersion: z.number().int().min(1),
  moment: z.enum(CHECKLIST_MOMENTS),
  method: z.enum(CHECKLIST_METHODS),
  observedOn: date,
  /** By item code: yes, partial, no or na (an item left out is not applicable). */
  answers: z.record(z.string().max(40), CHECKLIST_ANSWER),
});
export type RecordChecklist = z.infer<typeof RecordChecklistSchema>;

const textSchema = z.object({ en: z.string(), vi: z.string() });
export const ChecklistDefinitionsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      version: RecordVersionSchema,
      module: z.enum(COURSE_MODULES),
      name: textSchema,
      current: z.boolean(),
      /** A country's own copy (null: shipped with OpenEENC), and the shipped checklist it copies. */
      countryId: z.uuid().nullable(),
      basedOnId: z.string().nullable(),
      /** The row version an edit sends back (country copies only). */
      rowVersion: z.number().int().nullable(),
      /** Checklists recorded on this version: an edit of a used version adds a new one. */
      recordCount: z.number().int(),
      domains: z.array(
        z.object({
          code: z.string(),
          label: textSchema,
          items: z.array(z.object({ code: z.string(), label: textSchema })),
        }),
      ),
    }),
  ),
});
export type ChecklistDefinitions = z.infer<typeof ChecklistDefinitionsSchema>;

export const ChecklistDefinitionsQuerySchema = z.strictObject({ country: z.uuid().optional() });

export const CourseListSchema = z.object({ items: z.array(CourseSummarySchema) });
export const CourseListQuerySchema = z.strictObject({ venue: z.uuid().optional() });

const courseFields = {
  module: z.enum(COURSE_MODULES),
  startsOn: date,
  endsOn: date,
  days: z.number().int().min(1, { error: 'coaching.daysRange' }).max(60, { error: 'coaching.daysRange' }),
  notes: z.string().trim().max(2000).nullable().optional(),
  facilitatorIds: z.array(z.uuid()).max(20).optional(),
};

export const CreateCourseSchema = z.strictObject({
  id: z.uuid().optional(),
  venueId: z.uuid(),
  ...courseFields,
});
export type CreateCourse = z.infer<typeof CreateCourseSchema>;

export const UpdateCourseSchema = z.strictObject({ version: ExpectedVersionSchema, ...courseFields });
export type UpdateCourse = z.infer<typeof UpdateCourseSchema>;

export const AddParticipantsSchema = z.strictObject({
  workerIds: z.array(z.uuid()).min(1, { error: 'coaching.chooseParticipants' }).max(200),
});
export type AddParticipants = z.infer<typeof AddParticipantsSchema>;

export const UpdateParticipantSchema = z.strictObject({
  version: ExpectedVersionSchema,
  daysAttended: z.number().int().min(0).max(60),
  completed: z.boolean(),
});
export type UpdateParticipant = z.infer<typeof UpdateParticipantSchema>;

export const CoachingSettingsSchema = z.object({
  countryId: z.uuid(),
  coverageYears: z.number().int(),
  passingPercent: z.number().int(),
  lowBandPercent: z.number().int(),
  /** The ladder's step "introduced" also from the first completed EENC course (docs/coaching.md). */
  introducedFromCoaching: z.boolean(),
  version: RecordVersionSchema,
});
export type CoachingSettings = z.infer<typeof CoachingSettingsSchema>;
export const UpdateCoachingSettingsSchema = z.strictObject({
  version: z.number().int().min(0),
  coverageYears: z
    .number()
    .int()
    .min(1, { error: 'coaching.yearsRange' })
    .max(10, { error: 'coaching.yearsRange' }),
  /** Left out: unchanged. */
  passingPercent: z
    .number()
    .int()
    .min(1, { error: 'coaching.percentRange' })
    .max(100, { error: 'coaching.percentRange' })
    .optional(),
  lowBandPercent: z
    .number()
    .int()
    .min(0, { error: 'coaching.percentRange' })
    .max(100, { error: 'coaching.percentRange' })
    .optional(),
  introducedFromCoaching: z.boolean().optional(),
});

// ---- roster import -----------------------------------------------------------------------------------

/** Columns of the roster CSV, in template order; the first four are required. */
export const ROSTER_CSV_COLUMNS = [
  'name',
  'cadre',
  'ward',
  'active_from',
  'phone',
  'facilitator_level',
  'facilitator_certified_on',
  /** An existing worker's id or code: the row updates that worker (blank: a new worker). */
  'worker',
  /** With `worker`: the first day they no longer work there (deactivation). */
  'active_to',
  /** With `worker`: the code of the facility they move to from `active_from`. */
  'facility',
] as const;

/**
 * The values of an import row that names an existing worker (column `worker`): every one optional (blank:
 * unchanged); a new `facility` (code) or `ward` moves the worker from `active_from`; `active_to` (the
 * first day no longer working there) takes them off the roster. Keys are the CSV columns.
 */
export const RosterUpdateRowSchema = z.strictObject({
  name: name.optional(),
  cadre: z.enum(CADRES).optional(),
  ward: z.enum(WARDS).optional(),
  activeFrom: date.optional(),
  activeTo: date.optional(),
  phone: phone.optional(),
  facilitatorLevel: z.enum(FACILITATOR_LEVELS).optional(),
  facilitatorCertifiedOn: date.optional(),
});

export const RosterImportSchema = z
  .strictObject({
    facilityId: z.uuid(),
    /** `all`: nothing is imported when a row has a problem; `valid`: the rows without problems are. */
    mode: z.enum(['all', 'valid']),
    /** The file as CSV text… */
    csv: z.string().max(2_000_000).optional(),
    /** …or an Excel workbook (.xlsx), base64: its first sheet, the same columns. */
    xlsx: z.base64({ error: 'coaching.xlsxUnreadable' }).max(2_700_000).optional(),
  })
  .refine((v) => (v.csv === undefined) !== (v.xlsx === undefined), {
    path: ['csv'],
    error: 'coaching.csvOrXlsx',
  });
export type RosterImport = z.infer<typeof RosterImportSchema>;

export const RosterImportReportSchema = z.object({
  rows: z.number().int(),
  inserted: z.number().int(),
  /** Existing workers changed by rows naming them (column `worker`). */
  updated: z.number().int(),
  /** Row numbers as in a spreadsheet (the header is row 1). */
  issues: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type RosterImportReport = z.infer<typeof RosterImportReportSchema>;

/** What the public verification of a certificate shows: no name (the certificate carries it). */
export const CertificateSchema = z.object({
  code: z.string(),
  workerCode: z.string(),
  cadre: z.enum(CADRES),
  module: z.enum(COURSE_MODULES),
  venueName: z.string(),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  days: z.number().int(),
});
export type Certificate = z.infer<typeof CertificateSchema>;
