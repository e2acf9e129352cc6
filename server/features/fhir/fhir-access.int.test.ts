import type { OperationOutcome } from '@medplum/fhirtypes';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import { orgUnitIdOf } from '../../seed/demo';
import { addUserLike } from '../../test/api-helpers';
import { DEFAULT_CHECKLIST_ID } from '../assessments/checklists.repo';
import { type TestClient, useTestApp } from '../../test/test-app';

/**
 * Role × route matrix of the FHIR API (the JSON API's is server/http/authorization-matrix.int.test.ts):
 * every /fhir route of the OpenAPI document, for one demo user per role, inside and outside their area.
 * The answers are written out by hand; a refusal is an OperationOutcome carrying the API's error code.
 */
const PEOPLE = [
  { username: 'admin.vn', home: 'VN' },
  { username: 'national.vn', home: 'VN' },
  { username: 'province.dn', home: 'VN-DN' },
  { username: 'lead.dn', home: 'VN-DN-H01' },
  { username: 'midwife.dn', home: 'VN-DN-H01' },
  { username: 'coach.dn', home: 'VN-DN' },
  { username: 'pnc.hc1', home: 'VN-DN-HC-C01' },
  { username: 'partner.who', home: 'VN' },
] as const;
type Side = 'in' | 'out' | 'any';
const F = '403 forbidden';
const O = '403 out_of_scope';
const ALL_200 = ['200', '200', '200', '200', '200', '200', '200', '200'];
// The partner viewer's area is the whole demo region: Lao PDR lies inside it.
const ALL_O = [O, O, O, O, O, O, O, '200'];
// Records: record.read (not the administrator, the PNC worker or the partner).
const RECORD_IN = [F, '200', '200', '200', '200', '200', F, F];
const RECORD_OUT = [F, O, O, O, O, O, F, F];

// Module 3: assessment.read (not the administrator, the clinician, the PNC worker or the partner).
const ASSESSMENT_IN = [F, '200', '200', '200', F, '200', F, F];
const ASSESSMENT_OUT = [F, O, O, O, F, O, F, F];

const MATRIX: Record<string, Partial<Record<Side, readonly string[]>>> = {
  'GET /fhir/metadata': { any: ALL_200 },
  'GET /fhir/Organization/:id': { in: ALL_200, out: ALL_O },
  'GET /fhir/Organization': { in: ALL_200, out: ALL_O },
  'GET /fhir/Location/:id': { in: ALL_200, out: ALL_O },
  'GET /fhir/Location': { in: ALL_200, out: ALL_O },
  'GET /fhir/Measure/:id': { any: ALL_200 },
  'GET /fhir/Measure': { any: ALL_200 },
  'GET /fhir/MeasureReport': { in: ALL_200, out: ALL_O },
  'GET /fhir/Patient/:id': { in: RECORD_IN, out: RECORD_OUT },
  'GET /fhir/Patient': { in: RECORD_IN, out: RECORD_OUT },
  'GET /fhir/Encounter': { in: RECORD_IN, out: RECORD_OUT },
  'GET /fhir/Observation': { in: RECORD_IN, out: RECORD_OUT },
  // Checklists are read by every role (as GET /api/checklists/:id); assessments need assessment.read.
  'GET /fhir/Questionnaire/:id': { any: ALL_200 },
  'GET /fhir/QuestionnaireResponse': { in: ASSESSMENT_IN, out: ASSESSMENT_OUT },
};

const t = useTestApp();
const clients = new Map<string, TestClient>();
/** A baby born at VN-DN-H01 (in every reader's area) and one born in Lao PDR (outside all of them). */
const babies = { in: '', out: '' };
const AWAY = 'LA-SV-H01';

async function babyAt(username: string, facility: string): Promise<string> {
  const res = await (
    await t.login(username)
  ).post(
    '/api/births',
    buildBirthRaw({ facilityId: orgUnitIdOf(facility), mother: { recordNumber: `FHIR-${facility}` } }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ newborns: Array<{ id: string }> }>().newborns[0]!.id;
}

beforeAll(async () => {
  for (const p of PEOPLE) clients.set(p.username, await t.login(p.username));
  babies.in = await babyAt('midwife.dn', 'VN-DN-H01');
  // No demo clinician works in Lao PDR: one is added for this fixture.
  await addUserLike(t.db, { username: 'midwife.la', like: 'midwife.dn', scopeId: orgUnitIdOf(AWAY) });
  babies.out = await babyAt('midwife.la', AWAY);
});

const unit = (person: (typeof PEOPLE)[number], side: Side) =>
  orgUnitIdOf(side === 'out' ? AWAY : person.home);
const SEND: Record<
  string,
  (c: TestClient, side: Side, p: (typeof PEOPLE)[number]) => Promise<LightMyRequestResponse>
> = {
  'GET /fhir/metadata': (c) => c.get('/fhir/metadata'),
  'GET /fhir/Organization/:id': (c, side, p) => c.get(`/fhir/Organization/${unit(p, side)}`),
  'GET /fhir/Organization': (c, side, p) => c.get(`/fhir/Organization?partof=${unit(p, side)}`),
  'GET /fhir/Location/:id': (c, side, p) => c.get(`/fhir/Location/${unit(p, side)}`),
  'GET /fhir/Location': (c, side, p) => c.get(`/fhir/Location?partof=${unit(p, side)}`),
  'GET /fhir/Measure/:id': (c) => c.get('/fhir/Measure/live_births'),
  'GET /fhir/Measure': (c) => c.get('/fhir/Measure'),
  'GET /fhir/MeasureReport': (c, side, p) =>
    c.get(`/fhir/MeasureReport?subject=Location/${unit(p, side)}&period=2026&measure=live_births`),
  'GET /fhir/Patient/:id': (c, side) => c.get(`/fhir/Patient/${babies[side === 'out' ? 'out' : 'in']}`),
  'GET /fhir/Patient': (c, side) =>
    c.get(`/fhir/Patient?organization=${orgUnitIdOf(side === 'out' ? AWAY : 'VN-DN-H01')}`),
  'GET /fhir/Encounter': (c, side) =>
    c.get(`/fhir/Encounter?patient=${babies[side === 'out' ? 'out' : 'in']}`),
  'GET /fhir/Questionnaire/:id': (c) => c.get(`/fhir/Questionnaire/${DEFAULT_CHECKLIST_ID}`),
  'GET /fhir/QuestionnaireResponse': (c, side) =>
    c.get(`/fhir/QuestionnaireResponse?subject=${orgUnitIdOf(side === 'out' ? AWAY : 'VN-DN-H01')}`),
  'GET /fhir/Observation': (c, side) =>
    c.get(`/fhir/Observation?patient=Patient/${babies[side === 'out' ? 'out' : 'in']}`),
};

function expectOutcome(res: LightMyRequestResponse, expected: string) {
  const [status, code] = expected.split(' ');
  expect(res.statusCode, res.body).toBe(Number(status));
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  if (!code) return;
  const out = res.json<OperationOutcome>();
  expect(out.resourceType).toBe('OperationOutcome');
  expect(out.issue[0]!.details!.coding![0]!.code).toBe(code);
}

describe('FHIR role × route matrix', () => {
  it('has a row for every /fhir route of the OpenAPI document', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const registered = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/fhir/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
    expect(registered.sort()).toEqual(Object.keys(MATRIX).sort());
    expect(Object.keys(SEND).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = PEOPLE.flatMap((person, column) =>
    Object.entries(MATRIX).flatMap(([route, row]) =>
      (['in', 'out', 'any'] as const)
        .filter((side) => row[side])
        .map(
          (side) =>
            [
              `${person.username}: ${route} ${side} → ${row[side]![column]}`,
              { person, route, side, expected: row[side]![column]! },
            ] as const,
        ),
    ),
  );
  it.each(cases)('%s', async (_name, { person, route, side, expected }) => {
    expectOutcome(await SEND[route]!(clients.get(person.username)!, side, person), expected);
  });

  const privateRoutes = Object.keys(MATRIX).filter((r) => r !== 'GET /fhir/metadata');
  it.each(privateRoutes)('%s without a session answers 401 unauthenticated', async (route) => {
    expectOutcome(await SEND[route]!(t.anonymous(), 'in', PEOPLE[1]), '401 unauthenticated');
  });
});
