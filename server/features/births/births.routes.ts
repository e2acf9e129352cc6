import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import { birthHistory, listBirths } from './births.list';
import { createBirth, deleteBirth, getBirth, updateBirth } from './births.service';
import { getSettingsForOrgUnit, updateCountrySettings } from './eenc-settings.service';

const IdParams = z.strictObject({ id: z.uuid() });
export function registerBirthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['births'];

  r.post('/api/births', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: 'Record a birth (idempotent on a client-generated id)',
      description:
        'Hard rules answer 400 with issue paths such as newborns.0.birthWeightGrams; practice deviations are saved as flags. 201 when created, 200 when the same document was already stored under this id.',
      body: BirthInputSchema,
      response: { 200: BirthSchema, 201: BirthSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { birth, created } = await createBirth(deps, principalOf(req), req.body);
      return reply.code(created ? 201 : 200).send(birth);
    },
  });

  r.get('/api/births', {
    config: { access: 'record.read' },
    schema: {
      tags,
      summary: "Births in the caller's area, newest first (?facility=&from=&to=&flag=&outcome=&q=&cursor=)",
      querystring: ListBirthsQuerySchema,
      response: { 200: BirthListSchema, ...errorResponses },
    },
    handler: async (req) => listBirths(deps, principalOf(req), req.query),
  });

  r.get('/api/births/:id', {
    config: { access: 'record.read' },
    schema: {
      tags,
      summary: 'One birth (the opening is audited)',
      params: IdParams,
      response: { 200: BirthSchema, ...errorResponses },
    },
    handler: async (req) => getBirth(deps, principalOf(req), req.params.id),
  });

  r.put('/api/births/:id', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: 'Replace a birth document; send the version you read (409 if it changed)',
      params: IdParams,
      body: BirthUpdateSchema,
      response: { 200: BirthSchema, ...errorResponses },
    },
    handler: async (req) => updateBirth(deps, principalOf(req), req.params.id, req.body),
  });

  r.delete('/api/births/:id', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: 'Delete a birth recorded in error (?version=)',
      params: IdParams,
      querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteBirth(deps, principalOf(req), req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  r.get('/api/births/:id/history', {
    config: { access: 'record.read' },
    schema: {
      tags,
      summary: 'Change history of a birth (from the audit log)',
      params: IdParams,
      response: { 200: z.object({ items: z.array(BirthHistoryEntrySchema) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await birthHistory(deps, principalOf(req), req.params.id) }),
  });

  r.get('/api/eenc-settings', {
    config: { access: 'org_unit.read' },
    schema: {
      tags,
      summary: "EENC thresholds in force for an org unit's country",
      querystring: z.strictObject({ orgUnit: z.uuid() }),
      response: { 200: EencSettingsViewSchema, ...errorResponses },
    },
    handler: async (req) => ({
      ...(await getSettingsForOrgUnit(deps, principalOf(req), req.query.orgUnit)),
      defaults: DEFAULT_EENC_SETTINGS,
      earliestBirthDate: deps.config.registerEarliestBirthDate,
    }),
  });

  r.put('/api/eenc-settings/:id', {
    config: { access: 'config.manage' },
    schema: {
      tags,
      summary:
        "Set a country's EENC thresholds (KMC cut-offs, the step counted as implementing EENC, timings); existing births are re-derived",
      params: IdParams,
      body: z.strictObject({ version: z.number().int().min(0), settings: EencSettingsSchema }),
      response: {
        200: EencSettingsViewSchema.extend({ recomputedBirths: z.number().int() }),
        ...errorResponses,
      },
    },
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
