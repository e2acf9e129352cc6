import type { Encounter, Observation, Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decideAccess } from '../../../shared/auth/principal';
import type { Principal } from '../../../shared/auth/principal';
import type { Birth } from '../../../shared/births/birth.schema';
import { AppError } from '../../../shared/errors';
import type { AppDeps } from '../../deps';
import { principalOf } from '../../http/access';
import { writeAudit } from '../audit/audit.repo';
import { findBirthRecord } from '../births/births.repo';
import { listBirths } from '../births/births.list';
import { getBirth, toBirth } from '../births/births.service';
import { getKmcEpisode } from '../kmc/kmc-view';
import { getFollowUp } from '../pnc/pnc-follow-up.service';
import { FHIR_JSON, fhirBase } from './fhir-http';
import { searchBundle } from './fhir-resources';
import {
  parsePatientId,
  toBirthObservations,
  toContactEncounters,
  toDeliveryEncounter,
  toFindingObservations,
  toKmcEncounter,
  toKmcLogObservations,
  toMotherPatient,
  toNewbornPatient,
} from './fhir-clinical';

const PatientRefSchema = z
  .string()
  .max(100)
  .transform((s) => s.replace(/^Patient\//, ''));
const PatientSearchSchema = z.object({
  /** The facility (or any unit above it) whose births' mothers and babies are listed. */
  organization: z
    .string()
    .max(200)
    .transform((s) => s.replace(/^Organization\//, ''))
    .pipe(z.uuid()),
  /** The mother's record number at the facility (exact). */
  identifier: z.string().trim().max(50).optional(),
  _count: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque position of the next page, as given in the Bundle's `next` link. */
  _cursor: z.string().max(200).optional(),
});
const CompartmentSearchSchema = z
  .object({ patient: PatientRefSchema.optional(), subject: PatientRefSchema.optional() })
  .refine((q) => q.patient ?? q.subject, { message: 'fhir.patientRequired', path: ['patient'] });

/** The birth record a Patient id belongs to (404 when there is none; scope is checked by the read). */
async function birthIdOfPatient(deps: AppDeps, id: string): Promise<string> {
  const parsed = parsePatientId(id);
  if (!parsed) throw new AppError('not_found', 'errors.notFound');
  if ('motherOf' in parsed) return parsed.motherOf;
  const [row] = await deps.db.query<{ birth_id: string }>('select birth_id from newborns where id = $1', [
    parsed.newborn,
  ]);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  return row.birth_id;
}

/**
 * Everything recorded about a birth that the reader may read: the birth (an audited read), its postnatal
 * follow-up when the role reads follow-up, and each baby's KMC episode.
 */
async function loadRecord(deps: AppDeps, principal: Principal, birthId: string) {
  const birth = await getBirth(deps, principal, birthId);
  const followUp =
    decideAccess(principal, 'pnc.read') === 'allowed' ? await getFollowUp(deps, principal, birthId) : null;
  const kmc = [];
  for (const n of birth.newborns.filter((x) => x.outcome === 'live_birth'))
    kmc.push(await getKmcEpisode(deps, principal, n.id));
  return { birth, followUp, kmc };
}

const patientsOf = (b: Birth): Patient[] => [
  toMotherPatient(b),
  ...b.newborns.map((n) => toNewbornPatient(b, n)),
];
const subjectIs = (id: string) => (r: { subject?: { reference?: string } }) =>
  r.subject?.reference === `Patient/${id}`;

/** Patient, Encounter and Observation (docs/fhir.md): the birth register's records, read as the JSON API reads them. */
export function registerFhirClinicalRoutes(fhir: FastifyInstance, deps: AppDeps): void {
  const r = fhir.withTypeProvider<ZodTypeProvider>();
  const tags = ['fhir'];

  r.get('/fhir/Patient/:id', {
    config: { access: 'record.read' },
    schema: {
      tags,
      summary: 'A mother (mother-<birth id>) or a baby (newborn id) as a FHIR Patient',
      params: z.strictObject({ id: z.string().min(1).max(100) }),
    },
    handler: async (req, reply) => {
      const birth = await getBirth(deps, principalOf(req), await birthIdOfPatient(deps, req.params.id));
      const patient = patientsOf(birth).find((p) => p.id === req.params.id);
      if (!patient) throw new AppError('not_found', 'errors.notFound');
      return reply.type(FHIR_JSON).send(patient);
    },
  });

  r.get('/fhir/Patient', {
    config: { access: 'record.read' },
    schema: {
      tags,
      summary: 'Mothers and babies of the births at a facility (or under a unit), newest first, paged',
      querystring: PatientSearchSchema,
    },
    handler: async (req, reply) => {
      const principal = principalOf(req);
      const q = req.query;
      // The register's own list: scope, order, keyset paging and the audit of names shown.
      const page = await listBirths(deps, principal, {
        facility: q.organization,
        limit: q._count,
        ...(q.identifier ? { q: q.identifier } : {}),
        ...(q._cursor ? { cursor: q._cursor } : {}),
      });
      const items = q.identifier ? page.items.filter((b) => b.recordNumber === q.identifier) : page.items;
      const patients: Patient[] = [];
      for (const item of items) {
        const found = await findBirthRecord(deps.db, item.id);
        if (found) patients.push(...patientsOf(toBirth(found.birth, found.newborns, principal)));
      }
      // Names shown are audited per birth by the list; the search itself is audited as the FHIR reads are.
      await writeAudit(deps.db, {
        actor: principal,
        action: 'read',
        entityType: 'fhir_patient_search',
        orgUnitId: q.organization,
        details: { births: items.length },
      });
      const self = new URL(`${fhirBase(req)}${req.url.slice(5)}`);
      const next = new URL(self);
      if (page.nextCursor) next.searchParams.set('_cursor', page.nextCursor);
      return reply
        .type(FHIR_JSON)
        .send(searchBundle(patients, self.toString(), page.nextCursor ? next.toString() : undefined));
    },
  });

  // A patient's compartment: everything of the birth record, kept to what is about this patient.
  type BirthRecord = Awaited<ReturnType<typeof loadRecord>>;
  const compartments: Array<[string, string, (rec: BirthRecord) => Array<Encounter | Observation>]> = [
    [
      'Encounter',
      "A patient's encounters: the delivery (mother), postnatal contacts, KMC episodes (baby)",
      (rec) => [
        toDeliveryEncounter(rec.birth),
        ...(rec.followUp ? toContactEncounters(rec.followUp) : []),
        ...rec.kmc.flatMap(toKmcEncounter),
      ],
    ],
    [
      'Observation',
      "A patient's observations: EENC steps and timings, birth weight, danger signs, KMC daily values",
      (rec) => [
        ...toBirthObservations(rec.birth),
        ...(rec.followUp ? toFindingObservations(rec.followUp) : []),
        ...rec.kmc.flatMap(toKmcLogObservations),
      ],
    ],
  ];
  for (const [type, summary, resourcesOf] of compartments) {
    r.get(`/fhir/${type}`, {
      config: { access: 'record.read' },
      schema: { tags, summary, querystring: CompartmentSearchSchema },
      handler: async (req, reply) => {
        const id = (req.query.patient ?? req.query.subject)!;
        const rec = await loadRecord(deps, principalOf(req), await birthIdOfPatient(deps, id));
        const mine = resourcesOf(rec).filter(subjectIs(id));
        return reply.type(FHIR_JSON).send(searchBundle(mine, `${fhirBase(req)}${req.url.slice(5)}`));
      },
    });
  }
}
