import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ActionItemSchema,
  AssessmentDetailSchema,
  AssessmentRecordSchema,
  ChecklistVersionSchema,
  ChecklistVersionSummarySchema,
  CopyChecklistSchema,
  CreateActionSchema,
  CreateAssessmentSchema,
  CreateRecordSchema,
  FacilityAssessmentsSchema,
  ListAssessmentsQuerySchema,
  UpdateActionSchema,
  UpdateAssessmentSchema,
  UpdateChecklistSchema,
  UpdateRecordSchema,
  VersionBodySchema,
} from '../../../shared/assessments/assessment.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import { createAction, deleteAction, updateAction } from './actions.service';
import {
  completeAssessment,
  createAssessment,
  createRecord,
  deleteAssessment,
  deleteRecord,
  getAssessmentDetail,
  listAssessments,
  refreshRegisterPrefill,
  updateAssessment,
  updateRecord,
} from './assessments.service';
import {
  copyChecklist,
  deleteChecklist,
  getChecklist,
  listChecklists,
  publishChecklistVersion,
  updateChecklist,
} from './checklists.service';

const IdParams = z.strictObject({ id: z.uuid() });
const RecordParams = z.strictObject({ id: z.uuid(), recordId: z.uuid() });
const VersionQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

export function registerAssessmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];

  r.get('/api/assessments', {
    config: { access: 'assessment.read' },
    schema: {
      tags,
      summary:
        "A facility's assessments with their standard results (?facility=), or all in the caller's area",
      description:
        'With ?facility=<hospital id>: its assessments (newest period first) with standard results, area scores and priorities, its EENC status ladder and its open action items. Results of completed assessments are those frozen at completion.',
      querystring: ListAssessmentsQuerySchema,
      response: { 200: FacilityAssessmentsSchema, ...errorResponses },
    },
    handler: async (req) => listAssessments(deps, principalOf(req), req.query),
  });

  r.post('/api/assessments', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Start an assessment of a hospital for a period (idempotent on a client-generated id)',
      body: CreateAssessmentSchema,
      response: { 200: AssessmentDetailSchema, 201: AssessmentDetailSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { assessment, created } = await createAssessment(deps, principalOf(req), req.body);
      return reply.code(created ? 201 : 200).send(assessment);
    },
  });

  r.get('/api/assessments/:id', {
    config: { access: 'assessment.read' },
    schema: {
      tags,
      summary: 'One assessment: checklist definition, forms, results, priorities, action plan, ladder',
      description:
        'Free text of interviews and chart reviews is returned only to readers at facility level (listed in hiddenItems otherwise).',
      params: IdParams,
      response: { 200: AssessmentDetailSchema, ...errorResponses },
    },
    handler: async (req) => getAssessmentDetail(deps, principalOf(req), req.params.id),
  });

  r.patch('/api/assessments/:id', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Change the period or notes of an assessment in progress (send the version you read)',
      params: IdParams,
      body: UpdateAssessmentSchema,
      response: { 200: AssessmentDetailSchema, ...errorResponses },
    },
    handler: async (req) => updateAssessment(deps, principalOf(req), req.params.id, req.body),
  });

  r.delete('/api/assessments/:id', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Delete an assessment still in progress (?version=)',
      params: IdParams,
      querystring: VersionQuery,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteAssessment(deps, principalOf(req), req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/assessments/:id/complete', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Complete an assessment: 400 lists every missing answer; results are then frozen',
      params: IdParams,
      body: VersionBodySchema,
      response: { 200: AssessmentDetailSchema, ...errorResponses },
    },
    handler: async (req) => completeAssessment(deps, principalOf(req), req.params.id, req.body.version),
  });

  r.post('/api/assessments/:id/records', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Add a form (observed birth, mother interview, chart review) to an assessment',
      params: IdParams,
      body: CreateRecordSchema,
      response: { 200: AssessmentRecordSchema, 201: AssessmentRecordSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { record, created } = await createRecord(deps, principalOf(req), req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(record);
    },
  });

  r.put('/api/assessments/:id/records/:recordId', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary:
        "Save a form's answers (partial answers allowed; invalid ones refused at answers.<item>; 409 if stale)",
      params: RecordParams,
      body: UpdateRecordSchema,
      response: { 200: AssessmentRecordSchema, ...errorResponses },
    },
    handler: async (req) =>
      updateRecord(deps, principalOf(req), req.params.id, req.params.recordId, req.body),
  });

  r.delete('/api/assessments/:id/records/:recordId', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Remove a form from a repeating part (?version=)',
      params: RecordParams,
      querystring: VersionQuery,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteRecord(deps, principalOf(req), req.params.id, req.params.recordId, req.query.version);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/assessments/:id/register-prefill', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Recount the register summary from the birth register (edited values are kept)',
      params: IdParams,
      body: VersionBodySchema,
      response: { 200: AssessmentRecordSchema, ...errorResponses },
    },
    handler: async (req) => refreshRegisterPrefill(deps, principalOf(req), req.params.id, req.body.version),
  });

  r.post('/api/assessments/:id/actions', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Add an action-plan item for a gap (idempotent on a client-generated id)',
      params: IdParams,
      body: CreateActionSchema,
      response: { 200: ActionItemSchema, 201: ActionItemSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { action, created } = await createAction(deps, principalOf(req), req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(action);
    },
  });

  r.patch('/api/assessment-actions/:id', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Update an action-plan item (status, progress, due date); send the version you read',
      params: IdParams,
      body: UpdateActionSchema,
      response: { 200: ActionItemSchema, ...errorResponses },
    },
    handler: async (req) => updateAction(deps, principalOf(req), req.params.id, req.body),
  });

  r.delete('/api/assessment-actions/:id', {
    config: { access: 'assessment.write' },
    schema: {
      tags,
      summary: 'Delete an action-plan item (?version=)',
      params: IdParams,
      querystring: VersionQuery,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteAction(deps, principalOf(req), req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  const ctags = ['checklists'];
  r.get('/api/checklists', {
    config: { access: 'org_unit.read' },
    schema: {
      tags: ctags,
      summary: 'Checklist versions: regional defaults and, with ?country=, that country’s versions',
      querystring: z.strictObject({ country: z.uuid().optional() }),
      response: { 200: z.object({ items: z.array(ChecklistVersionSummarySchema) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await listChecklists(deps, req.query.country) }),
  });

  r.get('/api/checklists/:id', {
    config: { access: 'org_unit.read' },
    schema: {
      tags: ctags,
      summary: 'One checklist version with its full definition',
      params: IdParams,
      response: { 200: ChecklistVersionSchema, ...errorResponses },
    },
    handler: async (req) => getChecklist(deps, req.params.id),
  });

  r.post('/api/checklists', {
    config: { access: 'config.manage' },
    schema: {
      tags: ctags,
      summary: 'Copy a checklist version into a draft for a country',
      body: CopyChecklistSchema,
      response: { 200: ChecklistVersionSchema, 201: ChecklistVersionSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { checklist, created } = await copyChecklist(deps, principalOf(req), req.body);
      return reply.code(created ? 201 : 200).send(checklist);
    },
  });

  r.put('/api/checklists/:id', {
    config: { access: 'config.manage' },
    schema: {
      tags: ctags,
      summary: 'Save a draft; every problem of the definition is answered at once (400, definition.<path>)',
      params: IdParams,
      body: UpdateChecklistSchema,
      response: { 200: ChecklistVersionSchema, ...errorResponses },
    },
    handler: async (req) => updateChecklist(deps, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/checklists/:id/publish', {
    config: { access: 'config.manage' },
    schema: {
      tags: ctags,
      summary: 'Publish a draft: new assessments in the country use it; old ones keep theirs',
      params: IdParams,
      body: VersionBodySchema,
      response: { 200: ChecklistVersionSchema, ...errorResponses },
    },
    handler: async (req) => publishChecklistVersion(deps, principalOf(req), req.params.id, req.body.version),
  });

  r.delete('/api/checklists/:id', {
    config: { access: 'config.manage' },
    schema: {
      tags: ctags,
      summary: 'Delete a draft (?version=)',
      params: IdParams,
      querystring: VersionQuery,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteChecklist(deps, principalOf(req), req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });
}
