import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../../shared/reports/report-texts';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import type { RegionalSummary, Report, ReportDiff } from '../../../shared/reports/report.schema';
import { userIdOf } from '../../seed/demo';
import { expectError, expectOk } from '../../test/api-helpers';
import { pdfText, REPORT_DEMO } from './report-test-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { LA, VN } from '../../test/demo-units';

const BIENNIUM = '2024-2025';

let t: TestApp;
let author: TestClient;
let authorLa: TestClient;
let coordinator: TestClient;
let reviewer: TestClient;
let outsider: TestClient;
let partner: TestClient;

/** A second region-wide reviewer; the pair of VN is national.la and this one. */
async function addReviewerAccount(username: string) {
  await t.db.query(
    `insert into users (id, username, display_name, role, password_hash)
     select $1, $2, 'IRG reviewer ' || $2, 'partner_viewer', password_hash from users where username = 'partner.who'`,
    [userIdOf(username), username],
  );
  await t.db.query(
    "insert into user_scopes (user_id, org_unit_id) select $1, org_unit_id from user_scopes s join users u on u.id = s.user_id where u.username = 'partner.who'",
    [userIdOf(username)],
  );
}

beforeAll(async () => {
  t = await createTestApp({ demoData: REPORT_DEMO });
  await addReviewerAccount('irg.one');
  author = await t.login('national.vn');
  authorLa = await t.login('national.la');
  coordinator = await t.login('admin');
  reviewer = await t.login('irg.one');
  outsider = await t.login('partner.who');
  partner = outsider;
});
afterAll(() => t?.close());

let report: Report;

describe('a country report assembled from the indicator engine', () => {
  it('creates the VN report for 2024-2025 whose computed values equal the indicator API for the same unit and period', async () => {
    report = expectOk<Report>(await author.post('/api/reports', { countryId: VN, biennium: BIENNIUM }), 201);
    expect([report.state, report.version, report.period]).toEqual([
      'draft',
      1,
      { from: '2024-01-01', to: '2025-12-31' },
    ]);
    const computed = report.values.filter((v) => v.kind === 'computed' && v.indicatorId);
    const api = expectOk<ValuesResponse>(
      await author.get(
        `/api/indicators/values?orgUnit=${VN}&from=2024-01-01&to=2025-12-31&indicators=${computed.map((v) => v.key).join(',')}`,
      ),
    );
    expect(computed.length).toBeGreaterThan(25);
    for (const v of computed) {
      const a = api.indicators.find((x) => x.id === v.key)!;
      expect([v.key, v.value]).toEqual([v.key, a.value]);
      if (a.value !== null)
        expect([v.key, v.numerator, v.denominator]).toEqual([v.key, a.numerator, a.denominator]);
    }
    const births = report.values.find((v) => v.key === 'live_births')!;
    expect(births.value).toBeGreaterThan(100);
    expect(births.source).toBe('indicators:newborn');
    expect(births.drillDown).toContain(`/api/indicators/records?orgUnit=${VN}&from=2024-01-01&to=2025-12-31`);
  });

  it('says "no data" (null), never 0, for items whose indicator does not exist yet', () => {
    for (const key of ['module3_standards_score', 'coaching_skills_passed', 'kmc_graduated']) {
      const v = report.values.find((x) => x.key === key)!;
      expect([v.value, v.numerator, v.denominator, v.drillDown]).toEqual([null, null, null, null]);
    }
  });

  it('refuses a second report for the same country and biennium (409)', async () => {
    expectError(await author.post('/api/reports', { countryId: VN, biennium: BIENNIUM }), 409, 'conflict');
  });

  it("refuses a manual value without a source, with the message in the author's language", async () => {
    const res = await author.patch(`/api/reports/${report.id}`, {
      rowVersion: report.rowVersion,
      manual: { policy_national_guideline: { text: 'Quyết định 4673/QĐ-BYT', source: '  ' } },
    });
    const body = expectError(res, 400, 'validation_failed');
    expect(body.issues).toEqual([
      {
        path: 'manual.policy_national_guideline.source',
        message: expect.stringContaining('giá trị nhập tay không có nguồn sẽ không được chấp nhận'),
      },
    ]);
  });

  it('keeps a manual value with its source, and the narrative', async () => {
    report = expectOk<Report>(
      await author.patch(`/api/reports/${report.id}`, {
        rowVersion: report.rowVersion,
        narrative: { achievements: 'Mở rộng EENC tới 63 tỉnh', challenges: 'Thiếu bóng và mặt nạ' },
        manual: {
          policy_national_guideline: { text: 'Quyết định 4673/QĐ-BYT', source: 'Bộ Y tế, 2014' },
        },
      }),
    );
    const v = report.values.find((x) => x.key === 'policy_national_guideline')!;
    expect([v.text, v.source]).toEqual(['Quyết định 4673/QĐ-BYT', 'Bộ Y tế, 2014']);
    expect(report.narrative.achievements).toBe('Mở rộng EENC tới 63 tỉnh');
    // The country-level KMC readiness items of the consensus list wait for the author, as manual items.
    const kmc = ['policy_kmc_guideline', 'policy_kmc_in_hmis', 'plans_costed_kmc_plan'];
    expect(
      report.values.filter((x) => kmc.includes(x.key)).map((x) => [x.key, x.kind, x.text ?? null]),
    ).toEqual(kmc.map((key) => [key, 'manual', null]));
  });
});

describe('the review workflow', () => {
  it('refuses to start the review before the pair is assigned, then the coordinator assigns it', async () => {
    report = expectOk<Report>(await author.post(`/api/reports/${report.id}/submit`));
    expect(report.state).toBe('submitted');
    expectError(await coordinator.post(`/api/reports/${report.id}/start-review`), 409, 'conflict');
    // A country's own manager cannot review it.
    expectError(
      await coordinator.put(`/api/reports/reviewers/${VN}`, {
        reviewerIds: [userIdOf('national.vn'), userIdOf('irg.one')],
      }),
      400,
      'validation_failed',
    );
    const pair = expectOk<{ reviewers: unknown[] }>(
      await coordinator.put(`/api/reports/reviewers/${VN}`, {
        reviewerIds: [userIdOf('national.la'), userIdOf('irg.one')],
      }),
    );
    expect(pair.reviewers).toHaveLength(2);
    report = expectOk<Report>(await coordinator.post(`/api/reports/${report.id}/start-review`));
    expect(report.state).toBe('under_review');
  });

  it('answers 403 to a reviewer outside the pair, and lets a reviewer of the pair read the report', async () => {
    expectError(await outsider.get(`/api/reports/${report.id}`), 403, 'out_of_scope');
    expectError(
      await outsider.put(`/api/reports/${report.id}/values/live_births/review`, { review: 'validated' }),
      403,
      'out_of_scope',
    );
    expectError(await outsider.post(`/api/reports/${report.id}/validate`), 403, 'out_of_scope');
    // national.la reads the VN report only because they are in its pair.
    expect(expectOk<Report>(await authorLa.get(`/api/reports/${report.id}`)).can.review).toBe(true);
  });

  it('blocks validation while a query is open, and after the answer until the reviewer closes it', async () => {
    report = expectOk<Report>(
      await reviewer.post(`/api/reports/${report.id}/queries`, {
        valueKey: 'live_births',
        body: 'Số trẻ đẻ sống có gồm cơ sở tư nhân không?',
      }),
    );
    expect(report.state).toBe('queried');
    const queryId = report.queries[0]!.id;
    expectError(await reviewer.post(`/api/reports/${report.id}/validate`), 409, 'conflict');
    report = expectOk<Report>(
      await author.post(`/api/reports/${report.id}/queries/${queryId}/answer`, {
        body: 'Có, gồm 2 bệnh viện tư nhân.',
      }),
    );
    expect([report.state, report.queries[0]!.status]).toEqual(['responded', 'answered']);
    const refused = expectError(await reviewer.post(`/api/reports/${report.id}/validate`), 409, 'conflict');
    expect(refused.message).toContain('1');
    report = expectOk<Report>(
      await reviewer.post(`/api/reports/${report.id}/queries/${queryId}/reply`, {
        body: 'Cảm ơn.',
        close: true,
      }),
    );
    expect(report.queries[0]!.messages.map((m) => m.side)).toEqual(['reviewer', 'author', 'reviewer']);
  });

  it('validates values one by one, then the report, and publishes an immutable snapshot', async () => {
    for (const key of ['live_births', 'facilities_introduced', 'health_workers_coached_cumulative'])
      expectOk(await reviewer.put(`/api/reports/${report.id}/values/${key}/review`, { review: 'validated' }));
    report = expectOk<Report>(
      await authorLa.put(`/api/reports/${report.id}/values/births_in_eenc_facilities/review`, {
        review: 'not_validated',
        comment: 'No supporting register extract.',
      }),
    );
    report = expectOk<Report>(await reviewer.post(`/api/reports/${report.id}/validate`));
    expect(report.state).toBe('validated');
    report = expectOk<Report>(await coordinator.post(`/api/reports/${report.id}/publish`));
    expect(report.state).toBe('published');
    expectError(
      await author.patch(`/api/reports/${report.id}`, {
        rowVersion: report.rowVersion,
        narrative: { plan: 'x' },
      }),
      409,
      'conflict',
    );
    expectError(
      await reviewer.put(`/api/reports/${report.id}/values/deliveries/review`, { review: 'validated' }),
      409,
      'conflict',
    );
    const [row] = await t.db.query<{ snapshot: { values: Array<{ key: string; value: number | null }> } }>(
      'select snapshot from country_reports where id = $1',
      [report.id],
    );
    expect(row!.snapshot.values.find((v) => v.key === 'live_births')!.value).toBe(
      report.values.find((v) => v.key === 'live_births')!.value,
    );
  });

  it('audits every transition and comment', async () => {
    const rows = await t.db.query<{ details: { action?: string; comment?: string } | null }>(
      "select details from audit_log where entity_type = 'country_report' and entity_id = $1 order by id",
      [report.id],
    );
    const actions = rows.map((r) => r.details?.action).filter(Boolean);
    expect(actions).toEqual(['submit', 'start_review', 'query', 'respond', 'validate', 'publish']);
    const comments = rows.map((r) => r.details?.comment).filter(Boolean);
    expect(comments).toEqual([
      'Số trẻ đẻ sống có gồm cơ sở tư nhân không?',
      'Có, gồm 2 bệnh viện tư nhân.',
      'Cảm ơn.',
      'No supporting register extract.',
    ]);
  });
});

describe('the regional summary', () => {
  it('sums validated values only, per country, and says how many were excluded', async () => {
    // LA: a draft, nothing validated.
    expectOk(await authorLa.post('/api/reports', { countryId: LA, biennium: BIENNIUM }), 201);
    // Read by the coordinator: a partner outside the pair reads perturbed copies (report-partner.int.test.ts).
    const s = expectOk<RegionalSummary>(await coordinator.get(`/api/reports/regional?biennium=${BIENNIUM}`));
    const vn = s.countries.find((c) => c.countryId === VN)!;
    const la = s.countries.find((c) => c.countryId === LA)!;
    expect(vn.values.map((v) => v.key).sort()).toEqual([
      'facilities_introduced',
      'health_workers_coached_cumulative',
      'live_births',
    ]);
    expect(la.values).toEqual([]);
    const withData = (r: Report) => r.values.filter((v) => v.kind === 'computed' && v.value !== null).length;
    const laReport = expectOk<Report>(await authorLa.get(`/api/reports/${la.reportId}`));
    expect(vn.excluded).toBe(withData(report) - 3);
    expect(la.excluded).toBe(withData(laReport));
    expect(s.excludedUnvalidated).toBe(vn.excluded + la.excluded);
    const vnValue = (k: string) => report.values.find((v) => v.key === k)!.numerator;
    expect(s.totals.find((x) => x.key === 'live_births')!.numerator).toBe(vnValue('live_births'));
    expect(s.headline).toEqual({
      countries: vnValue('facilities_introduced')! > 0 ? 1 : 0,
      facilities: vnValue('facilities_introduced'),
      healthWorkersCoached: vnValue('health_workers_coached_cumulative'),
      // births in EENC facilities was not validated: left out.
      newborns: 0,
    });
  });

  it('draws the regional chart from validated values only', async () => {
    const svg = await partner.get(`/api/reports/regional/chart.svg?biennium=${BIENNIUM}`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const implementing = report.values.find((v) => v.key === 'eenc_implementing')!;
    expect(implementing.review).toBe('pending');
    expect(svg.body).toContain('Việt Nam');
    expect(svg.body).toContain('not validated');
    expect(svg.body).not.toContain(`${formatNumber(implementing.value, 'percent', 'en', '')} %`);
  });
});

describe('reopening', () => {
  it('makes a new version in draft, keeps the old snapshot, and gives the diff between them', async () => {
    const published = report;
    const reopened = expectOk<Report>(await author.post(`/api/reports/${published.id}/reopen`));
    expect([reopened.version, reopened.state, reopened.previousVersionId]).toEqual([
      2,
      'draft',
      published.id,
    ]);
    expect(reopened.values.find((v) => v.key === 'policy_national_guideline')!.text).toBe(
      'Quyết định 4673/QĐ-BYT',
    );
    const edited = expectOk<Report>(
      await author.patch(`/api/reports/${reopened.id}`, {
        rowVersion: reopened.rowVersion,
        narrative: { plan: 'Đạt 80% cơ sở triển khai EENC' },
        manual: { policy_national_guideline: { text: 'Quyết định 1142/QĐ-BYT', source: 'Bộ Y tế, 2025' } },
      }),
    );
    const old = expectOk<Report>(await author.get(`/api/reports/${published.id}`));
    expect([old.state, old.version]).toEqual(['published', 1]);
    const diff = expectOk<ReportDiff>(await author.get(`/api/reports/${edited.id}/diff`));
    expect([diff.from.version, diff.to.version]).toEqual([1, 2]);
    expect(diff.values.filter((d) => d.key === 'policy_national_guideline')).toEqual([
      {
        key: 'policy_national_guideline',
        field: 'text',
        before: 'Quyết định 4673/QĐ-BYT',
        after: 'Quyết định 1142/QĐ-BYT',
      },
      { key: 'policy_national_guideline', field: 'source', before: 'Bộ Y tế, 2014', after: 'Bộ Y tế, 2025' },
    ]);
    expect(diff.narrative).toEqual([{ section: 'plan', before: '', after: 'Đạt 80% cơ sở triển khai EENC' }]);
    // The regional view keeps counting the published version while version 2 is a draft.
    const s = expectOk<RegionalSummary>(await partner.get(`/api/reports/regional?biennium=${BIENNIUM}`));
    expect(s.countries.find((c) => c.countryId === VN)!.version).toBe(1);
  });

  it('gives the aggregates-only submission document, without drill-down links', async () => {
    const doc = expectOk<{ format: string; values: Array<Record<string, unknown>> }>(
      await author.get(`/api/reports/${report.id}/submission`),
    );
    expect(doc.format).toBe('openeenc.country-report/1');
    expect(doc.values.every((v) => !('drillDown' in v))).toBe(true);
  });
});

describe('documents', () => {
  it('prints the published report as a PDF whose Vietnamese text and numbers equal the API values', async () => {
    const res = await author.request({ method: 'GET', url: `/api/reports/${report.id}/report.pdf` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    const pages = text.split('\f').filter((p) => p.trim());
    for (const s of [
      'Báo cáo tiến độ EENC quốc gia: Việt Nam',
      'Chất lượng chăm sóc (sổ đẻ)',
      'Tiếp xúc da kề da ngay sau sinh',
      'Mở rộng EENC tới 63 tỉnh',
      'Quyết định 4673/QĐ-BYT',
      'Bộ Y tế, 2014',
      'chưa có dữ liệu',
      `Trang 1/${pages.length}`,
      `Trang ${pages.length}/${pages.length}`,
    ])
      expect(text).toContain(s);
    const api = expectOk<Report>(await author.get(`/api/reports/${report.id}`));
    for (const key of ['immediate_ssc', 'live_births', 'stillbirth_rate']) {
      const v = api.values.find((x) => x.key === key)!;
      // The last line naming the indicator before the province breakdown is its table row (the chart,
      // above, names it too).
      const line = text
        .split('Giá trị theo tỉnh')[0]!
        .split('\n')
        .filter((l) => l.includes(v.name.vi!))
        .at(-1)!;
      expect([key, line]).toEqual([key, expect.stringContaining(formatNumber(v.value, v.unit, 'vi', ''))]);
      expect([key, line]).toEqual([
        key,
        expect.stringContaining(formatNumber(v.numerator, 'count', 'vi', '')),
      ]);
    }
    // A table that continues on a new page repeats its header row there (the section tables' and the
    // province breakdown's both start with the item column).
    const computedNames = api.values.filter((v) => v.kind === 'computed').map((v) => v.name.vi!);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages.slice(1))
      if (computedNames.some((n) => page.includes(n))) expect(page).toMatch(/^\s*Chỉ số {2,}\S/m);
  });

  it('gives the chart as SVG and the same tables as Excel', async () => {
    const svg = await author.get(`/api/reports/${report.id}/chart.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('Chất lượng chăm sóc (%)');
    const xlsx = await author.request({ method: 'GET', url: `/api/reports/${report.id}/report.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === 'live_births')!;
    expect(row.getCell(4).value).toBe(report.values.find((v) => v.key === 'live_births')!.numerator);
    const pending = sheet
      .getRows(2, sheet.rowCount - 1)!
      .find((r) => r.getCell(2).value === 'kmc_graduated')!;
    expect(pending.getCell(6).value).toBe('chưa có dữ liệu');
  });
});
