import { describe, expect, it } from 'vitest';
import type { KmcReadiness } from '../../../shared/kmc/kmc-readiness';
import { orgUnitIdOf } from '../../seed/demo';
import { expectError, indicatorCounts, issuePaths } from '../../test/api-helpers';
import { type TestClient, useLogins, useTestApp } from '../../test/test-app';
import { DN, H01 } from '../pnc/pnc-test-helpers';

// Clock: 2026-03-10T08:00Z. The test app has no births: H01 offers KMC only by its declaration.
const OFFERS = { offersKmc: true, offeredSince: '2026-02-01', places: ['kmc_ward', 'nicu'] };
const LAO_HOSPITAL = orgUnitIdOf('LA-VT-H02');

describe("a facility's own declaration that it offers KMC", () => {
  const t = useTestApp();
  const [lead, province, midwife] = useLogins(t, 'lead.dn', 'province.dn', 'midwife.dn');

  const url = (id = H01) => `/api/kmc/facilities/${id}/readiness`;
  const read = async (client: TestClient) => {
    const res = await client.get(url());
    expect(res.statusCode, res.body).toBe(200);
    return res.json<KmcReadiness>();
  };
  /** Numerator and denominator of the two readiness indicators at H01 over a month of 2026. */
  const readiness = async (month: string) => {
    const last = new Date(Date.UTC(2026, Number(month), 0)).toISOString().slice(0, 10);
    const values = await indicatorCounts(
      lead,
      H01,
      [`2026-${month}-01`, last],
      ['facilities_offering_kmc', 'facilities_ready_for_kmc'],
    );
    return values.map((v) => [v.numerator, v.denominator]);
  };

  it('starts with nothing declared; the lead and the province may record it, a clinician may not', async () => {
    expect(await read(lead)).toEqual({
      facilityId: H01,
      facilityName: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
      declaration: null,
      canEdit: true,
    });
    expect((await read(province)).canEdit).toBe(true);
    expect((await read(midwife)).canEdit).toBe(false);
    expect(await readiness('02')).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('refuses offering without a date or a ward, a date after today, and a date or ward when not offering', async () => {
    const none = await lead.put(url(), { version: null, offersKmc: true, offeredSince: null, places: [] });
    expectError(none, 400, 'validation_failed');
    expect(issuePaths(none)).toEqual(['offeredSince', 'places']);
    const future = await lead.put(url(), { version: null, ...OFFERS, offeredSince: '2026-03-11' });
    expect(expectError(future, 400, 'validation_failed').issues).toEqual([
      { path: 'offeredSince', message: 'Thời điểm này ở tương lai.' }, // lead.dn reads Vietnamese
    ]);
    const notOffered = await lead.put(url(), { version: null, ...OFFERS, offersKmc: false });
    expect(issuePaths(notOffered)).toEqual(['offeredSince', 'places']);
    const home = await lead.put(url(), { version: null, ...OFFERS, places: ['home'] });
    expect(issuePaths(home)).toEqual(['places.0']);
  });

  it('records the declaration with its audit entry and counts the facility from the declared month on', async () => {
    const res = await lead.put(url(), { version: null, ...OFFERS });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<KmcReadiness>().declaration).toMatchObject({ ...OFFERS, version: 1 });
    expect((await read(midwife)).declaration).toMatchObject({ ...OFFERS, version: 1 });
    const [audit] = await t.db.query<{ action: string; after: unknown; org_unit_id: string }>(
      `select action, after, org_unit_id from audit_log where entity_type = 'kmc_facility_readiness' and entity_id = $1`,
      [H01],
    );
    expect(audit).toEqual({
      action: 'create',
      after: { ...OFFERS, providesSpecialCare: null },
      org_unit_id: H01,
    });
    // January ends before the declared day; February and March count. Nobody is KMC-trained yet.
    expect(await readiness('01')).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(await readiness('02')).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it('answers 409 to a stale declaration, lets the province correct it, and stops counting when withdrawn', async () => {
    expectError(await lead.put(url(), { version: null, ...OFFERS }), 409, 'version_conflict');
    const moved = await province.put(url(), { version: 1, ...OFFERS, offeredSince: '2026-03-01' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await readiness('02')).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expectError(await lead.put(url(), { version: 1, ...OFFERS }), 409, 'version_conflict');
    const withdrawn = await lead.put(url(), { version: 2, offersKmc: false, offeredSince: null, places: [] });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(await readiness('03')).toEqual([
      [0, 1],
      [0, 1],
    ]);
    const [last] = await t.db.query<{ before: unknown }>(
      `select before from audit_log where entity_type = 'kmc_facility_readiness' order by id desc limit 1`,
    );
    expect(last!.before).toEqual({ ...OFFERS, providesSpecialCare: null, offeredSince: '2026-03-01' });
  });

  it('keeps to scope and to facilities: a clinician is refused, another country is out of scope, a province is not a facility', async () => {
    expectError(await midwife.put(url(), { version: 3, ...OFFERS }), 403, 'forbidden');
    expectError(await lead.put(url(LAO_HOSPITAL), { version: null, ...OFFERS }), 403, 'out_of_scope');
    expectError(await lead.get(url(LAO_HOSPITAL)), 403, 'out_of_scope');
    expectError(await province.get(url(DN)), 404, 'not_found');
  });
});
