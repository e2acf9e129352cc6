import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import type { CompareResponse, ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';

/**
 * Follow-ups still open are corrected from their contacts at each request (19-25 s for the region's
 * current month at 4 million births). Above INDICATOR_OPEN_FOLLOW_UPS_UNASKED of them in a country's or
 * the region's period, the indicators that read whether a follow-up is over are counted only when asked.
 * Here the limit is 0, so one open follow-up is enough; the dashboard tests run with the default (5,000)
 * and count them (indicators.int.test.ts).
 */
const VN = orgUnitIdOf('VN');
const DN = orgUnitIdOf('VN-DN');
const OVER_READERS = ['all_pnc_mother', 'all_pnc_newborn'];

let t: TestApp;
let national: TestClient;

async function get<T>(url: string) {
  const res = await national.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
const pncDeferred = (r: { deferred: readonly string[] }) =>
  r.deferred.filter((id) => id.includes('pnc')).sort();

beforeAll(async () => {
  t = await createTestApp({ config: { indicatorOpenFollowUpsUnasked: 0 } });
  national = await t.login('national.vn');
  const midwife = await t.login('midwife.dn');
  // Born a week before the test clock (2026-03-10): its follow-up is open.
  const res = await midwife.post(
    '/api/births',
    buildBirthRaw({
      facilityId: orgUnitIdOf('VN-DN-H01'),
      delivery: { bornAt: '2026-03-03T08:00:00+07:00' },
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => t?.close());

describe('open follow-ups above the limit at a country', () => {
  it('leaves out only the indicators that read whether a follow-up is over, over a period that reaches them', async () => {
    const year = await get<ValuesResponse>(`/api/indicators/values?orgUnit=${VN}&period=2026&include=trends`);
    expect(pncDeferred(year)).toEqual(OVER_READERS);
    expect(year.indicators.map((v) => v.id)).toContain('pnc_on_time_newborn');
    expect(year.indicators.map((v) => v.id)).not.toContain('all_pnc_newborn');

    // The same in the comparison of the country's provinces.
    const compare = await get<CompareResponse>(`/api/indicators/compare?parent=${VN}&period=2026`);
    expect(pncDeferred(compare)).toEqual(OVER_READERS);
  });

  it('counts them over a period no open follow-up reaches, when asked, and at a province', async () => {
    const older = await get<ValuesResponse>(`/api/indicators/values?orgUnit=${VN}&period=2025`);
    expect(pncDeferred(older)).toEqual([]);

    const asked = await get<ValuesResponse>(
      `/api/indicators/values?orgUnit=${VN}&period=2026&indicators=${OVER_READERS.join(',')}`,
    );
    expect(asked.deferred).toEqual([]);
    expect(asked.indicators.map((v) => v.id).sort()).toEqual(OVER_READERS);
    // The open follow-up is not over: it is in no denominator yet, at the country as at its province.
    const atProvince = await get<ValuesResponse>(
      `/api/indicators/values?orgUnit=${DN}&period=202603&indicators=all_pnc_newborn`,
    );
    expect(atProvince.deferred).toEqual([]);
    const march = await get<ValuesResponse>(
      `/api/indicators/values?orgUnit=${VN}&period=202603&indicators=all_pnc_newborn`,
    );
    expect(march.indicators[0]!.denominator).toBe(atProvince.indicators[0]!.denominator);
  });
});
