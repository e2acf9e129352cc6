import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeReview, RegionLink, ReportExchange } from '../../../shared/reports/exchange.schema';
import type { Report, SubmissionDocument } from '../../../shared/reports/report.schema';
import { userIdOf } from '../../seed/demo';
import { expectError, expectOk } from '../../test/api-helpers';
import { createTestApp, demoBirths, type TestApp, type TestClient } from '../../test/test-app';
import { LA, VN } from '../../test/demo-units';

/**
 * Two OpenEENC instances on two databases in one test (docs/reports.md, "Across instances"): Việt Nam's
 * own instance sends its report to the regional instance over real HTTP (both listen on free ports);
 * the region's reviewers query and validate it there; the country fetches the review and answers.
 */
// The test demo seeds no report; the country's births fall in this biennium.
const BIENNIUM = '2024-2025';

let country: TestApp;
let region: TestApp;
let regionUrl: string;
let author: TestClient;
let coordinator: TestClient;
let reviewer: TestClient;
let token: string;
let laToken: string;
let localId: string;
let regionId: string;

/** A call to the region's exchange as another instance would make it: real HTTP, a bearer token. */
const exchange = (path: string, bearer: string | null, body?: unknown) =>
  fetch(`${regionUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  // Births on the country's instance only: the region's numbers can only have come from the submission.
  [country, region] = await Promise.all([createTestApp({ demoData: [demoBirths(300)] }), createTestApp()]);
  await country.app.listen({ port: 0, host: '127.0.0.1' });
  regionUrl = await region.app.listen({ port: 0, host: '127.0.0.1' });
  author = await country.login('national.vn');
  coordinator = await region.login('admin');
  reviewer = await region.login('national.la');
  expectOk(
    await coordinator.put(`/api/reports/reviewers/${VN}`, {
      reviewerIds: [userIdOf('national.la'), userIdOf('partner.who')],
    }),
  );
}, 120_000);
afterAll(async () => {
  await country?.close();
  await region?.close();
});

describe('the regional coordinator makes per-country tokens', () => {
  it('shows a token once, stores its hash, lists it by its last characters, audits it', async () => {
    const made = expectOk<{ id: string; token: string; hint: string; countryName: string }>(
      await coordinator.post('/api/reports/exchange/tokens', { countryId: VN }),
      201,
    );
    token = made.token;
    expect(made.hint).toBe(token.slice(-4));
    laToken = expectOk<{ token: string }>(
      await coordinator.post('/api/reports/exchange/tokens', { countryId: LA }),
      201,
    ).token;
    const list = expectOk<{ items: Array<Record<string, unknown>> }>(
      await coordinator.get('/api/reports/exchange/tokens'),
    );
    expect(list.items.map((i) => i.countryName).sort()).toEqual(['Lao PDR', 'Việt Nam'].sort());
    expect(JSON.stringify(list)).not.toContain(token);
    const [stored] = await region.db.query<{ token_hash: string }>(
      'select token_hash from report_exchange_tokens where id = $1',
      [made.id],
    );
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.token_hash).not.toContain(token);
    const [audit] = await region.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'report_exchange_token' and action = 'create'",
    );
    expect(audit!.n).toBe(2);
  });

  it("refuses a country's national manager (not a coordinator)", async () => {
    expectError(
      await (await region.login('national.vn')).post('/api/reports/exchange/tokens', { countryId: VN }),
      403,
      'forbidden',
    );
  });
});

describe("the country's link to its regional instance", () => {
  it('keeps the token on the server and shows its last characters only', async () => {
    const link = expectOk<RegionLink>(
      await author.put(`/api/reports/region-link/${VN}`, { url: regionUrl, token }),
    );
    expect(link).toMatchObject({ url: regionUrl, tokenHint: token.slice(-4) });
    const read = await author.get(`/api/reports/region-link/${VN}`);
    expect(read.body).not.toContain(token);
    // Changing the address keeps the token.
    expectOk(await author.put(`/api/reports/region-link/${VN}`, { url: `${regionUrl}/` }));
    const [row] = await country.db.query<{ token: string }>('select token from report_region_links');
    expect(row!.token).toBe(token);
    expectError(
      await author.put(`/api/reports/region-link/${LA}`, { url: regionUrl, token }),
      403,
      'out_of_scope',
    );
  });
});

describe('a report across the two instances', () => {
  it('sends a submitted report; the region holds it as submitted', async () => {
    const created = expectOk<Report>(
      await author.post('/api/reports', { countryId: VN, biennium: BIENNIUM }),
      201,
    );
    localId = created.id;
    expectOk(
      await author.patch(`/api/reports/${localId}`, {
        rowVersion: created.rowVersion,
        narrative: { achievements: 'Mở rộng EENC đến 12 tỉnh.' },
        manual: { policy_national_guideline: { text: 'Có', source: 'Quyết định 4673/QĐ-BYT' } },
      }),
    );
    expect(expectOk<ReportExchange>(await author.get(`/api/reports/${localId}/region`)).canSend).toBe(false);
    expectOk(await author.post(`/api/reports/${localId}/submit`));
    expect(expectOk<ReportExchange>(await author.get(`/api/reports/${localId}/region`)).canSend).toBe(true);

    const sent = expectOk<ReportExchange>(await author.post(`/api/reports/${localId}/region/send`));
    expect(sent.regionReportId).toMatch(/^[0-9a-f-]{36}$/);
    expect([sent.canSend, sent.canSync]).toEqual([true, true]);
    // A reader of the region's copy cannot fetch anything: it was received, not sent.
    const there = expectOk<ReportExchange>(
      await coordinator.get(`/api/reports/${sent.regionReportId}/region`),
    );
    expect([there.received, there.canSend, there.canSync]).toEqual([true, false, false]);
    regionId = sent.regionReportId!;
    const received = expectOk<Report>(await coordinator.get(`/api/reports/${regionId}`));
    expect([received.state, received.countryId, received.biennium, received.version]).toEqual([
      'submitted',
      VN,
      BIENNIUM,
      1,
    ]);
    const local = expectOk<Report>(await author.get(`/api/reports/${localId}`));
    const numbers = (r: Report) => r.values.map((v) => [v.key, v.numerator, v.denominator, v.value, v.text]);
    expect(numbers(received)).toEqual(numbers(local));
    expect(received.values.find((v) => v.key === 'live_births')!.numerator).toBeGreaterThan(0);
    expect(received.narrative.achievements).toBe('Mở rộng EENC đến 12 tỉnh.');
    // The received report has no author on the region: the country answers through the exchange.
    const [audit] = await region.db.query<{ actor_id: string | null; details: { exchangeToken: string } }>(
      "select actor_id, details from audit_log where entity_type = 'country_report' and entity_id = $1",
      [regionId],
    );
    expect(audit!.actor_id).toBeNull();
    expect(audit!.details.exchangeToken).toBeTruthy();
  });

  it('holds no record and no personal data: only the keys of the aggregates-only document', async () => {
    const doc = expectOk<SubmissionDocument>(await coordinator.get(`/api/reports/${regionId}/submission`));
    const keys = new Set<string>();
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, `${path}[]`));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          // Localized item names are keyed by language.
          keys.add(path.endsWith('.name') ? `${path}.<lang>` : `${path}.${k}`);
          walk(x, `${path}.${k}`);
        }
    };
    walk(doc, '');
    expect([...keys].sort()).toEqual(
      [
        '.format',
        '.country',
        '.country.code',
        '.country.name',
        '.biennium',
        '.version',
        '.language',
        '.period',
        '.period.from',
        '.period.to',
        '.computedAt',
        '.narrative',
        '.narrative.achievements',
        '.narrative.challenges',
        '.narrative.plan',
        // The province breakdown and each manual value's evidence files (names, types, sizes, hashes) are
        // aggregates and metadata too; a received report carries neither yet (both empty here).
        '.provinces',
        '.values[].attachments',
        '.values',
        ...[
          'key',
          'kind',
          'section',
          'indicatorId',
          'name',
          'unit',
          'numerator',
          'denominator',
          'value',
          'text',
          'source',
          'review',
          'reviewComment',
        ].map((k) => `.values[].${k}`),
        '.values[].name.<lang>',
      ].sort(),
    );
    // No drill-down into the country's records either.
    const stored = await region.db.query<{ n: number }>(
      'select count(*)::int as n from report_values where report_id = $1 and drill_down is not null',
      [regionId],
    );
    expect(stored[0]!.n).toBe(0);
  });

  it('does not duplicate a replayed submission', async () => {
    const again = expectOk<ReportExchange>(await author.post(`/api/reports/${localId}/region/send`));
    expect(again.regionReportId).toBe(regionId);
    const document = expectOk<SubmissionDocument>(await author.get(`/api/reports/${localId}/submission`));
    const replay = await exchange('/api/exchange/reports', token, { sourceReportId: localId, document });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ reportId: regionId, state: 'submitted', duplicate: true });
    // The same version with another content is refused, not stored beside it.
    const changed = { ...document, narrative: { ...document.narrative, plan: 'Đổi.' } };
    expect(
      (await exchange('/api/exchange/reports', token, { sourceReportId: localId, document: changed })).status,
    ).toBe(409);
    const [rows] = await region.db.query<{ n: number }>(
      'select count(*)::int as n from country_reports where country_id = $1 and biennium = $2',
      [VN, BIENNIUM],
    );
    expect(rows!.n).toBe(1);
  });

  it('refuses a wrong token (401) and a token of another country (403)', async () => {
    const document = expectOk<SubmissionDocument>(await author.get(`/api/reports/${localId}/submission`));
    const body = { sourceReportId: localId, document };
    const wrong = await exchange('/api/exchange/reports', `${token}x`, body);
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([401, 'unauthenticated']);
    expect((await exchange('/api/exchange/reports', null, body)).status).toBe(401);
    const other = await exchange('/api/exchange/reports', laToken, body);
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([403, 'out_of_scope']);
    expect((await exchange(`/api/exchange/reports/${regionId}/review`, laToken)).status).toBe(403);
    expect((await exchange(`/api/exchange/reports/${regionId}/review`, 'nope')).status).toBe(401);
  });

  it('carries a query to the country and its answer back', async () => {
    expectOk(await coordinator.post(`/api/reports/${regionId}/start-review`));
    const queried = expectOk<Report>(
      await reviewer.post(`/api/reports/${regionId}/queries`, {
        valueKey: 'live_births',
        body: 'Nguồn số trẻ đẻ sống?',
      }),
    );
    const queryId = queried.queries[0]!.id;

    const synced = expectOk<ReportExchange>(await author.post(`/api/reports/${localId}/region/sync`));
    expect(synced.regionSyncedAt).toBe(country.clock.now().toISOString());
    const local = expectOk<Report>(await author.get(`/api/reports/${localId}`));
    expect(local.state).toBe('queried');
    expect(local.queries).toEqual([
      expect.objectContaining({
        id: queryId,
        valueKey: 'live_births',
        status: 'open',
        messages: [
          expect.objectContaining({ side: 'reviewer', body: 'Nguồn số trẻ đẻ sống?', authorName: '' }),
        ],
      }),
    ]);
    // Fetching twice adds nothing.
    expectOk(await author.post(`/api/reports/${localId}/region/sync`));
    expect(expectOk<Report>(await author.get(`/api/reports/${localId}`)).queries[0]!.messages).toHaveLength(
      1,
    );
    // The country instance's own coordinator does not act on a report the region reviews.
    expectError(await (await country.login('admin')).get(`/api/reports/${localId}`), 403, 'out_of_scope');

    const answered = expectOk<Report>(
      await author.post(`/api/reports/${localId}/queries/${queryId}/answer`, { body: 'Sổ đẻ của 63 tỉnh.' }),
    );
    expect(answered.state).toBe('responded');
    expect(answered.queries[0]!.messages.map((m) => [m.side, m.body])).toEqual([
      ['reviewer', 'Nguồn số trẻ đẻ sống?'],
      ['author', 'Sổ đẻ của 63 tỉnh.'],
    ]);
    const onRegion = expectOk<Report>(await reviewer.get(`/api/reports/${regionId}`));
    expect([onRegion.state, onRegion.queries[0]!.status, onRegion.queries[0]!.messages.at(-1)!.body]).toEqual(
      ['responded', 'answered', 'Sổ đẻ của 63 tỉnh.'],
    );
  });

  it("brings the region's validation per value and its publication back", async () => {
    const queryId = expectOk<Report>(await reviewer.get(`/api/reports/${regionId}`)).queries[0]!.id;
    expectOk(
      await reviewer.post(`/api/reports/${regionId}/queries/${queryId}/reply`, {
        body: 'Cảm ơn.',
        close: true,
      }),
    );
    expectOk(
      await reviewer.put(`/api/reports/${regionId}/values/live_births/review`, { review: 'validated' }),
    );
    expectOk(
      await reviewer.put(`/api/reports/${regionId}/values/deliveries/review`, {
        review: 'not_validated',
        comment: 'Không khớp với HMIS.',
      }),
    );
    expectOk(await reviewer.post(`/api/reports/${regionId}/validate`));
    expectOk(await coordinator.post(`/api/reports/${regionId}/publish`));

    expectOk(await author.post(`/api/reports/${localId}/region/sync`));
    const local = expectOk<Report>(await author.get(`/api/reports/${localId}`));
    expect(local.state).toBe('published');
    const review = (key: string) => local.values.find((v) => v.key === key)!;
    expect([
      review('live_births').review,
      review('deliveries').review,
      review('deliveries').reviewComment,
    ]).toEqual(['validated', 'not_validated', 'Không khớp với HMIS.']);
    expect(local.queries[0]!.status).toBe('closed');
    // The local published version is its snapshot, with the region's decisions.
    const snapshot = expectOk<SubmissionDocument>(await author.get(`/api/reports/${localId}/submission`));
    expect(snapshot.values.find((v) => v.key === 'live_births')!.review).toBe('validated');
    const res = await exchange(`/api/exchange/reports/${regionId}/review`, token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ExchangeReview).state).toBe('published');
  });

  it('is refused once the coordinator revokes the token', async () => {
    const { items } = expectOk<{ items: Array<{ id: string; countryId: string }> }>(
      await coordinator.get('/api/reports/exchange/tokens'),
    );
    expectOk(
      await coordinator.post(
        `/api/reports/exchange/tokens/${items.find((i) => i.countryId === VN)!.id}/revoke`,
      ),
    );
    expect((await exchange(`/api/exchange/reports/${regionId}/review`, token)).status).toBe(401);
    expectError(await author.post(`/api/reports/${localId}/region/sync`), 503, 'unavailable');
  });
});
