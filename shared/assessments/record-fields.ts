import { type FieldEntry, type RowOf, STAMP_FIELDS, type TableProblems } from '../births/field-table';
import type { AssessmentRecord } from './assessment.schema';

/**
 * The field table of a Module 3 assessment record (one row of `assessment_records`: one filled-in form
 * of an assessment), in the vocabulary of the birth tables (shared/births/field-table.ts). Paths are
 * those of the API document (`AssessmentRecordSchema`). The read row type and the insert and update
 * statements (server/features/assessments/assessments.repo.ts) are made from it.
 */

/** Which write sets a column: the record's identity (insert), its content, and who wrote it when. */
export type RecordWriteGroup = 'identity' | 'content' | 'stamp' | 'actor';
export type RecordField = FieldEntry<RecordWriteGroup>;

export const ASSESSMENT_RECORD_FIELDS = [
  { path: 'id', from: 'identity', column: 'id', sql: 'uuid' },
  { path: 'assessmentId', from: 'identity', column: 'assessment_id', sql: 'uuid' },
  { path: 'sectionId', from: 'identity', column: 'section_id', sql: 'text' },
  // Answers keyed by checklist item id; personal ones are withheld from readers outside the facility.
  { path: 'answers', from: 'content', column: 'answers', sql: 'jsonb' },
  // Register summary: the counts computed from the birth register when pre-filled, and the items whose
  // confirmed value differs from them.
  { path: 'prefill', from: 'content', column: 'prefill', sql: 'jsonb' },
  { path: 'edited', from: 'content', column: 'edited_items', sql: 'text[]' },
  ...STAMP_FIELDS,
] as const satisfies readonly RecordField[];

type RecordFields = (typeof ASSESSMENT_RECORD_FIELDS)[number];

/** An `assessment_records` row as read back. */
export type AssessmentRecordRow = RowOf<AssessmentRecord, RecordFields>;

// Each path exists in the document and its SQL type holds the value there (a compile error names it).
const recordChecks: TableProblems<AssessmentRecord, RecordFields> = true;
void recordChecks;
