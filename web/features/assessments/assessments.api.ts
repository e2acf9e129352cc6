import {
  type ActionItem,
  type Answers,
  type AssessmentDetail,
  AssessmentDetailSchema,
  type AssessmentRecord,
  type ChecklistVersion,
  type ChecklistVersionSummary,
  type CreateAction,
  type CreateAssessment,
  type FacilityAssessments,
  FacilityAssessmentsSchema,
  type UpdateAction,
  type UpdateChecklist,
} from '../../../shared/assessments/assessment.schema';
import { api, withQuery } from '../../lib/api-client';
import {
  ASSESSMENT_KEY,
  createFormOrQueue,
  rememberForms,
  saveFormOrQueue,
  withQueuedForms,
} from '../offline/offline-assessments';
import { readThrough } from '../offline/offline-reads';

/** Offline, the lists and assessments (with their checklists) as last read on this device (web/features/offline). */
export const listAssessments = (query: { facility?: string; status?: string }) =>
  readThrough(`assessments:${JSON.stringify(query)}`, FacilityAssessmentsSchema, () =>
    api.get<FacilityAssessments>(withQuery('/api/assessments', query)),
  );
export const getAssessment = async (id: string) =>
  withQueuedForms(
    await readThrough(`${ASSESSMENT_KEY}${id}`, AssessmentDetailSchema, async () => {
      const detail = await api.get<AssessmentDetail>(`/api/assessments/${id}`);
      await rememberForms(detail.records);
      return detail;
    }),
  );
export const createAssessment = (input: CreateAssessment) =>
  api.post<AssessmentDetail>('/api/assessments', input);
export const updateAssessment = (
  id: string,
  input: { version: number; periodStart?: string; periodEnd?: string; notes?: string | null },
) => api.patch<AssessmentDetail>(`/api/assessments/${id}`, input);
export const deleteAssessment = (id: string, version: number) =>
  api.delete<void>(withQuery(`/api/assessments/${id}`, { version }));
export const completeAssessment = (id: string, version: number) =>
  api.post<AssessmentDetail>(`/api/assessments/${id}/complete`, { version });

/** Without network, a new form and a form's answers are queued in the offline outbox (sent when it returns). */
export const createRecord = (
  assessmentId: string,
  input: { id: string; sectionId: string; answers?: Answers },
) =>
  createFormOrQueue({ ...input, assessmentId }, () =>
    api.post<AssessmentRecord>(`/api/assessments/${assessmentId}/records`, input),
  );
export const saveRecord = (assessmentId: string, recordId: string, version: number, answers: Answers) =>
  saveFormOrQueue(assessmentId, recordId, answers, () =>
    api.put<AssessmentRecord>(`/api/assessments/${assessmentId}/records/${recordId}`, { version, answers }),
  );
export const deleteRecord = (assessmentId: string, recordId: string, version: number) =>
  api.delete<void>(withQuery(`/api/assessments/${assessmentId}/records/${recordId}`, { version }));
export const refreshRegister = (assessmentId: string, version: number) =>
  api.post<AssessmentRecord>(`/api/assessments/${assessmentId}/register-prefill`, { version });

export const createAction = (assessmentId: string, input: CreateAction) =>
  api.post<ActionItem>(`/api/assessments/${assessmentId}/actions`, input);
export const updateAction = (id: string, input: UpdateAction) =>
  api.patch<ActionItem>(`/api/assessment-actions/${id}`, input);
export const deleteAction = (id: string, version: number) =>
  api.delete<void>(withQuery(`/api/assessment-actions/${id}`, { version }));

export const listChecklists = async (country?: string) =>
  (await api.get<{ items: ChecklistVersionSummary[] }>(withQuery('/api/checklists', { country }))).items;
export const getChecklist = (id: string) => api.get<ChecklistVersion>(`/api/checklists/${id}`);
export const copyChecklist = (input: { id: string; basedOnId: string; countryId: string; label?: string }) =>
  api.post<ChecklistVersion>('/api/checklists', input);
export const updateChecklist = (id: string, input: UpdateChecklist) =>
  api.put<ChecklistVersion>(`/api/checklists/${id}`, input);
export const publishChecklist = (id: string, version: number) =>
  api.post<ChecklistVersion>(`/api/checklists/${id}/publish`, { version });
export const deleteChecklist = (id: string, version: number) =>
  api.delete<void>(withQuery(`/api/checklists/${id}`, { version }));

/** React Query keys of this feature. */
export const assessmentKeys = {
  all: ['assessments'] as const,
  list: (q: { facility?: string }) => ['assessments', 'list', q] as const,
  detail: (id: string) => ['assessments', 'detail', id] as const,
  checklists: (country?: string) => ['checklists', 'list', country ?? null] as const,
  checklist: (id: string) => ['checklists', 'detail', id] as const,
};
