import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FHIR_JSON, fhirBase } from './fhir-http';
import { AppError, type ErrorBody } from '../../../shared/errors';
import type { IndicatorValue } from '../../../shared/indicators/values';
import { DIMENSION_VALUES } from '../../../shared/indicators/sources';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { requestLocale } from '../../http/locale';
import { writeAudit } from '../audit/audit.repo';
import {
  bundleValues,
  computeBundle,
  disaggregationOf,
  getReadableUnit,
  indicatorLibrary,
  periodOf,
} from '../indicators/indicators.service';
import { getVisibleOrgUnit, pageVisibleOrgUnits } from '../org-units/org-units.service';
import { registerFhirClinicalRoutes } from './fhir-clinical.routes';
import { registerFhirModule3Routes } from './fhir-module3.routes';
import {
  capabilityStatement,
  OPENEENC_SYSTEM,
  searchBundle,
  type Strata,
  toMeasure,
  toMeasureReport,
  toLocation,
  toOrganization,
} from './fhir-resources';

const IdParams = z.strictObject({ id: z.string().min(1).max(100) });
/** `Organization/<id>` or `<id>`: FHIR references, as search parameters carry them. */
const reference = (...types: string[]) =>
  z
    .string()
    .max(200)
    .transform((s) => s.replace(new RegExp(`^(${types.join('|')})/`), ''))
    .pipe(z.uuid());
const UnitSearchSchema = z.object({
  partof: reference('Organization', 'Location').optional(),
  identifier: z.string().max(100).optional(),
  _count: z.coerce.number().int().min(1).max(500).default(100),
  /** The `next` link's page token. */
  _cursor: z.string().max(400).optional(),
});
const MeasureReportSearchSchema = z.object({
  subject: reference('Location', 'Organization'),
  /** A standard period (2025, 2025Q1, 202501), as the JSON API's `period`. */
  period: z.string().max(30),
  /** Measure ids or canonical URLs, comma-separated; default: the core indicators. */
  measure: z.string().max(2000).optional(),
});

const ISSUE_CODE: Record<string, OperationOutcomeIssue['code']> = {
  validation_failed: 'invalid',
  bad_request: 'invalid',
  unauthenticated: 'login',
  forbidden: 'forbidden',
  out_of_scope: 'forbidden',
  not_found: 'not-found',
};

/** FHIR R4 read API (docs/fhir.md): the same session, scope and personal-data rules as the JSON API. */
export function registerFhirRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app.register(async (fhir) => {
    // Errors keep the API's status and text, in FHIR's shape (OperationOutcome).
    fhir.addHook('onSend', async (req, reply, payload) => {
      if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
      let body: ErrorBody & { code: string };
      try {
        body = JSON.parse(payload) as ErrorBody & { code: string };
      } catch {
        return payload;
      }
      const outcome: OperationOutcome = {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: ISSUE_CODE[body.code] ?? 'processing',
            // The API's own code too: FHIR's issue codes do not tell "not your role" from "not your area".
            details: { coding: [{ system: `${OPENEENC_SYSTEM}/CodeSystem/error`, code: body.code }] },
            diagnostics: body.message,
            ...(body.issues?.length ? { expression: body.issues.map((i) => i.path) } : {}),
          },
          ...(body.issues ?? []).map((i) => ({
            severity: 'error' as const,
            code: 'invalid' as const,
            diagnostics: i.message,
            expression: [i.path],
          })),
        ],
      };
      void reply.type(FHIR_JSON);
      return JSON.stringify(outcome);
    });
    const r = fhir.withTypeProvider<ZodTypeProvider>();
    const tags = ['fhir'];

    r.get('/fhir/metadata', {
      config: { access: 'public' },
      schema: { tags, summary: 'FHIR CapabilityStatement' },
      handler: async (req, reply) =>
        reply.type(FHIR_JSON).send(capabilityStatement(fhirBase(req), deps.clock.now())),
    });

    // Org units as Organization (who reports) and as Location (where; mADX's subject): one lookup each.
    const asResource: Array<[string, (u: OrgUnit) => Resource]> = [
      ['Organization', toOrganization],
      ['Location', toLocation],
    ];
    for (const [type, toResource] of asResource) {
      r.get(`/fhir/${type}/:id`, {
        config: { access: 'org_unit.read' },
        schema: { tags, summary: `An org unit as a FHIR ${type}`, params: IdParams },
        handler: async (req, reply) => {
          const id = z.uuid().safeParse(req.params.id);
          if (!id.success) throw new AppError('not_found', 'errors.notFound');
          const principal = principalOf(req);
          const unit = await getVisibleOrgUnit(deps, principal, id.data);
          await writeAudit(deps.db, {
            actor: principal,
            action: 'read',
            entityType: `fhir_${type.toLowerCase()}`,
            entityId: unit.id,
            orgUnitId: unit.id,
            details: {},
          });
          return reply.type(FHIR_JSON).send(toResource(unit));
        },
      });
      r.get(`/fhir/${type}`, {
        config: { access: 'org_unit.read' },
        schema: {
          tags,
          summary: `Search org units as ${type}, in path order: partof, identifier (code or DHIS2 id), _count, paged`,
          querystring: UnitSearchSchema,
        },
        handler: async (req, reply) => {
          const q = req.query;
          const principal = principalOf(req);
          const page = await pageVisibleOrgUnits(deps, principal, {
            limit: q._count,
            ...(q.partof ? { parent: q.partof } : {}),
            ...(q.identifier ? { identifier: q.identifier } : {}),
            ...(q._cursor ? { cursor: q._cursor } : {}),
          });
          await writeAudit(deps.db, {
            actor: principal,
            action: 'read',
            entityType: `fhir_${type.toLowerCase()}_search`,
            ...(q.partof ? { orgUnitId: q.partof } : {}),
            details: { units: page.items.length },
          });
          const self = new URL(`${fhirBase(req)}${req.url.slice(5)}`);
          const next = new URL(self);
          if (page.nextCursor) next.searchParams.set('_cursor', page.nextCursor);
          return reply
            .type(FHIR_JSON)
            .send(
              searchBundle(
                page.items.map(toResource),
                self.toString(),
                page.nextCursor ? next.toString() : undefined,
              ),
            );
        },
      });
    }

    registerFhirClinicalRoutes(fhir, deps);
    registerFhirModule3Routes(fhir, deps);

    r.get('/fhir/Measure/:id', {
      config: { access: 'aggregate.read' },
      schema: { tags, summary: 'An indicator definition as a FHIR Measure', params: IdParams },
      handler: async (req, reply) => {
        const def = indicatorLibrary.definitions.find((d) => d.id === req.params.id);
        if (!def) throw new AppError('not_found', 'errors.notFound');
        return reply.type(FHIR_JSON).send(toMeasure(def, fhirBase(req), requestLocale(req)));
      },
    });

    r.get('/fhir/Measure', {
      config: { access: 'aggregate.read' },
      schema: { tags, summary: 'Every indicator definition as a FHIR Measure' },
      handler: async (req, reply) => {
        const all = indicatorLibrary.definitions.map((d) => toMeasure(d, fhirBase(req), requestLocale(req)));
        return reply.type(FHIR_JSON).send(searchBundle(all, `${fhirBase(req)}/Measure`));
      },
    });

    r.get('/fhir/MeasureReport', {
      config: { access: 'aggregate.read' },
      schema: {
        tags,
        summary:
          'Summary MeasureReports (one per indicator, one stratifier per disaggregation) for an org unit and period',
        querystring: MeasureReportSearchSchema,
      },
      handler: async (req, reply) => {
        const principal = principalOf(req);
        const q = req.query;
        const unit = await getReadableUnit(deps.db, principal, q.subject);
        const period = periodOf(principal, { period: q.period });
        const ids = q.measure?.split(',').map((m) => m.trim().replace(/^(.*\/)?Measure\//, ''));
        // Without `measure`, the core set (fast at every level); others are asked for by id.
        const defs = indicatorLibrary.definitions.filter((d) => (ids ? ids.includes(d.id) : d.core));
        const unknown = ids?.filter((id) => !defs.some((d) => d.id === id)) ?? [];
        if (unknown.length)
          throw new AppError('validation_failed', 'errors.validation', [
            { path: 'measure', message: 'fhir.unknownMeasure', params: { ids: unknown.join(', ') } },
          ]);
        const dims = [...new Set(defs.flatMap((d) => d.disaggregations))];
        const b = await computeBundle(deps.db, principal, unit, period, defs, {
          previous: false,
          children: false,
          trends: false,
          dims,
          asOf: deps.clock.now(),
        });
        const totals = new Map(bundleValues(b, b.main).map((v) => [v.id, v]));
        const split = dims.map((dim) => ({ dim, d: disaggregationOf(b, dim) }));
        const reports = defs.map((def) => {
          const strata: Strata = split
            .filter(({ dim }) => def.disaggregations.includes(dim))
            .map(({ dim, d }) => ({
              dimension: dim,
              rows: DIMENSION_VALUES[dim].map((value) => ({
                value,
                v: d.rows
                  .find((row) => row.value === value)!
                  .indicators.find((x) => x.id === def.id) as IndicatorValue,
              })),
            }));
          return toMeasureReport(
            def,
            unit,
            period,
            totals.get(def.id)!,
            strata,
            fhirBase(req),
            deps.clock.now(),
          );
        });
        await writeAudit(deps.db, {
          actor: principal,
          action: 'read',
          entityType: 'fhir_measure_report',
          orgUnitId: unit.id,
          details: { period: period.id, measures: defs.length },
        });
        return reply.type(FHIR_JSON).send(searchBundle(reports, `${fhirBase(req)}${req.url.slice(5)}`));
      },
    });
  });
}
