import type { FastifyInstance } from 'fastify';
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
import { apiRoutes, createdOrStored, deleteWithVersion, IdParams, sendCreated } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { getFollowUp, getWorkerProfile, setPreferences, setWorkerProfile } from './pnc-follow-up.service';
import { getPncSettingsForOrgUnit, updatePncSettings } from './pnc-settings.service';
import { closeReferral, deleteVisit, recordVisit, updateVisit } from './pnc-visits.service';
import { getWorklist } from './pnc-worklist';
import { toReferral } from './pnc.repo';

export function registerPncRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['pnc']);

  route('GET /api/pnc/worklist', {
    access: 'pnc.read',
    summary: "Postnatal contacts of an org unit's area: open referrals, due today, overdue, upcoming",
    description:
      'Risk markers first (danger signs found, then low birth weight, preterm, resuscitated, KMC, referred at discharge). A commune sees the pairs handed over to it; a facility (or district) also sees the contacts after discharge of mothers without a commune, or whose commune no PNC worker covers (counts.notHandedOver). The mother’s name and phone appear when the reader may see them. ?section=&limit=&cursor= page through one section.',
    querystring: WorklistQuerySchema,
    reply: WorklistSchema,
    handler: async (req) => getWorklist(deps, principalOf(req), req.query),
  });

  route('GET /api/pnc/births/:id', {
    access: 'pnc.read',
    summary: 'The follow-up of one birth: schedule and status of every contact, visits, referrals, reminders',
    params: IdParams,
    reply: FollowUpSchema,
    handler: async (req) => getFollowUp(deps, principalOf(req), req.params.id),
  });

  route('POST /api/pnc/visits', {
    access: 'pnc.write',
    summary: 'Record a postnatal contact of the mother and/or babies (idempotent on a client-generated id)',
    description:
      'Values outside the DAK ranges answer 400 with paths such as newborns.0.temperatureC. Danger signs and threshold breaches come back as urgent findings (urgentReferral: true) and open a referral case that stays on the worklist until closed with an outcome.',
    body: VisitInputSchema,
    reply: createdOrStored(VisitResultSchema),
    handler: async (req, reply) => sendCreated(reply, await recordVisit(deps, principalOf(req), req.body)),
  });

  route('PUT /api/pnc/visits/:id', {
    access: 'pnc.write',
    summary: 'Correct a recorded visit; send the version you read (409 if it changed)',
    params: IdParams,
    body: VisitUpdateSchema,
    reply: VisitResultSchema,
    handler: async (req) => updateVisit(deps, principalOf(req), req.params.id, req.body),
  });

  route(
    'DELETE /api/pnc/visits/:id',
    deleteWithVersion('pnc.write', 'Delete a visit recorded in error (?version=)', (req, id, version) =>
      deleteVisit(deps, principalOf(req), id, version),
    ),
  );

  route('POST /api/pnc/referrals/:id/close', {
    access: 'pnc.write',
    summary: 'Close a referral case with its outcome (the id is the contact that opened it)',
    params: IdParams,
    body: CloseReferralSchema,
    reply: ReferralSchema,
    handler: async (req) => toReferral(await closeReferral(deps, principalOf(req), req.params.id, req.body))!,
  });

  route('PUT /api/pnc/births/:id/preferences', {
    access: 'pnc.write',
    summary: "The mother's reminder language and consent (version 0 the first time)",
    params: IdParams,
    body: PreferencesInputSchema,
    reply: z.object({
      language: z.string().nullable(),
      remindersEnabled: z.boolean(),
      version: z.number().int(),
    }),
    handler: async (req) => setPreferences(deps, principalOf(req), req.params.id, req.body),
  });

  route('GET /api/pnc/profile', {
    access: 'pnc.write',
    summary: 'Where my daily reminder of due contacts goes',
    reply: WorkerProfileSchema,
    handler: async (req) => getWorkerProfile(deps, principalOf(req)),
  });

  route('PUT /api/pnc/profile', {
    access: 'pnc.write',
    summary: 'Set my reminder phone (version 0 the first time)',
    body: WorkerProfileInputSchema,
    reply: WorkerProfileSchema,
    handler: async (req) => setWorkerProfile(deps, principalOf(req), req.body),
  });

  route('GET /api/pnc/settings', {
    access: 'org_unit.read',
    summary: "Postnatal contact schedule and reminder settings in force for an org unit's country",
    querystring: z.strictObject({ orgUnit: z.uuid() }),
    reply: PncSettingsResponseSchema,
    handler: async (req) => ({
      ...(await getPncSettingsForOrgUnit(deps, principalOf(req), req.query.orgUnit)),
      defaults: DEFAULT_PNC_SETTINGS,
    }),
  });

  route('PUT /api/pnc/settings/:id', {
    access: 'config.manage',
    summary: "Set a country's postnatal schedule (applies at once to open follow-ups and to indicators)",
    params: IdParams,
    body: z.strictObject({ version: z.number().int().min(0), settings: PncSettingsSchema }),
    reply: PncSettingsResponseSchema,
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
