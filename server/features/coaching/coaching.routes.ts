import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { errorResponses } from '../../http/openapi';
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

const IdParams = z.strictObject({ id: z.uuid() });
const ParticipantParams = z.strictObject({ id: z.uuid(), workerId: z.uuid() });
const VersionQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

/** Health-worker rosters and coaching courses (EENC Module 2, docs/coaching.md). */
export function registerCoachingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['coaching'];

  r.get('/api/coaching/roster', {
    config: { access: 'workforce.read' },
    schema: {
      tags,
      summary: "A facility's health-worker roster (?facility=; &all=true adds those who left)",
      description:
        'Names and phones only for readers scoped to the facility; others see each worker by code.',
      querystring: RosterQuerySchema,
      response: { 200: RosterSchema, ...errorResponses },
    },
    handler: async (req) => listRoster(deps, principalOf(req), req.query),
  });

  r.get('/api/coaching/roster/template.csv', {
    config: { access: 'roster.manage' },
    schema: {
      tags,
      summary: 'CSV template of the roster import (header row; docs/coaching.md lists the columns)',
      response: { 200: z.string(), ...errorResponses },
    },
    handler: async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="roster-template.csv"')
        .send(toCsvHeader(ROSTER_CSV_COLUMNS)),
  });

  r.get('/api/coaching/roster/template.xlsx', {
    config: { access: 'roster.manage' },
    schema: {
      tags,
      summary: 'Excel template of the roster import (header row; the allowed values on a second sheet)',
      response: { 200: z.any(), ...errorResponses },
    },
    handler: async (_req, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="roster-template.xlsx"')
        .send(await xlsxTemplate(CHOICES)),
  });

  r.post('/api/coaching/roster/import', {
    config: { access: 'roster.manage' },
    bodyLimit: 3_000_000,
    schema: {
      tags,
      summary:
        "Import a facility's roster from CSV text or an Excel file (base64): all rows or none (mode=all), or the valid rows",
      description: 'Answers with a report naming each problem by row (the header is row 1) and column.',
      body: RosterImportSchema,
      response: { 200: RosterImportReportSchema, ...errorResponses },
    },
    handler: async (req) => importRoster(deps, principalOf(req), req.body),
  });

  r.post('/api/coaching/workers', {
    config: { access: 'roster.manage' },
    schema: {
      tags,
      summary: "Add a health worker to a facility's roster (idempotent on a client-generated id)",
      body: CreateWorkerSchema,
      response: { 200: HealthWorkerSchema, 201: HealthWorkerSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { worker, created } = await createWorker(deps, principalOf(req), req.body);
      return reply.code(created ? 201 : 200).send(worker);
    },
  });

  r.get('/api/coaching/workers/:id', {
    config: { access: 'workforce.read' },
    schema: {
      tags,
      summary: 'One health worker with their postings',
      params: IdParams,
      response: { 200: HealthWorkerSchema, ...errorResponses },
    },
    handler: async (req) => getWorker(deps, principalOf(req), req.params.id),
  });

  r.patch('/api/coaching/workers/:id', {
    config: { access: 'roster.manage' },
    schema: {
      tags,
      summary: "Edit a worker's name, cadre, phone or facilitator status (send the version you read)",
      params: IdParams,
      body: UpdateWorkerSchema,
      response: { 200: HealthWorkerSchema, ...errorResponses },
    },
    handler: async (req) => updateWorker(deps, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/coaching/workers/:id/move', {
    config: { access: 'roster.manage' },
    schema: {
      tags,
      summary: 'Move a worker to another facility or ward from a date (history kept)',
      params: IdParams,
      body: MoveWorkerSchema,
      response: { 200: HealthWorkerSchema, ...errorResponses },
    },
    handler: async (req) => moveWorker(deps, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/coaching/workers/:id/deactivate', {
    config: { access: 'roster.manage' },
    schema: {
      tags,
      summary: 'Take a worker off the roster from a date (history kept)',
      params: IdParams,
      body: DeactivateWorkerSchema,
      response: { 200: HealthWorkerSchema, ...errorResponses },
    },
    handler: async (req) => deactivateWorker(deps, principalOf(req), req.params.id, req.body),
  });

  r.get('/api/coaching/courses', {
    config: { access: 'workforce.read' },
    schema: {
      tags,
      summary: "Coaching courses at a venue (?venue=) or in the caller's area, newest first",
      querystring: CourseListQuerySchema,
      response: { 200: CourseListSchema, ...errorResponses },
    },
    handler: async (req) => listCourses(deps, principalOf(req), req.query),
  });

  r.post('/api/coaching/courses', {
    config: { access: 'coaching.write' },
    schema: {
      tags,
      summary: 'Record a coaching course at a venue (idempotent on a client-generated id)',
      body: CreateCourseSchema,
      response: { 200: CourseSchema, 201: CourseSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { course, created } = await createCourse(deps, principalOf(req), req.body);
      return reply.code(created ? 201 : 200).send(course);
    },
  });

  r.get('/api/coaching/courses/:id', {
    config: { access: 'workforce.read' },
    schema: {
      tags,
      summary: 'One course with its facilitators and participants',
      params: IdParams,
      response: { 200: CourseSchema, ...errorResponses },
    },
    handler: async (req) => getCourse(deps, principalOf(req), req.params.id),
  });

  r.put('/api/coaching/courses/:id', {
    config: { access: 'coaching.write' },
    schema: {
      tags,
      summary: 'Change a course (send the version you read)',
      params: IdParams,
      body: UpdateCourseSchema,
      response: { 200: CourseSchema, ...errorResponses },
    },
    handler: async (req) => updateCourse(deps, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/coaching/courses/:id/participants', {
    config: { access: 'coaching.write' },
    schema: {
      tags,
      summary: 'Add workers of the roster to a course, all or none (a worker already in it is a 409)',
      params: IdParams,
      body: AddParticipantsSchema,
      response: { 200: CourseSchema, ...errorResponses },
    },
    handler: async (req) => addParticipants(deps, principalOf(req), req.params.id, req.body),
  });

  r.put('/api/coaching/courses/:id/participants/:workerId', {
    config: { access: 'coaching.write' },
    schema: {
      tags,
      summary: "Record a participant's days attended and completion",
      params: ParticipantParams,
      body: UpdateParticipantSchema,
      response: { 200: CourseSchema, ...errorResponses },
    },
    handler: async (req) =>
      updateParticipant(deps, principalOf(req), req.params.id, req.params.workerId, req.body),
  });

  r.delete('/api/coaching/courses/:id/participants/:workerId', {
    config: { access: 'coaching.write' },
    schema: {
      tags,
      summary: 'Remove a participant from a course (?version=)',
      params: ParticipantParams,
      querystring: VersionQuery,
      response: { 200: CourseSchema, ...errorResponses },
    },
    handler: async (req) =>
      removeParticipant(deps, principalOf(req), req.params.id, req.params.workerId, req.query.version),
  });

  r.get('/api/coaching/certificates/:code', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Check a completion certificate by its verification code (public; no name is returned)',
      params: z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]{10}$/) }),
      response: { 200: CertificateSchema, ...errorResponses },
    },
    handler: async (req) => verifyCertificate(deps, req.params.code),
  });

  r.get('/api/coaching/settings/:id', {
    config: { access: 'config.manage' },
    schema: {
      tags,
      summary:
        "A country's coaching settings (coverage window in years, checklist passing score and low band, whether the ladder's introduced step comes from the first completed coaching)",
      params: IdParams,
      response: { 200: CoachingSettingsSchema, ...errorResponses },
    },
    handler: async (req) => getCoachingSettings(deps, principalOf(req), req.params.id),
  });

  r.put('/api/coaching/settings/:id', {
    config: { access: 'config.manage' },
    schema: {
      tags,
      summary:
        "Change a country's coverage window, checklist bands and the source of the ladder's introduced step (send the version you read; 0 for the defaults)",
      params: IdParams,
      body: UpdateCoachingSettingsSchema,
      response: { 200: CoachingSettingsSchema, ...errorResponses },
    },
    handler: async (req) => updateCoachingSettings(deps, principalOf(req), req.params.id, req.body),
  });

  r.get('/api/coaching/checklists', {
    config: { access: 'workforce.read' },
    schema: {
      tags,
      summary:
        "The skills checklist definitions, every version (the current ones marked); ?country= adds that country's own versions",
      querystring: ChecklistDefinitionsQuerySchema,
      response: { 200: ChecklistDefinitionsSchema, ...errorResponses },
    },
    handler: async (req) => listChecklistDefinitions(deps.db, principalOf(req), req.query.country),
  });

  r.post('/api/coaching/checklists', {
    config: { access: 'config.manage' },
    schema: {
      tags,
      summary: "Copy a shipped checklist's current version for a country (its own checklist, version 1)",
      description:
        'One copy of each shipped checklist per country (409 otherwise); the same id again is the same copy.',
      body: CopyChecklistSchema,
      response: { 200: ChecklistDefinitionsSchema, ...errorResponses },
    },
    handler: async (req) => copyChecklist(deps, principalOf(req), req.body),
  });

  r.put('/api/coaching/checklists/:id', {
    config: { access: 'config.manage' },
    schema: {
      tags,
      summary: "Edit a country's own checklist (items edited, added, removed; the domains stay)",
      description:
        'Send the rowVersion read. While nothing was recorded on the latest version it changes; once something was, the edit becomes the next version and old records keep theirs.',
      params: z.strictObject({ id: z.string().max(40) }),
      body: EditChecklistSchema,
      response: { 200: ChecklistDefinitionsSchema, ...errorResponses },
    },
    handler: async (req) => editChecklist(deps, principalOf(req), req.params.id, req.body),
  });

  r.put('/api/coaching/courses/:id/participants/:workerId/checklists/:checklistId', {
    config: { access: 'coaching.write' },
    schema: {
      tags,
      summary:
        'Correct a recorded checklist (send the version read); re-scored on the version it was recorded with',
      params: ParticipantParams.extend({ checklistId: z.uuid() }),
      body: CorrectChecklistSchema,
      response: { 200: CourseSchema, ...errorResponses },
    },
    handler: async (req) =>
      correctChecklist(deps, principalOf(req), { courseId: req.params.id, ...req.params }, req.body),
  });

  r.post('/api/coaching/courses/:id/participants/:workerId/checklists', {
    config: { access: 'coaching.write' },
    schema: {
      tags,
      summary:
        "Record a participant's skills checklist (before or after coaching), scored on the current version",
      description:
        'Yes 2, partial 1, no 0, not applicable left out; percentage = total ÷ maximum. An after-coaching checklist at the passing score (a country setting, default 80) gives a completed participant the certificate. Idempotent on the client-generated id.',
      params: ParticipantParams,
      body: RecordChecklistSchema,
      response: { 200: CourseSchema, ...errorResponses },
    },
    handler: async (req) =>
      recordChecklist(deps, principalOf(req), req.params.id, req.params.workerId, req.body),
  });
}
