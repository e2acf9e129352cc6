import { CreateRecordSchema, UpdateRecordSchema } from '../../../shared/assessments/assessment.schema';
import { canSeePersonalData } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { flattenDoc, type FlatRecord, unflattenDoc } from '../../../shared/sync/flat-record';
import { ASSESSMENT_RECORD_SHAPE } from '../../../shared/sync/record-shapes';
import type { Queryable } from '../../db/db';
import {
  type AssessmentRow,
  findAssessment,
  findRecordRow,
  listRecordRows,
} from '../assessments/assessments.repo';
import { createRecord, deleteRecord, toRecord, updateRecord } from '../assessments/assessments.service';
import { parsed, type SyncRecordHandler } from './sync-record-type';
import { SYNC_PERMISSIONS } from '../../../shared/sync/sync.schema';

type FormDoc = { assessmentId: string; sectionId: string; answers: Record<string, unknown> };

const flatOf = (doc: FormDoc) => flattenDoc(ASSESSMENT_RECORD_SHAPE, doc);
const docOf = (flat: FlatRecord) => unflattenDoc(ASSESSMENT_RECORD_SHAPE, flat) as FormDoc;

/**
 * A form and its assessment. With `forUpdate` the assessment is locked before the form, in the order the
 * assessment service locks them (a push and an online save of one form never wait on each other in a circle).
 */
async function findForm(q: Queryable, id: string, forUpdate: boolean) {
  const unlocked = await findRecordRow(q, id);
  const assessment = unlocked && (await findAssessment(q, unlocked.assessment_id, { forUpdate }));
  const row = forUpdate ? await findRecordRow(q, id, { forUpdate }) : unlocked;
  return row && assessment ? { row, assessment } : undefined;
}

/** The forms of these ids with their assessments (one read of each assessment's checklist). */
async function listForms(q: Queryable, ids: string[]) {
  const rows = await q.query<{ assessment_id: string }>(
    'select distinct assessment_id from assessment_records where id = any($1::uuid[])',
    [ids],
  );
  const assessments = (await Promise.all(rows.map((r) => findAssessment(q, r.assessment_id)))).flatMap((a) =>
    a ? [a] : [],
  );
  const wanted = new Set(ids);
  const forms = await listRecordRows(
    q,
    assessments.map((a) => a.id),
  );
  const byId = new Map<string, AssessmentRow>(assessments.map((a) => [a.id, a]));
  return forms
    .filter((f) => wanted.has(f.id))
    .map((row) => ({ row, assessment: byId.get(row.assessment_id)! }));
}

/**
 * The forms of Module 3 assessments (an observed birth, a mother interview, a chart review, the register
 * summary) through the assessment service: its answer checks, the register's edited items, the lock that
 * keeps saves out of a completed assessment, audit and change log. One field per answer, so that two team
 * members answering different items of one form both keep theirs. Every answer counts as personal for the
 * inbox and for writers without personal-data access: which are free text about a mother depends on the
 * assessment's checklist, and the inbox hides a few more values rather than show one too many.
 */
export const assessmentRecordSync: SyncRecordHandler = {
  shape: ASSESSMENT_RECORD_SHAPE,
  writePermission: SYNC_PERMISSIONS.assessment_record.write,
  readPermission: SYNC_PERMISSIONS.assessment_record.read,
  fixedFields: ['assessmentId', 'sectionId'],
  isPersonalPath: (path) => path.startsWith('answers.'),
  audit: { entityType: 'assessment_record', entityId: async (_q, id) => id },
  flatOfAudited: (doc) => {
    const { assessmentId, sectionId, answers, personalAnswers } = doc as Partial<FormDoc> & {
      personalAnswers?: Record<string, unknown> | null;
    };
    return flatOf({
      assessmentId: assessmentId ?? '',
      sectionId: sectionId ?? '',
      answers: { ...answers, ...personalAnswers },
    });
  },
  async find(q, id, forUpdate) {
    const found = await findForm(q, id, forUpdate);
    if (!found) return undefined;
    const { row, assessment } = found;
    return {
      flat: flatOf({ assessmentId: row.assessment_id, sectionId: row.section_id, answers: row.answers }),
      version: row.version,
      orgUnitId: assessment.facility_id,
      paths: [assessment.facility_path],
    };
  },
  async create(deps, principal, id, flat) {
    const { assessmentId, sectionId, answers } = docOf(flat);
    await createRecord(deps, principal, assessmentId, parsed(CreateRecordSchema, { id, sectionId, answers }));
  },
  async update(deps, principal, id, flat, version) {
    const { assessmentId, answers } = docOf(flat);
    const saved = await updateRecord(
      deps,
      principal,
      assessmentId,
      id,
      parsed(UpdateRecordSchema, { version, answers }),
    );
    return { version: saved.version };
  },
  async remove(deps, principal, id, version) {
    const found = await findForm(deps.db, id, false);
    await deleteRecord(deps, principal, found?.row.assessment_id ?? id, id, version);
  },
  pull: {
    async read(deps, principal, ids) {
      if (!roleHasPermission(principal.role, 'assessment.read') || !ids.length) return [];
      const forms = await listForms(deps.db, ids);
      return forms
        .filter(({ assessment }) => principal.scopes.some((s) => assessment.facility_path.startsWith(s.path)))
        .map(({ row, assessment }) => {
          const shown = toRecord(
            row,
            assessment.definition,
            canSeePersonalData(principal, assessment.facility_path),
          );
          return {
            recordType: 'assessment_record' as const,
            id: row.id,
            version: row.version,
            flat: flatOf({
              assessmentId: shown.assessmentId,
              sectionId: shown.sectionId,
              answers: shown.answers,
            }),
          };
        });
    },
    /** The working set: the forms of the assessments in progress in the reader's scope (what can still be edited). */
    async idsOfScope(q, scopes) {
      const rows = await q.query<{ id: string }>(
        `select r.id from assessment_records r join assessments a on a.id = r.assessment_id
           join org_units f on f.id = a.facility_id
          where a.status = 'in_progress' and f.path like any($1::text[])`,
        [scopes],
      );
      return rows.map((r) => r.id);
    },
  },
};
