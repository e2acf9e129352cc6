import {
  type Answers,
  AnswersSchema,
  type AssessmentDetail,
  AssessmentDetailSchema,
  type AssessmentRecord,
} from '../../../shared/assessments/assessment.schema';
import { flattenDoc, type FlatRecord, unflattenDoc } from '../../../shared/sync/flat-record';
import { localView } from '../../../shared/sync/outbox';
import { ASSESSMENT_RECORD_SHAPE } from '../../../shared/sync/record-shapes';
import { ApiError } from '../../lib/api-client';
import { offlineDb, readOutbox, readRecord } from './offline-db';
import { listKept } from './offline-reads';
import { queueRecord } from './outbox-store';
import { sendOrQueue } from './send-or-queue';

/** Where assessments read on this device are kept (`readThrough` keys): with their checklist. */
export const ASSESSMENT_KEY = 'assessment:';

const flatOf = (r: Pick<AssessmentRecord, 'assessmentId' | 'sectionId' | 'answers'>) =>
  flattenDoc(ASSESSMENT_RECORD_SHAPE, {
    assessmentId: r.assessmentId,
    sectionId: r.sectionId,
    answers: r.answers,
  });

/**
 * Remembers the forms of an assessment read from the server (the version an offline edit starts from),
 * unless the device holds a later one from a pull.
 */
export async function rememberForms(forms: readonly AssessmentRecord[]): Promise<void> {
  const kept = await offlineDb.records.bulkGet(forms.map((r) => r.id));
  await offlineDb.records.bulkPut(
    forms
      .filter((r, i) => (kept[i]?.version ?? 0) <= r.version)
      .map((r) => ({
        id: r.id,
        recordType: 'assessment_record' as const,
        version: r.version,
        flat: flatOf(r),
      })),
  );
}

/** The assessment as this device shows it: its forms with the changes waiting in the outbox on top. */
export async function withQueuedForms(detail: AssessmentDetail): Promise<AssessmentDetail> {
  const entries = (await readOutbox()).filter((e) => e.recordType === 'assessment_record');
  if (!entries.length) return detail;
  const known = new Set(detail.records.map((r) => r.id));
  const answersOf = (flat: FlatRecord | null) =>
    AnswersSchema.catch({}).parse(unflattenDoc(ASSESSMENT_RECORD_SHAPE, flat ?? {}).answers);
  const records: AssessmentRecord[] = detail.records.map((r) => {
    const mine = entries.filter((e) => e.recordId === r.id);
    return mine.length
      ? { ...r, answers: answersOf(localView({ id: r.id, version: r.version, flat: flatOf(r) }, mine)) }
      : r;
  });
  for (const e of entries) {
    if (e.kind !== 'create' || known.has(e.recordId) || e.patch.assessmentId !== detail.id) continue;
    records.push({
      id: e.recordId,
      assessmentId: detail.id,
      sectionId: String(e.patch.sectionId),
      answers: answersOf(e.patch),
      hiddenItems: [],
      prefill: null,
      edited: [],
      version: 0,
      createdAt: detail.updatedAt,
      updatedAt: detail.updatedAt,
      updatedBy: null,
    });
  }
  // The page scores a form in progress from its answers (shared/assessments/scoring.ts), these included.
  return { ...detail, records };
}

/** The form as the device last read it (the kept assessment), to queue a change of it. */
async function keptForm(assessmentId: string, recordId: string) {
  const detail = (await listKept(`${ASSESSMENT_KEY}${assessmentId}`, AssessmentDetailSchema))[0];
  return (await withQueuedForms(detail ?? ({ records: [] } as unknown as AssessmentDetail))).records.find(
    (r) => r.id === recordId,
  );
}

/** Whether a change of this form still waits in the outbox (later saves must queue behind it). */
const isWaiting = async (recordId: string) =>
  (await readOutbox()).some((e) => e.recordId === recordId && e.state !== 'sent');

/**
 * A form's answers: sent at once, or queued without network (an `assessment_record` edit, merged answer
 * by answer against the version last read). While a queued change of the form waits, later saves queue
 * behind it, so that the sync loop sends them in order instead of a request answering 409.
 */
export async function saveFormOrQueue(
  assessmentId: string,
  recordId: string,
  answers: Answers,
  send: () => Promise<AssessmentRecord>,
): Promise<AssessmentRecord> {
  const queue = async () => {
    const form = await keptForm(assessmentId, recordId);
    const snapshot = await readRecord(recordId);
    // The form must have been read on this device: the edit is a patch against that copy.
    if (!form || !snapshot) throw offline();
    // An answer taken away is sent as null (cleared), not left out: a patch only carries what it names.
    const cleared = Object.fromEntries(Object.keys(form.answers).map((k) => [k, null]));
    await queueRecord(
      'assessment_record',
      recordId,
      flatOf({ ...form, answers: { ...cleared, ...answers } }),
    );
    return { ...form, answers, version: snapshot.version };
  };
  const sent = async () => {
    const saved = await send();
    await rememberForms([saved]);
    return saved;
  };
  return sendOrQueue((await isWaiting(recordId)) ? () => Promise.reject(offline()) : sent, queue, recordId);
}

const offline = () => new ApiError(0, 'network', 'network', []);

/** A new form of a repeating part (an observed birth, a mother): created at once, or queued. */
export const createFormOrQueue = (
  input: { id: string; assessmentId: string; sectionId: string; answers?: Answers },
  send: () => Promise<AssessmentRecord>,
) =>
  sendOrQueue(
    send,
    async () => {
      const answers = input.answers ?? {};
      await queueRecord('assessment_record', input.id, flatOf({ ...input, answers }));
      const now = new Date().toISOString();
      return {
        ...input,
        answers,
        hiddenItems: [],
        prefill: null,
        edited: [],
        version: 0,
        createdAt: now,
        updatedAt: now,
        updatedBy: null,
      };
    },
    input.id,
  );
