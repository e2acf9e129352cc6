import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import {
  CreateOrgUnitSchema,
  ListOrgUnitsQuerySchema,
  MoveOrgUnitSchema,
  ORG_UNIT_KINDS,
  OrgUnitDetailSchema,
  OrgUnitSchema,
  SetOrgUnitActiveSchema,
  UpdateOrgUnitSchema,
} from '../../../shared/org-units/org-unit.schema';
import { CommuneHitSchema, CommuneSearchQuerySchema } from '../../../shared/org-units/commune-search.schema';
import {
  Dhis2GroupMapSchema,
  Dhis2LevelMapSchema,
  OrgUnitImportReportSchema,
} from '../../../shared/org-units/org-unit-import.schema';
import type { AppDeps } from '../../deps';
import { apiRoutes, IdParams } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { importAnswer } from '../../http/locale';
import {
  applyOrgUnitPlan,
  DEFAULT_DHIS2_LEVELS,
  decodeUtf8,
  planFromCsv,
  planFromDhis2,
} from './org-units.import';
import {
  createOrgUnit,
  findCommunesForBirth,
  getVisibleOrgUnit,
  listVisibleOrgUnits,
  moveOrgUnit,
  setOrgUnitActive,
  updateOrgUnit,
} from './org-units.service';

const ImportQuerySchema = z.strictObject({
  format: z.enum(['csv', 'dhis2']),
  mode: z.enum(['validate', 'commit']).default('validate'),
  /**
   * DHIS2 only: where units go whose parent is neither in the export nor imported before (the export's
   * top units, or a partial export of a subtree).
   */
  parent: z.uuid().optional(),
  /** DHIS2 only: JSON object mapping DHIS2 levels to kinds, e.g. {"1":"country","2":"province"}. */
  levels: z.string().max(500).optional(),
  /** DHIS2 only: JSON object mapping org-unit group ids or codes to kinds, e.g. {"CHC":"facility"}; wins over the level. */
  groups: z.string().max(5000).optional(),
});
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

export function registerOrgUnitRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['org-units']);

  route('GET /api/org-units', {
    access: 'org_unit.read',
    summary: "List org units: children of ?parent, a search (?q, ?kind), or the caller's own scope units",
    querystring: ListOrgUnitsQuerySchema,
    reply: z.object({ items: z.array(OrgUnitSchema) }),
    handler: async (req) => ({ items: await listVisibleOrgUnits(deps, principalOf(req), req.query) }),
  });

  route('GET /api/org-units/communes', {
    access: 'record.write',
    summary: "Search the mother's commune for a birth: every commune of the facility's country",
    description:
      "Name (diacritics and case ignored: `Hai Chau` finds `Hải Châu`) or code contains `q`. The facility's own district comes first, then its province. Names and codes only; the caller must be allowed to record births at `facility`.",
    querystring: CommuneSearchQuerySchema,
    reply: z.object({ items: z.array(CommuneHitSchema) }),
    handler: async (req) => ({ items: await findCommunesForBirth(deps, principalOf(req), req.query) }),
  });

  route('GET /api/org-units/:id', {
    access: 'org_unit.read',
    summary: 'One org unit with its ancestors',
    params: IdParams,
    reply: OrgUnitDetailSchema,
    handler: async (req) => getVisibleOrgUnit(deps, principalOf(req), req.params.id),
  });

  route('POST /api/org-units', {
    access: 'org_unit.manage',
    summary: 'Create an org unit',
    body: CreateOrgUnitSchema,
    reply: { 201: OrgUnitSchema },
    handler: async (req, reply) =>
      reply.code(201).send(await createOrgUnit(deps, principalOf(req), req.body)),
  });

  route('PATCH /api/org-units/:id', {
    access: 'org_unit.manage',
    summary: 'Rename or change attributes (send the version you read; 409 if it changed)',
    params: IdParams,
    body: UpdateOrgUnitSchema,
    reply: OrgUnitSchema,
    handler: async (req) => updateOrgUnit(deps, principalOf(req), req.params.id, req.body),
  });

  route('POST /api/org-units/:id/move', {
    access: 'org_unit.manage',
    summary: 'Move under another parent, with its whole subtree',
    params: IdParams,
    body: MoveOrgUnitSchema,
    reply: OrgUnitSchema,
    handler: async (req) =>
      moveOrgUnit(deps, principalOf(req), req.params.id, req.body.version, req.body.parentId),
  });

  route('POST /api/org-units/:id/active', {
    access: 'org_unit.manage',
    summary: 'Deactivate or reactivate',
    params: IdParams,
    body: SetOrgUnitActiveSchema,
    reply: OrgUnitSchema,
    handler: async (req) =>
      setOrgUnitActive(deps, principalOf(req), req.params.id, req.body.version, req.body.active),
  });

  route('POST /api/org-units/import', {
    access: 'org_unit.manage',
    summary: 'Import org units from CSV (text/csv) or a DHIS2 organisationUnits export (application/json)',
    description: `mode=validate reports without writing; mode=commit writes all rows or none. Kinds: ${ORG_UNIT_KINDS.join(', ')}.`,
    querystring: ImportQuerySchema,
    bodyLimit: IMPORT_BODY_LIMIT,
    reply: OrgUnitImportReportSchema,
    handler: async (req, reply) => {
      const body = req.body;
      const bytes = Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
      const text = decodeUtf8(bytes);
      const q = req.query;
      const parsed =
        q.format === 'csv'
          ? planFromCsv(text)
          : planFromDhis2(text, {
              levels: q.levels ? jsonParam(q.levels, Dhis2LevelMapSchema, 'levels') : DEFAULT_DHIS2_LEVELS,
              ...(q.groups ? { groups: jsonParam(q.groups, Dhis2GroupMapSchema, 'groups') } : {}),
              ...(q.parent ? { attachTo: q.parent } : {}),
            });
      const report = await applyOrgUnitPlan(deps, principalOf(req), parsed, q.mode, q.format);
      return reply.send(importAnswer(req, q.mode, report));
    },
  });
}

/** A mapping given as JSON in the query; a bad one names its parameter. */
function jsonParam<T>(text: string, schema: z.ZodType<T>, name: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError('validation_failed', 'errors.validation', [
      { path: name, message: 'import.badMapping' },
    ]);
  return parsed.data;
}
