import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BirthInputSchema, BirthSchema, BirthUpdateSchema } from '../../../shared/births/birth.schema';
import {
  BirthHistoryEntrySchema,
  BirthListSchema,
  ListBirthsQuerySchema,
} from '../../../shared/births/birth-list.schema';
import {
  DEFAULT_EENC_SETTINGS,
  EencSettingsSchema,
  EencSettingsViewSchema,
} from '../../../shared/births/eenc-settings';
import type { AppDeps } from '../../deps';
import { apiRoutes, createdOrStored, deleteWithVersion, IdParams, sendCreated } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { birthHistory, listBirths } from './births.list';
import { createBirth, deleteBirth, getBirth, updateBirth } from './births.service';
import { getSettingsForOrgUnit, updateCountrySettings } from './eenc-settings.service';

export function registerBirthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['births']);

  route('POST /api/births', {
    access: 'record.write',
    summary: 'Record a birth (idempotent on a client-generated id)',
    description:
      'Hard rules answer 400 with issue paths such as newborns.0.birthWeightGrams; practice deviations are saved as flags. 201 when created, 200 when the same document was already stored under this id.',
    body: BirthInputSchema,
    reply: createdOrStored(BirthSchema),
    handler: async (req, reply) => sendCreated(reply, await createBirth(deps, principalOf(req), req.body)),
  });

  route('GET /api/births', {
    access: 'record.read',
    summary: "Births in the caller's area, newest first (?facility=&from=&to=&flag=&outcome=&q=&cursor=)",
    querystring: ListBirthsQuerySchema,
    reply: BirthListSchema,
    handler: async (req) => listBirths(deps, principalOf(req), req.query),
  });

  route('GET /api/births/:id', {
    access: 'record.read',
    summary: 'One birth (the opening is audited)',
    params: IdParams,
    reply: BirthSchema,
    handler: async (req) => getBirth(deps, principalOf(req), req.params.id),
  });

  route('PUT /api/births/:id', {
    access: 'record.write',
    summary: 'Replace a birth document; send the version you read (409 if it changed)',
    params: IdParams,
    body: BirthUpdateSchema,
    reply: BirthSchema,
    handler: async (req) => updateBirth(deps, principalOf(req), req.params.id, req.body),
  });

  route(
    'DELETE /api/births/:id',
    deleteWithVersion('record.write', 'Delete a birth recorded in error (?version=)', (req, id, version) =>
      deleteBirth(deps, principalOf(req), id, version),
    ),
  );

  route('GET /api/births/:id/history', {
    access: 'record.read',
    summary: 'Change history of a birth (from the audit log)',
    params: IdParams,
    reply: z.object({ items: z.array(BirthHistoryEntrySchema) }),
    handler: async (req) => ({ items: await birthHistory(deps, principalOf(req), req.params.id) }),
  });

  route('GET /api/eenc-settings', {
    access: 'org_unit.read',
    summary: "EENC thresholds in force for an org unit's country",
    querystring: z.strictObject({ orgUnit: z.uuid() }),
    reply: EencSettingsViewSchema,
    handler: async (req) => ({
      ...(await getSettingsForOrgUnit(deps, principalOf(req), req.query.orgUnit)),
      defaults: DEFAULT_EENC_SETTINGS,
      earliestBirthDate: deps.config.registerEarliestBirthDate,
    }),
  });

  route('PUT /api/eenc-settings/:id', {
    access: 'config.manage',
    summary:
      "Set a country's EENC thresholds (KMC cut-offs, the step counted as implementing EENC, timings); existing births are re-derived",
    params: IdParams,
    body: z.strictObject({ version: z.number().int().min(0), settings: EencSettingsSchema }),
    reply: EencSettingsViewSchema.extend({ recomputedBirths: z.number().int() }),
    handler: async (req) => ({
      ...(await updateCountrySettings(
        deps,
        principalOf(req),
        req.params.id,
        req.body.version,
        req.body.settings,
      )),
      defaults: DEFAULT_EENC_SETTINGS,
      earliestBirthDate: deps.config.registerEarliestBirthDate,
    }),
  });
}
