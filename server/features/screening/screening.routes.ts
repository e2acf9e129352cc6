import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ScreeningBirthDecisionSchema,
  ScreeningBirthMatchesSchema,
  ScreeningClientDetailSchema,
  ScreeningClientInputSchema,
  ScreeningClientUpdateSchema,
  ScreeningEventInputSchema,
  ScreeningEventUpdateSchema,
  ScreeningListQuerySchema,
  ScreeningListSchema,
  ScreeningSettingsResponseSchema,
  ScreeningSettingsUpdateSchema,
} from '../../../shared/screening/screening.schema';
import { DEFAULT_SCREENING_SETTINGS } from '../../../shared/screening/screening-settings';
import type { AppDeps } from '../../deps';
import { apiRoutes, createdOrStored, IdParams, sendCreated } from '../../http/api-route';
import { principalOf } from '../../http/access';
import { recordEvent, registerClient, updateClient, updateEvent } from './screening.service';
import { decideBirthMatch, listBirthMatches } from './screening-matches.service';
import { getScreeningSettingsForOrgUnit, updateScreeningSettings } from './screening-settings.service';
import { getClient, listClients } from './screening-view';

/** Cervical screening and recall (issue 22): docs/screening.md. */
export function registerScreeningRoutes(app: FastifyInstance, deps: AppDeps): void {
  const route = apiRoutes(app, ['screening']);

  route('GET /api/screening/clients', {
    access: 'pnc.read',
    summary: 'Women followed for cervical screening in an org unit: search, the worklist or one section',
    description:
      'section=worklist orders women on the follow-up engine: action needed first (positive not treated, triage, referral, result missing), then due, overdue, upcoming. section=action is the treat list. Name, phone and HIV status at facility or commune scope only; each shown HIV status is an audited read.',
    querystring: ScreeningListQuerySchema,
    reply: ScreeningListSchema,
    handler: async (req) => listClients(deps, principalOf(req), req.query),
  });

  route('GET /api/screening/clients/:id', {
    access: 'pnc.read',
    summary: 'One woman with her screening history (an audited read when her HIV status is shown)',
    params: IdParams,
    reply: ScreeningClientDetailSchema,
    handler: async (req) => getClient(deps, principalOf(req), req.params.id),
  });

  route('POST /api/screening/clients', {
    access: 'pnc.write',
    summary: 'Register a woman (from her birth record when she is a mother: no second person)',
    description:
      'Idempotent on the client-generated id. With birthId, name, phone and year of birth come from the birth record; a mother already registered (any of her births at that facility) answers 409.',
    body: ScreeningClientInputSchema,
    reply: createdOrStored(ScreeningClientDetailSchema),
    handler: async (req, reply) => sendCreated(reply, await registerClient(deps, principalOf(req), req.body)),
  });

  route('PUT /api/screening/clients/:id', {
    access: 'pnc.write',
    summary: 'Change her phone, HIV status, language or consent to reminders; send the version read',
    params: IdParams,
    body: ScreeningClientUpdateSchema,
    reply: ScreeningClientDetailSchema,
    handler: async (req) => updateClient(deps, principalOf(req), req.params.id, req.body),
  });

  route('POST /api/screening/clients/:id/events', {
    access: 'pnc.write',
    summary: 'Record a screening: test, sample, place, and any result, triage or treatment known',
    description:
      'Idempotent on the client-generated id. Bad or contradictory values answer 400 and write nothing.',
    params: IdParams,
    body: ScreeningEventInputSchema,
    reply: createdOrStored(ScreeningClientDetailSchema),
    handler: async (req, reply) =>
      sendCreated(reply, await recordEvent(deps, principalOf(req), req.params.id, req.body)),
  });

  route('PUT /api/screening/events/:id', {
    access: 'pnc.write',
    summary: 'Add or correct the result, triage or treatment of a screening; send the version read',
    params: IdParams,
    body: ScreeningEventUpdateSchema,
    reply: ScreeningClientDetailSchema,
    handler: async (req) => updateEvent(deps, principalOf(req), req.params.id, req.body),
  });

  route('GET /api/screening/settings', {
    access: 'org_unit.read',
    summary: "Cervical screening rules in force for an org unit's country (ages, intervals, recalls)",
    querystring: z.strictObject({ orgUnit: z.uuid() }),
    reply: ScreeningSettingsResponseSchema,
    handler: async (req) => ({
      ...(await getScreeningSettingsForOrgUnit(deps, principalOf(req), req.query.orgUnit)),
      defaults: DEFAULT_SCREENING_SETTINGS,
    }),
  });

  route('PUT /api/screening/settings/:id', {
    access: 'config.manage',
    summary: "Set a country's screening rules; send the version read (0 for the defaults)",
    description:
      'Every woman of the country is re-derived under the new rule version (eligibility, due day, recalls to come); recorded screenings and recalls already made are kept. Audited with before and after.',
    params: IdParams,
    body: ScreeningSettingsUpdateSchema,
    reply: ScreeningSettingsResponseSchema,
    handler: async (req) => ({
      ...(await updateScreeningSettings(
        deps,
        principalOf(req),
        req.params.id,
        req.body.version,
        req.body.settings,
      )),
      defaults: DEFAULT_SCREENING_SETTINGS,
    }),
  });

  route('GET /api/screening/clients/:id/birth-matches', {
    access: 'pnc.write',
    summary: 'Birth records whose mother may be this woman registered by hand (same phone, or name and year)',
    description:
      "Births of her unit (born there or the mother's commune), not linked to another woman and not rejected for her. Empty once she is linked.",
    params: IdParams,
    reply: ScreeningBirthMatchesSchema,
    handler: async (req) => listBirthMatches(deps, principalOf(req), req.params.id),
  });

  route('POST /api/screening/clients/:id/birth-matches/:birthId', {
    access: 'pnc.write',
    summary: 'Confirm (link her to the birth record: one person) or reject a proposed match; audited',
    params: z.strictObject({ id: z.uuid(), birthId: z.uuid() }),
    body: ScreeningBirthDecisionSchema,
    reply: ScreeningClientDetailSchema,
    handler: async (req) =>
      decideBirthMatch(deps, principalOf(req), req.params.id, req.params.birthId, req.body),
  });
}
