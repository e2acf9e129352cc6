import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { principalOf } from '../../http/access';
import { errorResponses } from '../../http/openapi';
import { dischargeEpisode, graduateEpisode, saveLog, startEpisode, updateEpisodeStart } from './kmc.service';
import { getKmcEpisode, listKmc } from './kmc-view';
import { KmcReadinessInputSchema, KmcReadinessSchema } from '../../../shared/kmc/kmc-readiness';
import { getKmcReadiness, saveKmcReadiness } from './kmc-readiness.service';

const IdParams = z.strictObject({ id: z.uuid() });

/** Kangaroo mother care (EENC Module 4, issue 16): docs/kmc.md. */
export function registerKmcRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['kmc'];

  r.get('/api/kmc/babies', {
    config: { access: 'record.read' },
    schema: {
      tags,
      summary: "The KMC list of an org unit's facilities: eligible babies, babies in KMC, recently closed",
      description:
        "Every live-born baby eligible under the country's KMC rule appears from the moment the birth is saved. Babies in KMC first, with the ward flags (under 8 h of skin-to-skin on the last day logged; weight fallen two days running). The mother's name appears when the reader may see it (an audited read).",
      querystring: KmcListQuerySchema,
      response: { 200: KmcListSchema, ...errorResponses },
    },
    handler: async (req) => listKmc(deps, principalOf(req), req.query),
  });

  r.get('/api/kmc/babies/:id', {
    config: { access: 'record.read' },
    schema: {
      tags,
      summary: 'One baby (by newborn id): eligibility, the KMC episode, its daily log and discharge',
      params: IdParams,
      response: { 200: KmcEpisodeSchema, ...errorResponses },
    },
    handler: async (req) => getKmcEpisode(deps, principalOf(req), req.params.id),
  });

  r.post('/api/kmc/episodes', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: "Open a baby's KMC episode: started (when, where, who, incubator first) or why not",
      description: 'Idempotent on the client-generated id: the same id and baby again answers 200.',
      body: KmcStartInputSchema,
      response: { 200: KmcEpisodeSchema, 201: KmcEpisodeSchema, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { episode, created } = await startEpisode(deps, principalOf(req), req.body);
      return reply.code(created ? 201 : 200).send(episode);
    },
  });

  r.put('/api/kmc/episodes/:id', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: 'Correct how an open episode began; send the version read (409 if it changed)',
      params: IdParams,
      body: KmcStartUpdateSchema,
      response: { 200: KmcEpisodeSchema, ...errorResponses },
    },
    handler: async (req) => updateEpisodeStart(deps, principalOf(req), req.params.id, req.body),
  });

  r.put('/api/kmc/episodes/:id/logs/:date', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: 'Add (version null) or correct one day of the daily log',
      description:
        'Hours of skin-to-skin 0–24. A weight more than 20 % a day from the previous one answers 400 (weightGrams, kmc.weightJump) until sent again with confirmWeightJump. A stale version, or a new entry for a day already logged, answers 409.',
      params: z.strictObject({ id: z.uuid(), date: LocalDateSchema }),
      body: KmcLogInputSchema,
      response: { 200: KmcEpisodeSchema, ...errorResponses },
    },
    handler: async (req) => saveLog(deps, principalOf(req), req.params.id, req.params.date, req.body),
  });

  r.post('/api/kmc/episodes/:id/discharge', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: 'Close the episode: discharge checks, weight and outcome; it keeps the KMC rule in force',
      params: IdParams,
      body: KmcDischargeInputSchema,
      response: { 200: KmcEpisodeSchema, ...errorResponses },
    },
    handler: async (req) => dischargeEpisode(deps, principalOf(req), req.params.id, req.body),
  });

  r.post('/api/kmc/episodes/:id/graduation', {
    config: { access: 'record.write' },
    schema: {
      tags,
      summary: 'Graduate a baby discharged in KMC from the follow-up, once the country criterion is met',
      description:
        "Weight at least the country's graduation weight or post-menstrual age at least its weeks (defaults 2,500 g, 40 weeks), else 400 (weightGrams, kmc.graduationCriterion). Takes the baby off the KMC follow-up contacts of the postnatal worklists. Send the version read (409 if it changed).",
      params: IdParams,
      body: KmcGraduationInputSchema,
      response: { 200: KmcEpisodeSchema, ...errorResponses },
    },
    handler: async (req) => graduateEpisode(deps, principalOf(req), req.params.id, req.body),
  });

  r.get('/api/kmc/facilities/:id/readiness', {
    config: { access: 'org_unit.read' },
    schema: {
      tags,
      summary: "A facility's own declaration that it offers KMC: since when, on which wards",
      params: IdParams,
      response: { 200: KmcReadinessSchema, ...errorResponses },
    },
    handler: async (req) => getKmcReadiness(deps, principalOf(req), req.params.id),
  });

  r.put('/api/kmc/facilities/:id/readiness', {
    config: { access: 'facility_readiness.write' },
    schema: {
      tags,
      summary: 'Record whether the facility offers KMC (hospital lead, managers of its area)',
      description:
        'The first declaration sends version null, later ones the version read (409 if it changed). Offering KMC needs the first day (not in the future) and at least one ward (KMC ward, postnatal ward, NICU). Counted by the indicator source kmc_facility.',
      params: IdParams,
      body: KmcReadinessInputSchema,
      response: { 200: KmcReadinessSchema, ...errorResponses },
    },
    handler: async (req) => saveKmcReadiness(deps, principalOf(req), req.params.id, req.body),
  });
}
