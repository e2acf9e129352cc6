import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  KmcDischargeInputSchema,
  KmcEpisodeSchema,
  KmcGraduationInputSchema,
  KmcListQuerySchema,
  KmcListSchema,
  KmcLogInputSchema,
  KmcStartInputSchema,
  KmcStartUpdateSchema,
  LocalDateSchema,
} from '../../../shared/kmc/kmc.schema';
import type { AppDeps } from '../../deps';
import { apiRoutes, createdOrStored, IdParams, sendCreated } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { dischargeEpisode, graduateEpisode, saveLog, startEpisode, updateEpisodeStart } from './kmc.service';
import { getKmcEpisode, listKmc } from './kmc-view';
import { KmcReadinessInputSchema, KmcReadinessSchema } from '../../../shared/kmc/kmc-readiness';
import { getKmcReadiness, saveKmcReadiness } from './kmc-readiness.service';

/** Kangaroo mother care (EENC Module 4, issue 16): docs/kmc.md. */
export function registerKmcRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['kmc']);

  route('GET /api/kmc/babies', {
    access: 'record.read',
    summary: "The KMC list of an org unit's facilities: eligible babies, babies in KMC, recently closed",
    description:
      "Every live-born baby eligible under the country's KMC rule appears from the moment the birth is saved. Babies in KMC first, with the ward flags (under 8 h of skin-to-skin on the last day logged; weight fallen two days running). The mother's name appears when the reader may see it (an audited read).",
    querystring: KmcListQuerySchema,
    reply: KmcListSchema,
    handler: async (req) => listKmc(deps, principalOf(req), req.query),
  });

  route('GET /api/kmc/babies/:id', {
    access: 'record.read',
    summary: 'One baby (by newborn id): eligibility, the KMC episode, its daily log and discharge',
    params: IdParams,
    reply: KmcEpisodeSchema,
    handler: async (req) => getKmcEpisode(deps, principalOf(req), req.params.id),
  });

  route('POST /api/kmc/episodes', {
    access: 'record.write',
    summary: "Open a baby's KMC episode: started (when, where, who, incubator first) or why not",
    description: 'Idempotent on the client-generated id: the same id and baby again answers 200.',
    body: KmcStartInputSchema,
    reply: createdOrStored(KmcEpisodeSchema),
    handler: async (req, reply) => sendCreated(reply, await startEpisode(deps, principalOf(req), req.body)),
  });

  route('PUT /api/kmc/episodes/:id', {
    access: 'record.write',
    summary: 'Correct how an open episode began; send the version read (409 if it changed)',
    params: IdParams,
    body: KmcStartUpdateSchema,
    reply: KmcEpisodeSchema,
    handler: async (req) => updateEpisodeStart(deps, principalOf(req), req.params.id, req.body),
  });

  route('PUT /api/kmc/episodes/:id/logs/:date', {
    access: 'record.write',
    summary: 'Add (version null) or correct one day of the daily log',
    description:
      'Hours of skin-to-skin 0–24. A weight more than 20 % a day from the previous one answers 400 (weightGrams, kmc.weightJump) until sent again with confirmWeightJump. A stale version, or a new entry for a day already logged, answers 409.',
    params: z.strictObject({ id: z.uuid(), date: LocalDateSchema }),
    body: KmcLogInputSchema,
    reply: KmcEpisodeSchema,
    handler: async (req) => saveLog(deps, principalOf(req), req.params.id, req.params.date, req.body),
  });

  route('POST /api/kmc/episodes/:id/discharge', {
    access: 'record.write',
    summary: 'Close the episode: discharge checks, weight and outcome; it keeps the KMC rule in force',
    params: IdParams,
    body: KmcDischargeInputSchema,
    reply: KmcEpisodeSchema,
    handler: async (req) => dischargeEpisode(deps, principalOf(req), req.params.id, req.body),
  });

  route('POST /api/kmc/episodes/:id/graduation', {
    access: 'record.write',
    summary: 'Graduate a baby discharged in KMC from the follow-up, once the country criterion is met',
    description:
      "Weight at least the country's graduation weight or post-menstrual age at least its weeks (defaults 2,500 g, 40 weeks), else 400 (weightGrams, kmc.graduationCriterion). Takes the baby off the KMC follow-up contacts of the postnatal worklists. Send the version read (409 if it changed).",
    params: IdParams,
    body: KmcGraduationInputSchema,
    reply: KmcEpisodeSchema,
    handler: async (req) => graduateEpisode(deps, principalOf(req), req.params.id, req.body),
  });

  route('GET /api/kmc/facilities/:id/readiness', {
    access: 'org_unit.read',
    summary: "A facility's own declaration that it offers KMC: since when, on which wards",
    params: IdParams,
    reply: KmcReadinessSchema,
    handler: async (req) => getKmcReadiness(deps, principalOf(req), req.params.id),
  });

  route('PUT /api/kmc/facilities/:id/readiness', {
    access: 'facility_readiness.write',
    summary: 'Record whether the facility offers KMC (hospital lead, managers of its area)',
    description:
      'The first declaration sends version null, later ones the version read (409 if it changed). Offering KMC needs the first day (not in the future) and at least one ward (KMC ward, postnatal ward, NICU). Counted by the indicator source kmc_facility.',
    params: IdParams,
    body: KmcReadinessInputSchema,
    reply: KmcReadinessSchema,
    handler: async (req) => saveKmcReadiness(deps, principalOf(req), req.params.id, req.body),
  });
}
