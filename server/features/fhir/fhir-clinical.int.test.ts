import type {
  Bundle,
  Encounter,
  Observation,
  OperationOutcome,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
} from '@medplum/fhirtypes';
import { goodAnswersFor } from '../../../shared/assessments/assessment-builders';
import type {
  Answers,
  AssessmentDetail,
  AssessmentRecord,
} from '../../../shared/assessments/assessment.schema';
import { Fhir, ParseConformance, Versions } from 'fhir';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Birth } from '../../../shared/births/birth.schema';
import type { FollowUp } from '../../../shared/pnc/pnc.schema';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { countRows } from '../../test/api-helpers';
import { useLogin, useLogins, useTestApp } from '../../test/test-app';
import { buildKmcStart, recordBirth, wellVisit } from '../pnc/pnc-test-helpers';
import { MOTHER_OBSERVATION_FIELDS, NEWBORN_OBSERVATION_FIELDS } from './fhir-clinical';
import { H01 } from '../../test/demo-units';

/** Patient, Encounter and Observation of the FHIR read API (issue 19), checked against R4 and the JSON API. */
const fhir = new Fhir(new ParseConformance(true, Versions.R4));
const t = useTestApp();
const [midwife, province, laos] = useLogins(t, 'midwife.dn', 'province.dn', 'national.la');

function valid<T>(res: LightMyRequestResponse): T {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = res.json() as { resourceType: string };
  const errors = fhir.validate(body).messages.filter((m) => String(m.severity) === 'error');
  expect(errors).toEqual([]);
  return body as T;
}
const resources = <T>(b: Bundle) => b.entry!.map((e) => e.resource as T);
const codeOf = (o: Observation) => o.code.coding![0]!.code;

/**
 * A birth at H01 of a 1,800 g baby at 35 weeks, with a postnatal contact recorded for mother and baby and
 * a KMC episode with two logged days (the test clock is 2026-03-10T08:00Z).
 */
let fixture: Promise<{ birthId: string; newbornId: string; episodeId: string }> | undefined;
function birthWithContact() {
  fixture ??= (async () => {
    const birth = await recordBirth(midwife, {
      bornAt: '2026-03-08T10:00:00+07:00',
      gestationalAgeWeeks: 35,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1800 })],
    });
    const newbornId = birth.newborns[0]!.id;
    const visit = await midwife.post('/api/pnc/visits', {
      ...wellVisit(birth, 'c1', '2026-03-08T20:00:00+07:00'),
      place: 'facility',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const ep = await midwife.post(
      '/api/kmc/episodes',
      buildKmcStart({ id: '00000000-0000-4000-8000-00000000f001', newbornId }),
    );
    expect(ep.statusCode, ep.body).toBe(201);
    const episodeId = ep.json<{ episodeId: string }>().episodeId;
    for (const [date, weightGrams] of [
      ['2026-03-08', 1790],
      ['2026-03-09', null],
    ] as const) {
      const log = await midwife.put(`/api/kmc/episodes/${episodeId}/logs/${date}`, {
        version: null,
        sscHours: 12,
        feeding: 'exclusive_breast_milk',
        weightGrams,
        lowestTemperatureC: 36.6,
        dangerSigns: ['none'],
      });
      expect(log.statusCode, log.body).toBe(200);
    }
    return { birthId: birth.id, newbornId, episodeId };
  })();
  return fixture;
}

describe('FHIR Patient', () => {
  it('reads a baby as a Patient with sex, date and time of birth and a link to the mother', async () => {
    const { birthId, newbornId } = await birthWithContact();
    const birth = (await midwife.get(`/api/births/${birthId}`)).json() as Birth;
    const baby = birth.newborns.find((n) => n.id === newbornId)!;
    const p = valid<Patient & { _birthDate: { extension: Array<{ valueDateTime: string }> } }>(
      await midwife.get(`/fhir/Patient/${newbornId}`),
    );
    expect(p.gender).toBe(baby.sex === 'undetermined' ? 'unknown' : baby.sex);
    expect(p.birthDate).toBe(birth.birthDate);
    expect(p._birthDate.extension[0]!.valueDateTime).toBe(birth.delivery.bornAt);
    expect(p.extension![0]!.valueReference!.reference).toBe(`Patient/mother-${birthId}`);
    expect(p.managingOrganization!.reference).toBe(`Organization/${H01}`);
  });

  it("shows the mother's name to the midwife and hides it from the provincial manager, marked MASKED", async () => {
    const { birthId } = await birthWithContact();
    const birth = (await midwife.get(`/api/births/${birthId}`)).json() as Birth;
    const seen = valid<Patient>(await midwife.get(`/fhir/Patient/mother-${birthId}`));
    expect(seen.name?.[0]?.text).toBe(birth.mother.name);
    expect(seen.identifier![0]!.value).toBe(birth.mother.recordNumber);
    expect(seen.meta!.security).toBeUndefined();
    const masked = valid<Patient>(await province.get(`/fhir/Patient/mother-${birthId}`));
    expect(masked.name).toBeUndefined();
    expect(masked.telecom).toBeUndefined();
    expect(masked.meta!.security![0]!.code).toBe('MASKED');
  });

  it('refuses a record outside the reader’s area (403) and answers 404 for unknown ids', async () => {
    const { newbornId } = await birthWithContact();
    const out = laos.get(`/fhir/Patient/${newbornId}`);
    expect(((await out).json() as OperationOutcome).issue[0]!.code).toBe('forbidden');
    expect((await out).statusCode).toBe(403);
    expect((await midwife.get('/fhir/Patient/mother-00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await midwife.get('/fhir/Patient/not-an-id')).statusCode).toBe(404);
  });

  it('searches the births of a facility page by page, following the next link, without repeats', async () => {
    await birthWithContact();
    for (let i = 0; i < 6; i++) await recordBirth(midwife, { bornAt: `2026-03-0${i + 1}T09:00:00+07:00` });
    const first = valid<Bundle>(await midwife.get(`/fhir/Patient?organization=Organization/${H01}&_count=3`));
    const next = first.link!.find((l) => l.relation === 'next')!.url!;
    const second = valid<Bundle>(await midwife.get(next.replace(/^https?:\/\/[^/]+/, '')));
    const ids = [...resources<Patient>(first), ...resources<Patient>(second)].map((p) => p.id!);
    expect(new Set(ids).size).toBe(ids.length);
    // Three births a page: each gives its mother and every baby.
    expect(ids.filter((id) => id.startsWith('mother-'))).toHaveLength(6);
    const births = (await midwife.get(`/api/births?facility=${H01}&limit=6`)).json() as { items: Birth[] };
    expect(ids.filter((id) => id.startsWith('mother-'))).toEqual(births.items.map((b) => `mother-${b.id}`));
    expect(await countRows(t.db, 'audit_log', "entity_type = 'fhir_patient_search'")).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('finds a mother by her record number, and refuses a search without an organization', async () => {
    const { birthId } = await birthWithContact();
    const birth = (await midwife.get(`/api/births/${birthId}`)).json() as Birth;
    const found = valid<Bundle>(
      await midwife.get(
        `/fhir/Patient?organization=${H01}&identifier=${encodeURIComponent(birth.mother.recordNumber)}`,
      ),
    );
    expect(resources<Patient>(found).map((p) => p.id)).toContain(`mother-${birthId}`);
    const bad = await midwife.get('/fhir/Patient');
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as OperationOutcome).issue.flatMap((i) => i.expression ?? [])).toContain(
      'organization',
    );
  });
});

describe('FHIR Observation and Encounter', () => {
  it("gives a baby's marked fields as Observations with the values of the JSON API", async () => {
    const { birthId, newbornId } = await birthWithContact();
    const birth = (await midwife.get(`/api/births/${birthId}`)).json() as Birth;
    const baby = birth.newborns.find((n) => n.id === newbornId)!;
    const obs = resources<Observation>(
      valid<Bundle>(await midwife.get(`/fhir/Observation?patient=Patient/${newbornId}`)),
    );
    const weight = obs.find((o) => codeOf(o) === '8339-4');
    if (baby.birthWeightGrams === null) expect(weight).toBeUndefined();
    else expect(weight!.valueQuantity).toMatchObject({ value: baby.birthWeightGrams, code: 'g' });
    const ssc = obs.find((o) => codeOf(o) === 'ssc-full');
    expect(ssc?.valueBoolean ?? null).toBe(baby.derived.practices.sscFullNoSeparation);
    // Every marked field with a value, and nothing else from the birth record.
    const fromBirth = obs.filter((o) => o.encounter!.reference === `Encounter/${birthId}`);
    const expected = NEWBORN_OBSERVATION_FIELDS.filter(
      (f) =>
        f.path
          .split('.')
          .reduce<unknown>((v, k) => (v == null ? v : (v as Record<string, unknown>)[k]), baby) != null,
    );
    expect(fromBirth.map(codeOf).sort()).toEqual(expected.map((f) => f.fhir.code.code).sort());
    expect(fromBirth.every((o) => o.subject!.reference === `Patient/${newbornId}`)).toBe(true);
  });

  it("gives the mother's gestational age with LOINC and a UCUM unit", async () => {
    const { birthId } = await birthWithContact();
    const birth = (await midwife.get(`/api/births/${birthId}`)).json() as Birth;
    const obs = resources<Observation>(
      valid<Bundle>(await midwife.get(`/fhir/Observation?subject=mother-${birthId}`)),
    );
    const ga = obs.find((o) => codeOf(o) === '11884-4');
    expect(ga?.valueQuantity?.value ?? null).toBe(birth.delivery.gestationalAgeWeeks);
    expect(obs.every((o) => o.subject!.reference === `Patient/mother-${birthId}`)).toBe(true);
    expect(MOTHER_OBSERVATION_FIELDS.map((f) => f.path)).toContain('delivery.gestationalAgeWeeks');
  });

  it("lists the mother's delivery and each baby's recorded postnatal contacts as Encounters", async () => {
    const { birthId, newbornId } = await birthWithContact();
    const mother = resources<Encounter>(
      valid<Bundle>(await midwife.get(`/fhir/Encounter?patient=mother-${birthId}`)),
    );
    expect(mother.find((e) => e.id === birthId)).toMatchObject({
      status: 'finished',
      class: { code: 'IMP' },
    });
    const followUp = (await midwife.get(`/api/pnc/births/${birthId}`)).json() as FollowUp;
    const recorded = followUp.subjects
      .find((s) => s.newbornId === newbornId)!
      .contacts.flatMap((c) => (c.recorded ? [c.recorded.id] : []));
    expect(recorded.length).toBeGreaterThan(0);
    const baby = resources<Encounter>(
      valid<Bundle>(await midwife.get(`/fhir/Encounter?patient=${newbornId}`)),
    );
    expect(
      baby
        .filter((e) => e.type![0]!.coding![0]!.system!.endsWith('pnc-contact'))
        .map((e) => e.id)
        .sort(),
    ).toEqual(recorded.sort());
    expect(baby.every((e) => e.subject!.reference === `Patient/${newbornId}`)).toBe(true);
  });

  it('gives a KMC episode and its daily weight and temperature for a baby in KMC', async () => {
    const { newbornId, episodeId } = await birthWithContact();
    const enc = resources<Encounter>(
      valid<Bundle>(await midwife.get(`/fhir/Encounter?patient=${newbornId}`)),
    );
    expect(enc.find((e) => e.id === episodeId)).toMatchObject({
      status: 'in-progress',
      type: [{ coding: [{ code: 'kmc' }] }],
      partOf: { reference: expect.stringMatching(/^Encounter\//) },
    });
    const obs = resources<Observation>(
      valid<Bundle>(await midwife.get(`/fhir/Observation?patient=${newbornId}`)),
    );
    // One weight (the second day has none), two temperatures.
    expect(obs.filter((o) => codeOf(o) === '29463-7').map((o) => o.valueQuantity!.value)).toEqual([1790]);
    expect(obs.filter((o) => codeOf(o) === '8310-5')).toHaveLength(2);
  });

  it('refuses a search without a patient with a 400 naming the parameter, in the reader’s language', async () => {
    const res = await province.get('/fhir/Observation');
    expect(res.statusCode).toBe(400);
    const out = res.json() as OperationOutcome;
    expect(out.issue.flatMap((i) => i.expression ?? [])).toContain('patient');
    expect(out.issue.map((i) => i.diagnostics).join(' ')).toMatch(/patient=Patient/);
  });
});

describe('FHIR Questionnaire and QuestionnaireResponse (Module 3)', () => {
  const lead = useLogin(t, 'lead.dn');

  it("gives a facility's assessment forms with the JSON API's answers, personal answers hidden from the province", async () => {
    const created = await lead.post('/api/assessments', {
      facilityId: H01,
      periodStart: '2026-01-01',
      periodEnd: '2026-02-28',
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json<AssessmentDetail>();
    const add = async (sectionId: string, answers: Answers) => {
      const res = await lead.post(`/api/assessments/${a.id}/records`, { sectionId, answers });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<AssessmentRecord>();
    };
    const obs = await add('observation', goodAnswersFor('observation'));
    const interview = await add(
      'interview',
      goodAnswersFor('interview', { int_comment: 'Chị rất hài lòng.' }),
    );

    const bundle = valid<Bundle>(await lead.get(`/fhir/QuestionnaireResponse?subject=Organization/${H01}`));
    const responses = resources<QuestionnaireResponse>(bundle);
    const qr = responses.find((r) => r.id === obs.id)!;
    expect(qr).toMatchObject({
      status: 'in-progress',
      questionnaire: expect.stringMatching(new RegExp(`/Questionnaire/${a.checklistVersionId}$`)),
      subject: { reference: `Organization/${H01}` },
    });
    const answered = Object.entries(obs.answers).filter(([, v]) => v !== null);
    expect(qr.item![0]!.item!.map((i) => i.linkId).sort()).toEqual(answered.map(([k]) => k).sort());
    const interviewQr = responses.find((r) => r.id === interview.id)!;
    const comment = interviewQr.item![0]!.item!.find((i) => i.linkId === 'int_comment');
    expect(comment!.answer![0]!.valueString).toBe('Chị rất hài lòng.');

    // The provincial manager reads the forms but not the mother's words (hidden as in the JSON API).
    const forProvince = resources<QuestionnaireResponse>(
      valid<Bundle>(await province.get(`/fhir/QuestionnaireResponse?subject=${H01}`)),
    ).find((r) => r.id === interview.id)!;
    expect(forProvince.item![0]!.item!.map((i) => i.linkId)).not.toContain('int_comment');

    const q = valid<Questionnaire>(await lead.get(`/fhir/Questionnaire/${a.checklistVersionId}`));
    const section = q.item!.find((i) => i.linkId === 'observation')!;
    expect(section).toMatchObject({ type: 'group', repeats: true });
    expect(section.item!.map((i) => i.linkId)).toEqual(
      a.definition.sections.find((s) => s.id === 'observation')!.items.map((i) => i.id),
    );
  });
});
