import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FHIR_JSON, fhirBase } from './fhir-http';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { IdParams } from '../../http/api-route';
import { requestLocale } from '../../http/locale';
import { getAssessmentDetail, listAssessments } from '../assessments/assessments.service';
import { getChecklist } from '../assessments/checklists.service';
import { toQuestionnaire, toQuestionnaireResponse } from './fhir-module3';
import { searchBundle } from './fhir-resources';

const ResponseSearchSchema = z.object({
  /** The facility assessed (Module 3 assesses a facility, not a patient). */
  subject: z
    .string()
    .max(200)
    .transform((s) => s.replace(/^Organization\//, ''))
    .pipe(z.uuid()),
  status: z.enum(['completed', 'in-progress']).optional(),
});

/** Module 3 self-assessments as Questionnaire and QuestionnaireResponse (docs/fhir.md). */
export function registerFhirModule3Routes(fhir: FastifyInstance, deps: AppDeps): void {
  const r = fhir.withTypeProvider<ZodTypeProvider>();
  const tags = ['fhir'];

  r.get('/fhir/Questionnaire/:id', {
    config: { access: 'org_unit.read' },
    schema: {
      tags,
      summary: 'A Module 3 checklist version as a FHIR Questionnaire',
      params: IdParams,
    },
    handler: async (req, reply) =>
      reply
        .type(FHIR_JSON)
        .send(toQuestionnaire(await getChecklist(deps, req.params.id), fhirBase(req), requestLocale(req))),
  });

  r.get('/fhir/QuestionnaireResponse', {
    config: { access: 'assessment.read' },
    schema: {
      tags,
      summary: "A facility's Module 3 forms (observed births, interviews, chart reviews, policy review)",
      querystring: ResponseSearchSchema,
    },
    handler: async (req, reply) => {
      const principal = principalOf(req);
      const wanted = req.query.status && (req.query.status === 'completed' ? 'completed' : 'in_progress');
      const list = await listAssessments(deps, principal, {
        facility: req.query.subject,
        ...(wanted ? { status: wanted } : {}),
      });
      const responses = [];
      // Each assessment is opened as the JSON API opens it (scope, hidden personal answers, audit).
      for (const summary of list.items) {
        const detail = await getAssessmentDetail(deps, principal, summary.id);
        responses.push(...detail.records.map((rec) => toQuestionnaireResponse(detail, rec, fhirBase(req))));
      }
      return reply.type(FHIR_JSON).send(searchBundle(responses, `${fhirBase(req)}${req.url.slice(5)}`));
    },
  });
}
