import type {
  ChecklistDefinitions,
  CoachingSettings,
  Course,
  CourseSummary,
  CreateCourse,
  CreateWorker,
  HealthWorker,
  RecordChecklist,
  Roster,
  RosterImport,
  RosterImportReport,
  UpdateWorker,
} from '../../../shared/coaching/coaching.schema';
import type {
  CopyChecklist,
  CorrectChecklist,
  EditChecklist,
} from '../../../shared/coaching/checklist-versions.schema';
import { api, withQuery } from '../../lib/api-client';

export const coachingKeys = {
  all: ['coaching'] as const,
  roster: (facility: string, all: boolean, q: string) => ['coaching', 'roster', facility, all, q] as const,
  courses: (venue: string) => ['coaching', 'courses', venue] as const,
  course: (id: string) => ['coaching', 'course', id] as const,
  checklists: (country: string) => ['coaching', 'checklists', country] as const,
};

export const getRoster = (facility: string, all: boolean, q: string) =>
  api.get<Roster>(
    withQuery('/api/coaching/roster', { facility, all: all ? 'true' : undefined, q: q || undefined }),
  );
export const importRoster = (input: RosterImport) =>
  api.post<RosterImportReport>('/api/coaching/roster/import', input);
export const createWorker = (input: CreateWorker) => api.post<HealthWorker>('/api/coaching/workers', input);
export const updateWorker = (id: string, input: UpdateWorker) =>
  api.patch<HealthWorker>(`/api/coaching/workers/${id}`, input);
export const moveWorker = (
  id: string,
  input: { version: number; facilityId: string; ward: string; on: string },
) => api.post<HealthWorker>(`/api/coaching/workers/${id}/move`, input);
export const deactivateWorker = (id: string, input: { version: number; on: string }) =>
  api.post<HealthWorker>(`/api/coaching/workers/${id}/deactivate`, input);

export const listCourses = (venue?: string) =>
  api.get<{ items: CourseSummary[] }>(withQuery('/api/coaching/courses', { venue }));
export const getCourse = (id: string) => api.get<Course>(`/api/coaching/courses/${id}`);
export const createCourse = (input: CreateCourse) => api.post<Course>('/api/coaching/courses', input);
export const addParticipants = (id: string, workerIds: string[]) =>
  api.post<Course>(`/api/coaching/courses/${id}/participants`, { workerIds });
export const updateParticipant = (
  id: string,
  workerId: string,
  input: { version: number; daysAttended: number; completed: boolean },
) => api.put<Course>(`/api/coaching/courses/${id}/participants/${workerId}`, input);
export const removeParticipant = (id: string, workerId: string, version: number) =>
  api.delete<Course>(withQuery(`/api/coaching/courses/${id}/participants/${workerId}`, { version }));
export const getChecklists = (country?: string) =>
  api.get<ChecklistDefinitions>(withQuery('/api/coaching/checklists', { country }));
export const copyChecklist = (input: CopyChecklist) =>
  api.post<ChecklistDefinitions>('/api/coaching/checklists', input);
export const editChecklist = (id: string, input: EditChecklist) =>
  api.put<ChecklistDefinitions>(`/api/coaching/checklists/${id}`, input);
export const correctChecklist = (
  id: string,
  workerId: string,
  checklistId: string,
  input: CorrectChecklist,
) => api.put<Course>(`/api/coaching/courses/${id}/participants/${workerId}/checklists/${checklistId}`, input);
export const recordChecklist = (id: string, workerId: string, input: RecordChecklist) =>
  api.post<Course>(`/api/coaching/courses/${id}/participants/${workerId}/checklists`, input);
export const getCoachingSettings = (countryId: string) =>
  api.get<CoachingSettings>(`/api/coaching/settings/${countryId}`);
export const updateCoachingSettings = (
  countryId: string,
  input: {
    version: number;
    coverageYears: number;
    passingPercent: number;
    lowBandPercent: number;
    introducedFromCoaching: boolean;
  },
) => api.put<CoachingSettings>(`/api/coaching/settings/${countryId}`, input);
