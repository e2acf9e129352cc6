import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareResponse, ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { DN, H01, VN } from '../../test/demo-units';
import { postBirth } from '../../test/api-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';

/**
 * Whether a follow-up is over at the request's instant is read from stored rows (the clock table,
 * indicator-rollup-sql.ts), so a country's or the region's dashboard and comparison count the
 * indicators that read it over the current period too, with the same values as their provinces.
 */
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
  t = await createTestApp();
  national = await t.login('national.vn');
  const midwife = await t.login('midwife.dn');
  // Born a week before the test clock (2026-03-10): its follow-up is open.
  await postBirth(midwife, { facilityId: H01, delivery: { bornAt: '2026-03-03T08:00:00+07:00' } });
});
afterAll(() => t?.close());

describe('open follow-ups at a country and the region', () => {
  it('counts the indicators that read whether a follow-up is over, over the current period', async () => {
    const year = await get<ValuesResponse>(`/api/indicators/values?orgUnit=${VN}&period=2026&include=trends`);
    expect(pncDeferred(year)).toEqual([]);
    expect(year.indicators.map((v) => v.id)).toEqual(expect.arrayContaining(OVER_READERS));

    const compare = await get<CompareResponse>(`/api/indicators/compare?parent=${VN}&period=2026`);
    expect(pncDeferred(compare)).toEqual([]);
  });

  it('gives the country what its province gives, the open follow-up in no denominator', async () => {
    const value = async (unit: string, period: string) =>
      (
        await get<ValuesResponse>(
          `/api/indicators/values?orgUnit=${unit}&period=${period}&indicators=all_pnc_newborn`,
        )
      ).indicators[0]!;
    for (const period of ['202603', '2026Q1']) {
      const atProvince = await value(DN, period);
      // The one baby born in March is still open at the clock: it is in no denominator yet.
      expect(atProvince.denominator).toBe(0);
      expect(await value(VN, period)).toEqual(atProvince);
    }
    // Once its windows have ended (the clock moved past them), it is counted at every level.
    t.clock.set(new Date('2026-06-01T00:00:00Z'));
    national = await t.login('national.vn');
    const later = await value(DN, '202603');
    expect(later.denominator).toBe(1);
    expect(await value(VN, '202603')).toEqual(later);
  });
});
