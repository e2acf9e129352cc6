import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal';
import { customPeriod } from '../../../shared/indicators/period';
import type { RegionalSummary, Report } from '../../../shared/reports/report.schema';
import { formatNumber } from '../../../shared/reports/report-texts';
import { bundleValues, computeBundle, indicatorLibrary } from '../indicators/indicators.service';
import { findOrgUnit } from '../org-units/org-units.repo';
import { userIdOf } from '../../seed/demo';
import { expectOk } from '../../test/api-helpers';
import { pdfText, REPORT_DEMO } from './report-test-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { VN } from '../../test/demo-units';

const FROM = '2024-01-01';
const TO = '2025-12-31';

let t: TestApp;
let author: TestClient;
let pairPartner: TestClient;
let outsidePartner: TestClient;
let admin: TestClient;
let exact: Report;

/** What the indicator engine publishes to a partner viewer for one unit over the biennium. */
async function engineForPartner(unitId: string) {
  const unit = (await findOrgUnit(t.db, unitId))!;
  const partner: Principal = {
    userId: userIdOf('partner.two'),
    username: 'partner.two',
    displayName: 'Partner two',
    role: 'partner_viewer',
    locale: 'en',
    scopes: [],
  };
  const defs = indicatorLibrary.definitions.filter((d) => exact.values.some((v) => v.indicatorId === d.id));
  const b = await computeBundle(t.db, partner, unit, customPeriod(FROM, TO), defs, {
    previous: false,
    children: false,
    trends: false,
    dims: [],
    asOf: t.clock.now(),
  });
  return new Map(bundleValues(b, b.main).map((v) => [v.id, v]));
}

beforeAll(async () => {
  t = await createTestApp({ demoData: REPORT_DEMO });
  // A second partner account, region-wide like partner.who but outside VN's reviewer pair.
  await t.db.query(
    `insert into users (id, username, display_name, role, password_hash)
     select $1, 'partner.two', 'Partner two', 'partner_viewer', password_hash from users where username = 'partner.who'`,
    [userIdOf('partner.two')],
  );
  await t.db.query(
    "insert into user_scopes (user_id, org_unit_id) select $1, org_unit_id from user_scopes s join users u on u.id = s.user_id where u.username = 'partner.who'",
    [userIdOf('partner.two')],
  );
  author = await t.login('national.vn');
  admin = await t.login('admin');
  pairPartner = await t.login('partner.who');
  outsidePartner = await t.login('partner.two');
  const r = expectOk<Report>(
    await author.post('/api/reports', { countryId: VN, biennium: '2024-2025' }),
    201,
  );
  expectOk(await author.post(`/api/reports/${r.id}/submit`));
  expectOk(
    await admin.put(`/api/reports/reviewers/${VN}`, {
      reviewerIds: [userIdOf('national.la'), userIdOf('partner.who')],
    }),
  );
  expectOk(await admin.post(`/api/reports/${r.id}/start-review`));
  for (const v of r.values.filter((x) => x.kind === 'computed' && x.value !== null))
    expectOk(await pairPartner.put(`/api/reports/${r.id}/values/${v.key}/review`, { review: 'validated' }));
  expectOk(await pairPartner.post(`/api/reports/${r.id}/validate`));
  exact = expectOk<Report>(await admin.post(`/api/reports/${r.id}/publish`));
});
afterAll(() => t?.close());

describe('partner-facing report outputs', () => {
  it('gives a partner in the reviewer pair the exact values the country reports', async () => {
    const seen = expectOk<Report>(await pairPartner.get(`/api/reports/${exact.id}`));
    expect(seen.values.map((v) => [v.key, v.numerator, v.value])).toEqual(
      exact.values.map((v) => [v.key, v.numerator, v.value]),
    );
  });

  it('gives any other partner the perturbed counts the indicator engine publishes to partners', async () => {
    const seen = expectOk<Report>(await outsidePartner.get(`/api/reports/${exact.id}`));
    const engine = await engineForPartner(VN);
    let differs = 0;
    for (const v of seen.values.filter((x) => x.kind === 'computed' && x.indicatorId)) {
      const e = engine.get(v.key)!;
      const x = exact.values.find((y) => y.key === v.key)!;
      if (x.value === null) expect([v.key, v.value]).toEqual([v.key, null]);
      else
        expect([v.key, v.numerator, v.denominator, v.value]).toEqual([
          v.key,
          e.numerator,
          e.denominator,
          e.value,
        ]);
      if (v.numerator !== x.numerator) differs++;
    }
    // Counts of people are perturbed (a few of ~30 may land on their exact count); facilities are not.
    expect(differs).toBeGreaterThan(3);
    const facilities = (r: Report) => r.values.find((v) => v.key === 'facilities_introduced')!.numerator;
    expect(facilities(seen)).toBe(facilities(exact));
    // The province breakdown too, province by province.
    for (const p of seen.provinces.slice(0, 2)) {
      const e = await engineForPartner(p.orgUnitId);
      for (const v of p.values)
        if (v.value !== null)
          expect([p.code, v.key, v.numerator]).toEqual([p.code, v.key, e.get(v.key)!.numerator]);
    }
  });

  it('prints the perturbed counts in the partner’s PDF and submission document, never the exact ones', async () => {
    const seen = expectOk<Report>(await outsidePartner.get(`/api/reports/${exact.id}`));
    const key = seen.values.find(
      (v) =>
        v.unit === 'count' &&
        v.value !== null &&
        v.value !== exact.values.find((x) => x.key === v.key)!.value,
    )!.key;
    const doc = expectOk<{ values: Array<{ key: string; value: number | null }> }>(
      await outsidePartner.get(`/api/reports/${exact.id}/submission`),
    );
    expect(doc.values.find((v) => v.key === key)!.value).toBe(seen.values.find((v) => v.key === key)!.value);
    const res = await outsidePartner.request({ method: 'GET', url: `/api/reports/${exact.id}/report.pdf` });
    const text = pdfText(res.rawPayload);
    const name = exact.values.find((v) => v.key === key)!.name.vi!;
    // The report is in Vietnamese; its section table's row for the count (before the province breakdown).
    const row = text
      .split('Giá trị theo tỉnh')[0]!
      .split('\n')
      .filter((l) => l.includes(name))
      .at(-1)!;
    const cells = row.trim().split(/\s{2,}/);
    const fmt = (n: number | null) => formatNumber(n, 'count', 'vi', '');
    expect(cells).toContain(fmt(seen.values.find((v) => v.key === key)!.value));
    expect(cells).not.toContain(fmt(exact.values.find((v) => v.key === key)!.value));
  });

  it('sums partner copies in the regional summary a partner reads, exact values for the coordinator', async () => {
    const forPartner = expectOk<RegionalSummary>(
      await outsidePartner.get('/api/reports/regional?biennium=2024-2025'),
    );
    const forAdmin = expectOk<RegionalSummary>(await admin.get('/api/reports/regional?biennium=2024-2025'));
    const seen = expectOk<Report>(await outsidePartner.get(`/api/reports/${exact.id}`));
    const total = (s: RegionalSummary) => s.totals.find((x) => x.key === 'live_births')!.numerator;
    expect(total(forPartner)).toBe(seen.values.find((v) => v.key === 'live_births')!.numerator);
    expect(total(forAdmin)).toBe(exact.values.find((v) => v.key === 'live_births')!.numerator);
    expect(forPartner.headline.newborns).toBe(
      seen.values.find((v) => v.key === 'births_in_eenc_facilities')!.numerator,
    );
  });
});
