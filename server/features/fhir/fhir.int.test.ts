import type { Bundle, MeasureReport, OperationOutcome, Organization } from '@medplum/fhirtypes';
import { Fhir, ParseConformance, Versions } from 'fhir';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { countRows } from '../../test/api-helpers';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { DN, H01 } from '../../test/demo-units';

/** The FHIR R4 read API (issue 19), each answer checked against the R4 structure definitions. */
const fhir = new Fhir(new ParseConformance(true, Versions.R4));
const t = useTestApp();
const province = useLogin(t, 'province.dn');

/** A 200 with FHIR's media type and a resource that R4 finds valid (warnings allowed). */
function resourceOf<T>(res: LightMyRequestResponse): T {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = res.json() as { resourceType: string };
  const result = fhir.validate(body);
  expect(result.messages.filter((m) => String(m.severity) === 'error')).toEqual([]);
  return body as T;
}
function outcomeOf(res: LightMyRequestResponse, status: number): OperationOutcome {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = res.json() as OperationOutcome;
  expect(body.resourceType).toBe('OperationOutcome');
  expect(fhir.validate(body).valid).toBe(true);
  return body;
}

describe('GET /fhir/metadata', () => {
  it('answers a valid R4 CapabilityStatement without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/metadata' });
    const cs = resourceOf<{ resourceType: string; fhirVersion: string }>(res);
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
  });
});

describe('Organization', () => {
  it('reads an org unit in scope with its code, parent and kind', async () => {
    const org = resourceOf<Organization>(await province.get(`/fhir/Organization/${H01}`));
    expect(org).toMatchObject({
      resourceType: 'Organization',
      id: H01,
      active: true,
      identifier: [{ value: 'VN-DN-H01' }],
      partOf: {
        reference: `Organization/${(await t.db.query<{ parent_id: string }>('select parent_id from org_units where id = $1', [H01]))[0]!.parent_id}`,
      },
    });
  });

  it('answers an OperationOutcome 403 for a unit outside the reader’s area, and 404 for an unknown id', async () => {
    const out = outcomeOf(await province.get(`/fhir/Organization/${orgUnitIdOf('LA')}`), 403);
    expect(out.issue[0]).toMatchObject({ severity: 'error', code: 'forbidden' });
    outcomeOf(await province.get('/fhir/Organization/not-a-uuid'), 404);
  });

  it('gives the same unit as a Location, part of its parent Location and managed by its Organization', async () => {
    const loc = resourceOf<{
      status: string;
      managingOrganization: { reference: string };
      partOf: { reference: string };
    }>(await province.get(`/fhir/Location/${H01}`));
    expect(loc).toMatchObject({
      status: 'active',
      managingOrganization: { reference: `Organization/${H01}` },
      partOf: { reference: expect.stringMatching(/^Location\//) },
    });
  });

  it('searches the units under a parent and by code, as a searchset Bundle', async () => {
    const children = resourceOf<Bundle>(await province.get(`/fhir/Organization?partof=Organization/${DN}`));
    const expected = await t.db.query<{ id: string }>(
      'select id from org_units where parent_id = $1 and active',
      [DN],
    );
    expect(children.entry!.map((e) => e.resource!.id).sort()).toEqual(expected.map((r) => r.id).sort());
    const byCode = resourceOf<Bundle>(await province.get('/fhir/Organization?identifier=VN-DN-H01'));
    expect(byCode.entry!.map((e) => e.resource!.id)).toEqual([H01]);
  });

  it('pages through every unit the reader may see, in path order, by the next links, and audits each search', async () => {
    // The province's subtree and the units on the way down to it; nothing of another province.
    const visible = await t.db.query<{ id: string }>(
      `select id from org_units o where o.active and (o.path like (select path from org_units where id = $1) || '%'
          or (select path from org_units where id = $1) like o.path || '%') order by o.path`,
      [DN],
    );
    expect(visible.length).toBeGreaterThan(5);
    const audited = await countRows(t.db, 'audit_log', "entity_type = 'fhir_location_search'");
    const seen: string[] = [];
    let url: string | undefined = '/fhir/Location?_count=4';
    let pages = 0;
    while (url) {
      const page: Bundle = resourceOf<Bundle>(await province.get(url));
      expect(page.entry!.length).toBeLessThanOrEqual(4);
      seen.push(...page.entry!.map((e) => e.resource!.id!));
      const next = page.link!.find((l) => l.relation === 'next')?.url;
      if (!next) expect(page.total).toBe(page.entry!.length);
      url = next && new URL(next).pathname + new URL(next).search;
      pages += 1;
    }
    expect(seen).toEqual(visible.map((r) => r.id));
    expect(pages).toBe(Math.ceil(visible.length / 4));
    expect(await countRows(t.db, 'audit_log', "entity_type = 'fhir_location_search'")).toBe(audited + pages);
  });

  it('finds a unit by its DHIS2 id, and audits the read of one unit', async () => {
    await t.db.query("update org_units set dhis2_id = 'Abc123XyZ01' where id = $1", [H01]);
    const byDhis2 = resourceOf<Bundle>(await province.get('/fhir/Organization?identifier=Abc123XyZ01'));
    expect(byDhis2.entry!.map((e) => e.resource!.id)).toEqual([H01]);
    const before = await countRows(
      t.db,
      'audit_log',
      "entity_type = 'fhir_organization' and entity_id = $1",
      [H01],
    );
    resourceOf<Organization>(await province.get(`/fhir/Organization/${H01}`));
    expect(
      await countRows(t.db, 'audit_log', "entity_type = 'fhir_organization' and entity_id = $1", [H01]),
    ).toBe(before + 1);
  });
});

describe('Measure and MeasureReport', () => {
  const values = async (client: TestClient, unit: string, period: string) =>
    (await client.get(`/api/indicators/values?orgUnit=${unit}&period=${period}`)).json() as ValuesResponse;
  const count = (mr: MeasureReport, code: string) =>
    mr.group![0]!.population!.find((p) => p.code!.coding![0]!.code === code)!.count;

  it('describes an indicator as a valid Measure; an unknown one is a 404 OperationOutcome', async () => {
    const m = resourceOf<{ scoring: { coding: Array<{ code: string }> } }>(
      await province.get('/fhir/Measure/ssc_90_no_separation'),
    );
    expect(m.scoring.coding[0]!.code).toBe('proportion');
    outcomeOf(await province.get('/fhir/Measure/nope'), 404);
  });

  it('gives the numerator and denominator the JSON API gives, and strata that add up to them', async () => {
    for (const unit of [H01, DN]) {
      const bundle = resourceOf<Bundle>(
        await province.get(
          `/fhir/MeasureReport?subject=Location/${unit}&period=2026Q1&measure=live_births,Measure/ssc_90_no_separation`,
        ),
      );
      const json = await values(province, unit, '2026Q1');
      const reports = bundle.entry!.map((e) => e.resource as MeasureReport);
      expect(reports.map((r) => r.measure!.replace(/^.*\/Measure\//, ''))).toEqual([
        'live_births',
        'ssc_90_no_separation',
      ]);
      const [live, ssc] = reports as [MeasureReport, MeasureReport];
      const v = (id: string) => json.indicators.find((x) => x.id === id)!;
      expect(count(live, 'initial-population')).toBe(v('live_births').numerator);
      expect(count(ssc, 'numerator')).toBe(v('ssc_90_no_separation').numerator);
      expect(count(ssc, 'denominator')).toBe(v('ssc_90_no_separation').denominator);
      for (const stratifier of live.group![0]!.stratifier!) {
        const sum = stratifier.stratum!.reduce((n, s) => n + s.population![0]!.count!, 0);
        expect(sum, stratifier.code![0]!.coding![0]!.code).toBe(count(live, 'initial-population'));
      }
    }
    expect(
      await countRows(t.db, 'audit_log', "entity_type = 'fhir_measure_report' and action = 'read'"),
    ).toBe(2);
  });

  it('marks counts published perturbed to a partner with a data-absent reason', async () => {
    const partner = await t.login('partner.who');
    const bundle = resourceOf<Bundle>(
      await partner.get(`/fhir/MeasureReport?subject=${orgUnitIdOf('VN')}&period=2026Q1&measure=live_births`),
    );
    const pop = (bundle.entry![0]!.resource as MeasureReport).group![0]!.population![0]!;
    const json = await values(partner, orgUnitIdOf('VN'), '2026Q1');
    const v = json.indicators.find((x) => x.id === 'live_births')!;
    expect(pop.count).toBe(v.numerator);
    expect(pop.extension !== undefined).toBe(v.perturbed.includes('numerator'));
  });

  it('answers an unknown measure and a missing subject with an OperationOutcome 400 naming the parameter', async () => {
    const bad = outcomeOf(
      await province.get(`/fhir/MeasureReport?subject=${H01}&period=2026&measure=nope`),
      400,
    );
    expect(bad.issue.flatMap((i) => i.expression ?? [])).toContain('measure');
    const missing = outcomeOf(await province.get('/fhir/MeasureReport?period=2026'), 400);
    expect(missing.issue.flatMap((i) => i.expression ?? [])).toContain('subject');
  });
});
