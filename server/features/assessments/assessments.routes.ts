import type { FastifyInstance } from 'fastify';
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
import {
  apiRoutes,
  createdOrStored,
  deleteWithVersion,
  IdParams,
  NO_CONTENT,
  sendCreated,
  sendNoContent,
  VersionQuery,
} from '../../http/api-route';
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

const RecordParams = z.strictObject({ id: z.uuid(), recordId: z.uuid() });

export function registerAssessmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['assessments']);

  route('GET /api/assessments', {
    access: 'assessment.read',
    summary: "A facility's assessments with their standard results (?facility=), or all in the caller's area",
    description:
      'With ?facility=<hospital id>: its assessments (newest period first) with standard results, area scores and priorities, its EENC status ladder and its open action items. Results of completed assessments are those frozen at completion.',
    querystring: ListAssessmentsQuerySchema,
    reply: FacilityAssessmentsSchema,
    handler: async (req) => listAssessments(deps, principalOf(req), req.query),
  });

  route('POST /api/assessments', {
    access: 'assessment.write',
    summary: 'Start an assessment of a hospital for a period (idempotent on a client-generated id)',
    body: CreateAssessmentSchema,
    reply: createdOrStored(AssessmentDetailSchema),
    handler: async (req, reply) =>
      sendCreated(reply, await createAssessment(deps, principalOf(req), req.body)),
  });

  route('GET /api/assessments/:id', {
    access: 'assessment.read',
    summary: 'One assessment: checklist definition, forms, results, priorities, action plan, ladder',
    description:
      'Free text of interviews and chart reviews is returned only to readers at facility level (listed in hiddenItems otherwise).',
    params: IdParams,
    reply: AssessmentDetailSchema,
    handler: async (req) => getAssessmentDetail(deps, principalOf(req), req.params.id),
  });

  route('PATCH /api/assessments/:id', {
    access: 'assessment.write',
    summary: 'Change the period or notes of an assessment in progress (send the version you read)',
    params: IdParams,
    body: UpdateAssessmentSchema,
    reply: AssessmentDetailSchema,
    handler: async (req) => updateAssessment(deps, principalOf(req), req.params.id, req.body),
  });

  route(
    'DELETE /api/assessments/:id',
    deleteWithVersion(
      'assessment.write',
      'Delete an assessment still in progress (?version=)',
      (req, id, version) => deleteAssessment(deps, principalOf(req), id, version),
    ),
  );

  route('POST /api/assessments/:id/complete', {
    access: 'assessment.write',
    summary: 'Complete an assessment: 400 lists every missing answer; results are then frozen',
    params: IdParams,
    body: VersionBodySchema,
    reply: AssessmentDetailSchema,
    handler: async (req) => completeAssessment(deps, principalOf(req), req.params.id, req.body.version),
  });

  route('POST /api/assessments/:id/records', {
    access: 'assessment.write',
    summary: 'Add a form (observed birth, mother interview, chart review) to an assessment',
    params: IdParams,
    body: CreateRecordSchema,
    reply: createdOrStored(AssessmentRecordSchema),
    handler: async (req, reply) =>
      sendCreated(reply, await createRecord(deps, principalOf(req), req.params.id, req.body)),
  });

  route('PUT /api/assessments/:id/records/:recordId', {
    access: 'assessment.write',
    summary:
      "Save a form's answers (partial answers allowed; invalid ones refused at answers.<item>; 409 if stale)",
    params: RecordParams,
    body: UpdateRecordSchema,
    reply: AssessmentRecordSchema,
    handler: async (req) =>
      updateRecord(deps, principalOf(req), req.params.id, req.params.recordId, req.body),
  });

  route('DELETE /api/assessments/:id/records/:recordId', {
    access: 'assessment.write',
    summary: 'Remove a form from a repeating part (?version=)',
    params: RecordParams,
    querystring: VersionQuery,
    reply: NO_CONTENT,
    handler: async (req, reply) =>
      sendNoContent(
        reply,
        deleteRecord(deps, principalOf(req), req.params.id, req.params.recordId, req.query.version),
      ),
  });

  route('POST /api/assessments/:id/register-prefill', {
    access: 'assessment.write',
    summary: 'Recount the register summary from the birth register (edited values are kept)',
    params: IdParams,
    body: VersionBodySchema,
    reply: AssessmentRecordSchema,
    handler: async (req) => refreshRegisterPrefill(deps, principalOf(req), req.params.id, req.body.version),
  });

  route('POST /api/assessments/:id/actions', {
    access: 'assessment.write',
    summary: 'Add an action-plan item for a gap (idempotent on a client-generated id)',
    params: IdParams,
    body: CreateActionSchema,
    reply: createdOrStored(ActionItemSchema),
    handler: async (req, reply) =>
      sendCreated(reply, await createAction(deps, principalOf(req), req.params.id, req.body)),
  });

  route('PATCH /api/assessment-actions/:id', {
    access: 'assessment.write',
    summary: 'Update an action-plan item (status, progress, due date); send the version you read',
    params: IdParams,
    body: UpdateActionSchema,
    reply: ActionItemSchema,
    handler: async (req) => updateAction(deps, principalOf(req), req.params.id, req.body),
  });

  route(
    'DELETE /api/assessment-actions/:id',
    deleteWithVersion('assessment.write', 'Delete an action-plan item (?version=)', (req, id, version) =>
      deleteAction(deps, principalOf(req), id, version),
    ),
  );

  const checklistRoute = apiRoutes(app, ['checklists']);
  checklistRoute('GET /api/checklists', {
    access: 'org_unit.read',
    summary: 'Checklist versions: regional defaults and, with ?country=, that country’s versions',
    querystring: z.strictObject({ country: z.uuid().optional() }),
    reply: z.object({ items: z.array(ChecklistVersionSummarySchema) }),
    handler: async (req) => ({ items: await listChecklists(deps, req.query.country) }),
  });

  checklistRoute('GET /api/checklists/:id', {
    access: 'org_unit.read',
    summary: 'One checklist version with its full definition',
    params: IdParams,
    reply: ChecklistVersionSchema,
    handler: async (req) => getChecklist(deps, req.params.id),
  });

  checklistRoute('POST /api/checklists', {
    access: 'config.manage',
    summary: 'Copy a checklist version into a draft for a country',
    body: CopyChecklistSchema,
    reply: createdOrStored(ChecklistVersionSchema),
    handler: async (req, reply) => sendCreated(reply, await copyChecklist(deps, principalOf(req), req.body)),
  });

  checklistRoute('PUT /api/checklists/:id', {
    access: 'config.manage',
    summary: 'Save a draft; every problem of the definition is answered at once (400, definition.<path>)',
    params: IdParams,
    body: UpdateChecklistSchema,
    reply: ChecklistVersionSchema,
    handler: async (req) => updateChecklist(deps, principalOf(req), req.params.id, req.body),
  });

  checklistRoute('POST /api/checklists/:id/publish', {
    access: 'config.manage',
    summary: 'Publish a draft: new assessments in the country use it; old ones keep theirs',
    params: IdParams,
    body: VersionBodySchema,
    reply: ChecklistVersionSchema,
    handler: async (req) => publishChecklistVersion(deps, principalOf(req), req.params.id, req.body.version),
  });

  checklistRoute(
    'DELETE /api/checklists/:id',
    deleteWithVersion('config.manage', 'Delete a draft (?version=)', (req, id, version) =>
      deleteChecklist(deps, principalOf(req), id, version),
    ),
  );
}
