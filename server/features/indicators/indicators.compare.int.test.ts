import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import type { CompareResponse, ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { MAX_COMPARED_UNITS } from '../../../shared/indicators/indicator-api.schema';
import { ROOT_REGION_ID } from '../../seed/bootstrap';
import { orgUnitIdOf } from '../../seed/demo';
import { expectError } from '../../test/api-helpers';
import { createTestApp, demoBirths, type TestApp, type TestClient } from '../../test/test-app';

/** Periods of every kind over the demo births (the 24 months before March 2026), and a custom range. */
const PERIODS = ['period=2025', 'period=2025Q3', 'period=202511', 'from=2025-02-10&to=2025-05-20'];
const STANDARD = PERIODS.filter((p) => p.startsWith('period='));

let t: TestApp;
let national: TestClient;
let province: TestClient;
let partner: TestClient;
let laos: TestClient;

beforeAll(async () => {
  // Births at every demo facility of both countries over the 24 months before the test clock.
  t = await createTestApp({ demoData: [demoBirths(800)] });
  national = await t.login('national.vn');
  province = await t.login('province.dn');
  partner = await t.login('partner.who');
  laos = await t.login('national.la');
});
afterAll(() => t?.close());

async function ok<T>(client: TestClient, url: string): Promise<T> {
  const res = await client.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
const compare = (c: TestClient, q: string) => ok<CompareResponse>(c, `/api/indicators/compare?${q}`);
const values = (c: TestClient, q: string) => ok<ValuesResponse>(c, `/api/indicators/values?${q}`);

/** The one-request answer of each unit equals that unit's own values answer, indicator by indicator. */
async function expectSameAsValues(client: TestClient, got: CompareResponse, period: string) {
  for (const u of got.units) {
    const ids = got.units[0]!.indicators.map((v) => v.id);
    const own = await values(client, `orgUnit=${u.orgUnit.id}&${period}&indicators=${ids.join(',')}`);
    expect(u.indicators, `${u.orgUnit.code} ${period}`).toEqual(own.indicators);
  }
}

describe('GET /api/indicators/compare', () => {
  it("answers a parent's children as their own values answers and the dashboard's children, for every period kind", async () => {
    for (const period of PERIODS) {
      const got = await compare(national, `parent=${orgUnitIdOf('VN')}&${period}`);
      expect(got.parent?.code).toBe('VN');
      expect(got.units.map((u) => u.orgUnit.code).sort()).toEqual(['VN-DN', 'VN-H-TW', 'VN-QNA']);
      expect(got.perturbationApplied).toBe(false);
      // The country's comparison defers nothing, as its dashboard does: the screening results are read by
      // each unit's subtree, the postnatal follow-ups' cut months from their day rollup (issue 21).
      expect(got.deferred).toEqual([]);
      const dash = await values(national, `orgUnit=${orgUnitIdOf('VN')}&${period}&include=children`);
      expect(got.units).toEqual(dash.children);
      await expectSameAsValues(national, got, period);
      const births = got.units.map((u) => u.indicators.find((v) => v.id === 'live_births')!.numerator!);
      expect(births.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
  });

  it('answers a list of units of any level in the order given, every indicator included below the country', async () => {
    const codes = ['VN-QNA-H01', 'VN-DN', 'VN-DN-HC-H', 'VN-QNA-TK'];
    for (const period of PERIODS) {
      const got = await compare(national, `units=${codes.map(orgUnitIdOf).join(',')}&${period}`);
      expect(got.parent).toBeNull();
      expect(got.units.map((u) => u.orgUnit.code)).toEqual(codes);
      expect(got.deferred).toEqual([]);
      await expectSameAsValues(national, got, period);
    }
  });

  it('counts a chosen list of indicators only', async () => {
    const got = await compare(
      national,
      `units=${orgUnitIdOf('VN-DN')},${orgUnitIdOf('VN-QNA')}&period=2025&indicators=immediate_ssc,live_births`,
    );
    expect(got.units.map((u) => u.indicators.map((v) => v.id).sort())).toEqual([
      ['immediate_ssc', 'live_births'],
      ['immediate_ssc', 'live_births'],
    ]);
  });

  it('gives a partner viewer the same perturbed counts as the values route, whole periods only', async () => {
    for (const period of STANDARD) {
      const got = await compare(partner, `parent=${ROOT_REGION_ID}&${period}`);
      expect(got.perturbationApplied).toBe(true);
      expect(got.units.map((u) => u.orgUnit.code).sort()).toEqual(['LA', 'VN']);
      expect(got.units.some((u) => u.indicators.some((v) => v.perturbed.length > 0))).toBe(true);
      await expectSameAsValues(partner, got, period);
    }
    expectError(
      await partner.get(`/api/indicators/compare?parent=${ROOT_REGION_ID}&from=2025-02-10&to=2025-05-20`),
      403,
      'forbidden',
    );
  });

  it('refuses a unit outside the scope rather than leaving it out', async () => {
    const listed = await province.get(
      `/api/indicators/compare?units=${orgUnitIdOf('VN-DN-H01')},${orgUnitIdOf('VN-QNA')}&period=2025`,
    );
    expectError(listed, 403, 'out_of_scope');
    expectError(
      await province.get(`/api/indicators/compare?parent=${orgUnitIdOf('VN')}&period=2025`),
      403,
      'out_of_scope',
    );
    // Inside the scope the same reader is answered.
    const mine = await compare(province, `units=${orgUnitIdOf('VN-DN-H01')}&period=2025`);
    expect(mine.units).toHaveLength(1);
  });

  it('says what is wrong with bad input, in the reader’s language', async () => {
    const unknown = newId();
    // province.dn reads Vietnamese, national.la English.
    const vi = expectError(
      await province.get(`/api/indicators/compare?units=${orgUnitIdOf('VN-DN')},${unknown}&period=2025`),
      400,
      'validation_failed',
    );
    expect(vi.issues).toEqual([{ path: 'units', message: `Không có đơn vị ${unknown}.` }]);
    const en = expectError(
      await laos.get(`/api/indicators/compare?units=${unknown}&period=2025`),
      400,
      'validation_failed',
    );
    expect(en.issues).toEqual([{ path: 'units', message: `Unknown org unit ${unknown}.` }]);

    const many = Array.from({ length: MAX_COMPARED_UNITS + 1 }, () => newId()).join(',');
    expect(
      expectError(
        await laos.get(`/api/indicators/compare?units=${many}&period=2025`),
        400,
        'validation_failed',
      ).issues,
    ).toEqual([{ path: 'units', message: `Compare at most ${MAX_COMPARED_UNITS} units at once.` }]);
    expect(
      expectError(
        await province.get(`/api/indicators/compare?units=${many}&period=2025`),
        400,
        'validation_failed',
      ).issues,
    ).toEqual([{ path: 'units', message: `Chỉ so sánh được tối đa ${MAX_COMPARED_UNITS} đơn vị một lần.` }]);

    expect(
      expectError(await laos.get(`/api/indicators/compare?units=nope&period=2025`), 400, 'validation_failed')
        .issues,
    ).toEqual([{ path: 'units', message: 'nope is not an org unit id.' }]);

    const badPeriod = expectError(
      await laos.get(`/api/indicators/compare?parent=${orgUnitIdOf('LA')}&period=2025Q7`),
      400,
      'validation_failed',
    );
    expect(badPeriod.issues.map((i) => i.path)).toEqual(['period']);

    const both = expectError(
      await laos.get(
        `/api/indicators/compare?parent=${orgUnitIdOf('LA')}&units=${orgUnitIdOf('LA-VT')}&period=2025`,
      ),
      400,
      'validation_failed',
    );
    expect(both.issues[0]!.message).toMatch(/either parent/);
    expectError(await laos.get('/api/indicators/compare?period=2025'), 400, 'validation_failed');
    expect(
      expectError(
        await province.get(
          `/api/indicators/compare?units=${orgUnitIdOf('VN-DN')}&period=2025&indicators=nope`,
        ),
        400,
        'validation_failed',
      ).issues,
    ).toEqual([{ path: 'indicators', message: 'Không có chỉ số nope.' }]);
  });
});
