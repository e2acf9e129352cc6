import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_PNC_SETTINGS, PncSettingsSchema } from '../../../shared/pnc/pnc-settings';
import {
  CloseReferralSchema,
  FollowUpSchema,
  PncSettingsResponseSchema,
  PreferencesInputSchema,
  ReferralSchema,
  VisitInputSchema,
  VisitResultSchema,
  VisitUpdateSchema,
  WorkerProfileInputSchema,
  WorkerProfileSchema,
  WorklistQuerySchema,
  WorklistSchema,
} from '../../../shared/pnc/pnc.schema';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import { getFollowUp, getWorkerProfile, setPreferences, setWorkerProfile } from './pnc-follow-up.service';
import { getPncSettingsForOrgUnit, updatePncSettings } from './pnc-settings.service';
import { closeReferral, deleteVisit, recordVisit, updateVisit } from './pnc-visits.service';
import { getWorklist } from './pnc-worklist';
import { toReferral } from './pnc.repo';

const IdParams = z.strictObject({ id: z.uuid() });

export function registerPncRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['pnc'];

  r.get('/api/pnc/worklist', {
    config: { access: 'pnc.read' },
    schema: {
      tags,
      summary: "Postnatal contacts of an org unit's area: open referrals, due today, overdue, upcoming",
      description:
        'Risk markers first (danger signs found, then low birth weight, preterm, resuscitated, KMC, referred at discharge). A commune sees the pairs handed over to it; a facility (or district) also sees the contacts after discharge of mothers without a commune, or whose commune no PNC worker covers (counts.notHandedOver). The mother’s name and phone appear when the reader may see them. ?section=&limit=&cursor= page through one section.',
      querystring: WorklistQuerySchema,
      response: { 200: WorklistSchema, ...errorResponses },
    },
    handler: async (req) => getWorklist(deps, principalOf(req), req.query),
  });

  r.get('/api/pnc/births/:id', {
    config: { access: 'pnc.read' },
    schema: {
      tags,
      summary:
        'The follow-up of one birth: schedule and status of every contact, visits, referrals, reminders',
      params: IdParams,
      response: { 200: FollowUpSchema, ...errorResponses },
    },
    handler: async (req) => getFollowUp(deps, principalOf(req), req.params.id),
  });

  r.post('/api/pnc/visits', {
    config: { access: 'pnc.write' },
    schema: {
      tags,
      summary: 'Record a postnatal contact of the mother and/or babies (idempotent on a client-generated id)',
      description:
        'Values outside the DAK ranges answer 400 with paths such as newborns.0.temperatureC. Danger signs and threshold breaches come back as urgent findings (urgentReferral: true) and open a referral case that stays on the worklist until closed with an outcome.',
      body: VisitInputSchema,
      response: { 200: VisitResultSchema, 201: VisitResultSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { result, created } = await recordVisit(deps, principalOf(req), req.body);
      return reply.code(created ? 201 : 200).send(result);
    },
  });

  r.put('/api/pnc/visits/:id', {
    config: { access: 'pnc.write' },
    schema: {
      tags,
      summary: 'Correct a recorded visit; send the version you read (409 if it changed)',
      params: IdParams,
      body: VisitUpdateSchema,
      response: { 200: VisitResultSchema, ...errorResponses },
    },
    handler: async (req) => updateVisit(deps, principalOf(req), req.params.id, req.body),
  });

  r.delete('/api/pnc/visits/:id', {
    config: { access: 'pnc.write' },
    schema: {
      tags,
      summary: 'Delete a visit recorded in error (?version=)',
      params: IdParams,
      querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await deleteVisit(deps, principalOf(req), req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/pnc/referrals/:id/close', {
    config: { access: 'pnc.write' },
    schema: {
      tags,
      summary: 'Close a referral case with its outcome (the id is the contact that opened it)',
      params: IdParams,
      body: CloseReferralSchema,
      response: { 200: ReferralSchema, ...errorResponses },
    },
    handler: async (req) => toReferral(await closeReferral(deps, principalOf(req), req.params.id, req.body))!,
  });

  r.put('/api/pnc/births/:id/preferences', {
    config: { access: 'pnc.write' },
    schema: {
      tags,
      summary: "The mother's reminder language and consent (version 0 the first time)",
      params: IdParams,
      body: PreferencesInputSchema,
      response: {
        200: z.object({
          language: z.string().nullable(),
          remindersEnabled: z.boolean(),
          version: z.number().int(),
        }),
        ...errorResponses,
      },
    },
    handler: async (req) => setPreferences(deps, principalOf(req), req.params.id, req.body),
  });

  r.get('/api/pnc/profile', {
    config: { access: 'pnc.write' },
    schema: {
      tags,
      summary: 'Where my daily reminder of due contacts goes',
      response: { 200: WorkerProfileSchema, ...errorResponses },
    },
    handler: async (req) => getWorkerProfile(deps, principalOf(req)),
  });

  r.put('/api/pnc/profile', {
    config: { access: 'pnc.write' },
    schema: {
      tags,
      summary: 'Set my reminder phone (version 0 the first time)',
      body: WorkerProfileInputSchema,
      response: { 200: WorkerProfileSchema, ...errorResponses },
    },
    handler: async (req) => setWorkerProfile(deps, principalOf(req), req.body),
  });

  r.get('/api/pnc/settings', {
    config: { access: 'org_unit.read' },
    schema: {
      tags,
      summary: "Postnatal contact schedule and reminder settings in force for an org unit's country",
      querystring: z.strictObject({ orgUnit: z.uuid() }),
      response: { 200: PncSettingsResponseSchema, ...errorResponses },
    },
    handler: async (req) => ({
      ...(await getPncSettingsForOrgUnit(deps, principalOf(req), req.query.orgUnit)),
      defaults: DEFAULT_PNC_SETTINGS,
    }),
  });

  r.put('/api/pnc/settings/:id', {
    config: { access: 'config.manage' },
    schema: {
      tags,
      summary: "Set a country's postnatal schedule (applies at once to open follow-ups and to indicators)",
      params: IdParams,
      body: z.strictObject({ version: z.number().int().min(0), settings: PncSettingsSchema }),
      response: { 200: PncSettingsResponseSchema, ...errorResponses },
    },
    handler: async (req) => ({
      ...(await updatePncSettings(
        deps,
        principalOf(req),
        req.params.id,
        req.body.version,
        req.body.settings,
      )),
      defaults: DEFAULT_PNC_SETTINGS,
    }),
  });
}
