import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AddParticipantsSchema,
  CertificateSchema,
  ChecklistDefinitionsQuerySchema,
  ChecklistDefinitionsSchema,
  CoachingSettingsSchema,
  CourseListQuerySchema,
  CourseListSchema,
  CourseSchema,
  CreateCourseSchema,
  CreateWorkerSchema,
  DeactivateWorkerSchema,
  HealthWorkerSchema,
  MoveWorkerSchema,
  RecordChecklistSchema,
  ROSTER_CSV_COLUMNS,
  RosterImportReportSchema,
  RosterImportSchema,
  RosterQuerySchema,
  RosterSchema,
  UpdateCoachingSettingsSchema,
  UpdateCourseSchema,
  UpdateParticipantSchema,
  UpdateWorkerSchema,
} from '../../../shared/coaching/coaching.schema';
import {
  CopyChecklistSchema,
  CorrectChecklistSchema,
  EditChecklistSchema,
} from '../../../shared/coaching/checklist-versions.schema';
import { toCsvHeader } from '../../../shared/csv/csv-writer';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { apiRoutes, createdOrStored, IdParams, sendCreated, VersionQuery } from '../../http/api-route';
import { getCoachingSettings, updateCoachingSettings } from './coaching-settings.service';
import { copyChecklist, editChecklist, listChecklistDefinitions } from './checklist-versions.service';
import { correctChecklist, recordChecklist } from './checklists.service';
import { CHOICES, importRoster } from './roster-import.service';
import { xlsxTemplate } from './roster-table';
import {
  addParticipants,
  createCourse,
  getCourse,
  listCourses,
  removeParticipant,
  updateCourse,
  updateParticipant,
  verifyCertificate,
} from './courses.service';
import {
  createWorker,
  deactivateWorker,
  getWorker,
  listRoster,
  moveWorker,
  updateWorker,
} from './roster.service';

const ParticipantParams = z.strictObject({ id: z.uuid(), workerId: z.uuid() });

/** Health-worker rosters and coaching courses (EENC Module 2, docs/coaching.md). */
export function registerCoachingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['coaching']);

  route('GET /api/coaching/roster', {
    access: 'workforce.read',
    summary: "A facility's health-worker roster (?facility=; &all=true adds those who left)",
    description: 'Names and phones only for readers scoped to the facility; others see each worker by code.',
    querystring: RosterQuerySchema,
    reply: RosterSchema,
    handler: async (req) => listRoster(deps, principalOf(req), req.query),
  });

  route('GET /api/coaching/roster/template.csv', {
    access: 'roster.manage',
    summary: 'CSV template of the roster import (header row; docs/coaching.md lists the columns)',
    reply: z.string(),
    handler: async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="roster-template.csv"')
        .send(toCsvHeader(ROSTER_CSV_COLUMNS)),
  });

  route('GET /api/coaching/roster/template.xlsx', {
    access: 'roster.manage',
    summary: 'Excel template of the roster import (header row; the allowed values on a second sheet)',
    reply: z.any(),
    handler: async (_req, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="roster-template.xlsx"')
        .send(await xlsxTemplate(CHOICES)),
  });

  route('POST /api/coaching/roster/import', {
    access: 'roster.manage',
    summary:
      "Import a facility's roster from CSV text or an Excel file (base64): all rows or none (mode=all), or the valid rows",
    description: 'Answers with a report naming each problem by row (the header is row 1) and column.',
    body: RosterImportSchema,
    bodyLimit: 3_000_000,
    reply: RosterImportReportSchema,
    handler: async (req) => importRoster(deps, principalOf(req), req.body),
  });

  route('POST /api/coaching/workers', {
    access: 'roster.manage',
    summary: "Add a health worker to a facility's roster (idempotent on a client-generated id)",
    body: CreateWorkerSchema,
    reply: createdOrStored(HealthWorkerSchema),
    handler: async (req, reply) => sendCreated(reply, await createWorker(deps, principalOf(req), req.body)),
  });

  route('GET /api/coaching/workers/:id', {
    access: 'workforce.read',
    summary: 'One health worker with their postings',
    params: IdParams,
    reply: HealthWorkerSchema,
    handler: async (req) => getWorker(deps, principalOf(req), req.params.id),
  });

  route('PATCH /api/coaching/workers/:id', {
    access: 'roster.manage',
    summary: "Edit a worker's name, cadre, phone or facilitator status (send the version you read)",
    params: IdParams,
    body: UpdateWorkerSchema,
    reply: HealthWorkerSchema,
    handler: async (req) => updateWorker(deps, principalOf(req), req.params.id, req.body),
  });

  route('POST /api/coaching/workers/:id/move', {
    access: 'roster.manage',
    summary: 'Move a worker to another facility or ward from a date (history kept)',
    params: IdParams,
    body: MoveWorkerSchema,
    reply: HealthWorkerSchema,
    handler: async (req) => moveWorker(deps, principalOf(req), req.params.id, req.body),
  });

  route('POST /api/coaching/workers/:id/deactivate', {
    access: 'roster.manage',
    summary: 'Take a worker off the roster from a date (history kept)',
    params: IdParams,
    body: DeactivateWorkerSchema,
    reply: HealthWorkerSchema,
    handler: async (req) => deactivateWorker(deps, principalOf(req), req.params.id, req.body),
  });

  route('GET /api/coaching/courses', {
    access: 'workforce.read',
    summary: "Coaching courses at a venue (?venue=) or in the caller's area, newest first",
    querystring: CourseListQuerySchema,
    reply: CourseListSchema,
    handler: async (req) => listCourses(deps, principalOf(req), req.query),
  });

  route('POST /api/coaching/courses', {
    access: 'coaching.write',
    summary: 'Record a coaching course at a venue (idempotent on a client-generated id)',
    body: CreateCourseSchema,
    reply: createdOrStored(CourseSchema),
    handler: async (req, reply) => sendCreated(reply, await createCourse(deps, principalOf(req), req.body)),
  });

  route('GET /api/coaching/courses/:id', {
    access: 'workforce.read',
    summary: 'One course with its facilitators and participants',
    params: IdParams,
    reply: CourseSchema,
    handler: async (req) => getCourse(deps, principalOf(req), req.params.id),
  });

  route('PUT /api/coaching/courses/:id', {
    access: 'coaching.write',
    summary: 'Change a course (send the version you read)',
    params: IdParams,
    body: UpdateCourseSchema,
    reply: CourseSchema,
    handler: async (req) => updateCourse(deps, principalOf(req), req.params.id, req.body),
  });

  route('POST /api/coaching/courses/:id/participants', {
    access: 'coaching.write',
    summary: 'Add workers of the roster to a course, all or none (a worker already in it is a 409)',
    params: IdParams,
    body: AddParticipantsSchema,
    reply: CourseSchema,
    handler: async (req) => addParticipants(deps, principalOf(req), req.params.id, req.body),
  });

  route('PUT /api/coaching/courses/:id/participants/:workerId', {
    access: 'coaching.write',
    summary: "Record a participant's days attended and completion",
    params: ParticipantParams,
    body: UpdateParticipantSchema,
    reply: CourseSchema,
    handler: async (req) =>
      updateParticipant(deps, principalOf(req), req.params.id, req.params.workerId, req.body),
  });

  route('DELETE /api/coaching/courses/:id/participants/:workerId', {
    access: 'coaching.write',
    summary: 'Remove a participant from a course (?version=)',
    params: ParticipantParams,
    querystring: VersionQuery,
    reply: CourseSchema,
    handler: async (req) =>
      removeParticipant(deps, principalOf(req), req.params.id, req.params.workerId, req.query.version),
  });

  route('GET /api/coaching/certificates/:code', {
    access: 'public',
    summary: 'Check a completion certificate by its verification code (public; no name is returned)',
    params: z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]{10}$/) }),
    reply: CertificateSchema,
    handler: async (req) => verifyCertificate(deps, req.params.code),
  });

  route('GET /api/coaching/settings/:id', {
    access: 'config.manage',
    summary:
      "A country's coaching settings (coverage window in years, checklist passing score and low band, whether the ladder's introduced step comes from the first completed coaching)",
    params: IdParams,
    reply: CoachingSettingsSchema,
    handler: async (req) => getCoachingSettings(deps, principalOf(req), req.params.id),
  });

  route('PUT /api/coaching/settings/:id', {
    access: 'config.manage',
    summary:
      "Change a country's coverage window, checklist bands and the source of the ladder's introduced step (send the version you read; 0 for the defaults)",
    params: IdParams,
    body: UpdateCoachingSettingsSchema,
    reply: CoachingSettingsSchema,
    handler: async (req) => updateCoachingSettings(deps, principalOf(req), req.params.id, req.body),
  });

  route('GET /api/coaching/checklists', {
    access: 'workforce.read',
    summary:
      "The skills checklist definitions, every version (the current ones marked); ?country= adds that country's own versions",
    querystring: ChecklistDefinitionsQuerySchema,
    reply: ChecklistDefinitionsSchema,
    handler: async (req) => listChecklistDefinitions(deps.db, principalOf(req), req.query.country),
  });

  route('POST /api/coaching/checklists', {
    access: 'config.manage',
    summary: "Copy a shipped checklist's current version for a country (its own checklist, version 1)",
    description:
      'One copy of each shipped checklist per country (409 otherwise); the same id again is the same copy.',
    body: CopyChecklistSchema,
    reply: ChecklistDefinitionsSchema,
    handler: async (req) => copyChecklist(deps, principalOf(req), req.body),
  });

  route('PUT /api/coaching/checklists/:id', {
    access: 'config.manage',
    summary: "Edit a country's own checklist (items edited, added, removed; the domains stay)",
    description:
      'Send the rowVersion read. While nothing was recorded on the latest version it changes; once something was, the edit becomes the next version and old records keep theirs.',
    params: z.strictObject({ id: z.string().max(40) }),
    body: EditChecklistSchema,
    reply: ChecklistDefinitionsSchema,
    handler: async (req) => editChecklist(deps, principalOf(req), req.params.id, req.body),
  });

  route('PUT /api/coaching/courses/:id/participants/:workerId/checklists/:checklistId', {
    access: 'coaching.write',
    summary:
      'Correct a recorded checklist (send the version read); re-scored on the version it was recorded with',
    params: ParticipantParams.extend({ checklistId: z.uuid() }),
    body: CorrectChecklistSchema,
    reply: CourseSchema,
    handler: async (req) =>
      correctChecklist(deps, principalOf(req), { courseId: req.params.id, ...req.params }, req.body),
  });

  route('POST /api/coaching/courses/:id/participants/:workerId/checklists', {
    access: 'coaching.write',
    summary:
      "Record a participant's skills checklist (before or after coaching), scored on the current version",
    description:
      'Yes 2, partial 1, no 0, not applicable left out; percentage = total ÷ maximum. An after-coaching checklist at the passing score (a country setting, default 80) gives a completed participant the certificate. Idempotent on the client-generated id.',
    params: ParticipantParams,
    body: RecordChecklistSchema,
    reply: CourseSchema,
    handler: async (req) =>
      recordChecklist(deps, principalOf(req), req.params.id, req.params.workerId, req.body),
  });
}
