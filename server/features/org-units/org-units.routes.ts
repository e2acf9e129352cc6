import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { translate } from '../../../shared/i18n/messages';
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
import { principalOf } from '../../http/access';
import { requestLocale } from '../../http/locale';
import { errorResponses } from '../../http/openapi';
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

const IdParams = z.strictObject({ id: z.uuid() });
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
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['org-units'];

  r.get('/api/org-units', {
    config: { access: 'org_unit.read' },
    schema: {
      tags,
      summary: "List org units: children of ?parent, a search (?q, ?kind), or the caller's own scope units",
      querystring: ListOrgUnitsQuerySchema,
      response: { 200: z.object({ items: z.array(OrgUnitSchema) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await listVisibleOrgUnits(deps, principalOf(req), req.query) }),
  });

  r.get('/api/org-units/communes', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: "Search the mother's commune for a birth: every commune of the facility's country",
      description:
        "Name (diacritics and case ignored: `Hai Chau` finds `Hải Châu`) or code contains `q`. The facility's own district comes first, then its province. Names and codes only; the caller must be allowed to record births at `facility`.",
      querystring: CommuneSearchQuerySchema,
      response: { 200: z.object({ items: z.array(CommuneHitSchema) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await findCommunesForBirth(deps, principalOf(req), req.query) }),
  });

  r.get('/api/org-units/:id', {
    config: { access: 'org_unit.read' },
    schema: {
      tags,
      summary: 'One org unit with its ancestors',
      params: IdParams,
      response: { 200: OrgUnitDetailSchema, ...errorResponses },
    },
    handler: async (req) => getVisibleOrgUnit(deps, principalOf(req), req.params.id),
  });

  r.post('/api/org-units', {
    config: { access: 'org_unit.manage' },
    schema: {
      tags,
      summary: 'Create an org unit',
      body: CreateOrgUnitSchema,
      response: { 201: OrgUnitSchema, ...errorResponses },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createOrgUnit(deps, principalOf(req), req.body)),
  });

  r.patch('/api/org-units/:id', {
    config: { access: 'org_unit.manage' },
    schema: {
      tags,
      summary: 'Rename or change attributes (send the version you read; 409 if it changed)',
      params: IdParams,
      body: UpdateOrgUnitSchema,
      response: { 200: OrgUnitSchema, ...errorResponses },
    },
    handler: async (req) => updateOrgUnit(deps, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/org-units/:id/move', {
    config: { access: 'org_unit.manage' },
    schema: {
      tags,
      summary: 'Move under another parent, with its whole subtree',
      params: IdParams,
      body: MoveOrgUnitSchema,
      response: { 200: OrgUnitSchema, ...errorResponses },
    },
    handler: async (req) =>
      moveOrgUnit(deps, principalOf(req), req.params.id, req.body.version, req.body.parentId),
  });

  r.post('/api/org-units/:id/active', {
    config: { access: 'org_unit.manage' },
    schema: {
      tags,
      summary: 'Deactivate or reactivate',
      params: IdParams,
      body: SetOrgUnitActiveSchema,
      response: { 200: OrgUnitSchema, ...errorResponses },
    },
    handler: async (req) =>
      setOrgUnitActive(deps, principalOf(req), req.params.id, req.body.version, req.body.active),
  });

  r.post('/api/org-units/import', {
    config: { access: 'org_unit.manage' },
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Import org units from CSV (text/csv) or a DHIS2 organisationUnits export (application/json)',
      description: `mode=validate reports without writing; mode=commit writes all rows or none. Kinds: ${ORG_UNIT_KINDS.join(', ')}.`,
      querystring: ImportQuerySchema,
      response: { 200: OrgUnitImportReportSchema, ...errorResponses },
    },
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
      if (q.mode === 'commit' && !report.committed) {
        // A commit that could not be applied is a 400 in the standard shape, listing every row's problems.
        throw new AppError('validation_failed', 'errors.validation', report.errors);
      }
      const locale = requestLocale(req);
      return reply.send({
        ...report,
        errors: report.errors.map(({ params, ...e }) => ({
          ...e,
          message: translate(locale, e.message, params),
        })),
      });
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
