import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countRows, expectError } from '../../test/api-helpers';
import type { TestClient } from '../../test/test-app';
import { useLogins, useTestApp } from '../../test/test-app';
import { DEMO_BOUNDARY_SOURCE, seedBoundariesDemo } from './boundaries.seed';
import { collection, featureOf, openSquare, square } from '../../test/geojson';
import { DN, QNA, VN } from '../../test/demo-units';

/** Two hand-written squares named after the demo's provinces (fixtures/README.md): test shapes only. */
const TEST_SHAPES = readFileSync(
  new URL('./fixtures/test-shapes-vn-provinces.geojson', import.meta.url),
  'utf8',
);

const t = useTestApp();
const [admin, adminVn, provinceDn, nationalLa] = useLogins(
  t,
  'admin',
  'admin.vn',
  'province.dn',
  'national.la',
);

function upload(client: TestClient, body: string, query: Record<string, string> = {}, lang = 'en') {
  return client.request({
    method: 'POST',
    url: `/api/org-units/boundaries/import?${new URLSearchParams({ mode: 'commit', ...query }).toString()}`,
    payload: body,
    headers: { 'content-type': 'application/geo+json', 'accept-language': lang },
  });
}
const countShapes = () => countRows(t.db, 'org_unit_boundaries');
const storedGeometry = async (id: string) =>
  (
    await t.db.query<{ geometry: unknown; source: string }>(
      'select geometry, source from org_unit_boundaries where org_unit_id = $1',
      [id],
    )
  )[0];

describe('POST /api/org-units/boundaries/import', () => {
  it('previews a good file without writing: each feature, its unit matched by code (any case), what will happen', async () => {
    const res = await upload(admin, TEST_SHAPES, { mode: 'validate' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      committed: false,
      features: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      errors: [],
      rows: [
        {
          feature: 1,
          code: 'VN-DN',
          name: 'Thành phố Đà Nẵng',
          action: 'create',
          points: 5,
          keptPoints: 5,
          bytes: 89,
        },
        {
          feature: 2,
          code: 'VN-QNA',
          name: 'Tỉnh Quảng Nam',
          action: 'create',
          points: 10,
          keptPoints: 10,
          bytes: 165,
        },
      ],
    });
    expect(await countShapes()).toBe(0);
  });

  it('commits a good file, keeps the shape and its source, audits the import; the same file again changes nothing', async () => {
    const before = await countRows(t.db, 'audit_log', "entity_type = 'org_unit_boundary'");
    const res = await upload(admin, TEST_SHAPES, { source: 'test shapes' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, created: 2, updated: 0 });
    expect(await storedGeometry(DN)).toEqual({
      geometry: JSON.parse(TEST_SHAPES).features[0].geometry,
      source: 'test shapes',
    });
    expect(((await storedGeometry(QNA))!.geometry as { type: string }).type).toBe('MultiPolygon');
    const [audit] = await t.db.query<{ action: string; details: Record<string, unknown> }>(
      "select action, details from audit_log where entity_type = 'org_unit_boundary' order by id desc limit 1",
    );
    expect(audit).toEqual({
      action: 'import',
      details: { source: 'test shapes', match: 'code', created: 2, updated: 0, unchanged: 0 },
    });
    expect(await countRows(t.db, 'audit_log', "entity_type = 'org_unit_boundary'")).toBe(before + 1);
    const again = await upload(admin, TEST_SHAPES, { source: 'test shapes' });
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 2 });
  });

  it('matches by DHIS2 id (the feature id) and by name, and says which property is missing', async () => {
    await t.db.query("update org_units set dhis2_id = 'testShapeDN' where id = $1", [DN]);
    const byId = await upload(admin, collection(featureOf({}, square(108, 16, 0.3), 'testShapeDN')), {
      match: 'dhis2Id',
    });
    expect(byId.json()).toMatchObject({
      committed: true,
      updated: 1,
      rows: [{ code: 'VN-DN', action: 'update' }],
    });
    const byName = await upload(admin, collection(featureOf({ ten: 'Tỉnh Quảng Nam' }, square(108, 15))), {
      match: 'name',
      property: 'ten',
      mode: 'validate',
    });
    expect(byName.json()).toMatchObject({ errors: [], rows: [{ code: 'VN-QNA', action: 'update' }] });
    const missing = await upload(admin, collection(featureOf({ name: 'x' }, square(108, 15))), {
      mode: 'validate',
    });
    expect(missing.json().errors).toEqual([
      {
        feature: 1,
        path: 'features.1.properties.code',
        message: 'The feature has no "code" to find its org unit by.',
      },
    ]);
  });

  it('refuses a file that is not JSON, in English and in Vietnamese', async () => {
    const en = await upload(admin, '{"type": "FeatureCollection", "features": [');
    expect(expectError(en, 400, 'validation_failed').message).toMatch(/^The file is not valid JSON: /);
    const vi = await upload(adminVn, 'not json');
    expect(expectError(vi, 400, 'validation_failed').message).toMatch(/^Tệp không phải JSON hợp lệ: /);
    const notCollection = await upload(admin, JSON.stringify(square(1, 1)));
    expect(expectError(notCollection, 400, 'validation_failed').message).toBe(
      'The file is not a GeoJSON FeatureCollection (an object with "type": "FeatureCollection" and a "features" list).',
    );
  });

  it('refuses the whole file for an unknown unit, a wrong geometry type, an open ring or a unit outside the area, writing nothing', async () => {
    await t.db.query('delete from org_unit_boundaries');
    const file = collection(
      featureOf({ code: 'VN-DN' }, square(108, 16)),
      featureOf({ code: 'XX-NOPE' }, square(1, 1)),
      featureOf(
        { code: 'VN-QNA' },
        {
          type: 'LineString',
          coordinates: [
            [1, 1],
            [2, 2],
          ],
        },
      ),
      featureOf({ code: 'VN-QNA' }, openSquare(1, 1, 1)),
      featureOf({ code: 'LA-VT' }, square(102, 17)),
      featureOf({ code: 'VN-DN' }, square(108, 16)),
    );
    // admin.vn reads Vietnamese (their own language wins over the browser's).
    const res = await upload(adminVn, file);
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'features.2', message: 'Không có đơn vị nào khớp code "XX-NOPE".' },
      {
        path: 'features.3.geometry',
        message: 'Hình là LineString; chỉ Polygon và MultiPolygon mới làm ranh giới được.',
      },
      { path: 'features.4.geometry', message: 'Hình có một vòng không kết thúc tại điểm bắt đầu.' },
      { path: 'features.5', message: 'Đơn vị Vientiane Capital nằm ngoài khu vực của bạn.' },
      {
        path: 'features.6',
        message: 'Đơn vị Thành phố Đà Nẵng đã có hình ở đối tượng 1 trước đó trong tệp.',
      },
    ]);
    const en = await upload(
      admin,
      collection(
        featureOf({ code: 'XX-NOPE' }, square(1, 1)),
        featureOf({ code: 'VN-QNA' }, { type: 'Point', coordinates: [1, 1] }),
        featureOf({ code: 'VN-DN' }, square(108, 95)),
      ),
    );
    expect(expectError(en, 400, 'validation_failed').issues).toEqual([
      { path: 'features.1', message: 'No org unit matches code "XX-NOPE".' },
      {
        path: 'features.2.geometry',
        message: 'The geometry is a Point; only Polygon and MultiPolygon can be a boundary.',
      },
      {
        path: 'features.3.geometry',
        message: expect.stringMatching(
          /^The geometry is not a valid GeoJSON Polygon or MultiPolygon in longitude and latitude: coordinates\.0\.0\.1: /,
        ) as string,
      },
    ]);
    expect(await countShapes()).toBe(0);
  });

  it('refuses a shape over the size limit after simplification, naming it and its size, and writes none of the file', async () => {
    // A zig-zag circle: every vertex sticks out 0.1° from its neighbours, so simplification keeps them all.
    const n = 20_000;
    const ring = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      const r = i % 2 ? 4 : 4.1;
      return [
        Math.round((106 + r * Math.cos(a)) * 1e4) / 1e4,
        Math.round((16 + r * Math.sin(a)) * 1e4) / 1e4,
      ];
    });
    ring.push(ring[0]!);
    const res = await upload(
      admin,
      collection(
        featureOf({ code: 'VN-DN' }, square(108, 16)),
        featureOf({ code: 'VN-QNA' }, { type: 'Polygon', coordinates: [ring] }),
      ),
    );
    const [issue] = expectError(res, 400, 'validation_failed').issues;
    expect(issue!.path).toBe('features.2');
    expect(issue!.message).toMatch(
      /^The shape of Tỉnh Quảng Nam is \d+ KB after simplification, over the limit of 256 KB\./,
    );
    expect(await countShapes()).toBe(0);
  });

  it('simplifies a detailed shape: rounds to 4 decimals and drops points within about 100 m of the line', async () => {
    // A square edge with 1,000 points along it, each off the line by under 10 m.
    const edge = Array.from({ length: 1000 }, (_, i) => [108 + i / 10_000, 16 + (i % 2) * 0.00005]);
    const ring = [...edge, [108.1, 16], [108.1, 16.1], [108, 16.1], [108, 16]];
    const res = await upload(
      admin,
      collection(featureOf({ code: 'VN-DN' }, { type: 'Polygon', coordinates: [ring] })),
      {
        mode: 'validate',
      },
    );
    expect(res.json().rows).toEqual([expect.objectContaining({ points: 1004, keptPoints: 5 })]);
  });

  it('is for org-unit managers only', async () => {
    expectError(await upload(nationalLa, TEST_SHAPES), 403, 'forbidden');
  });
});

describe('GET /api/org-units/:id/child-boundaries', () => {
  it("gives the visible children's shapes, counts those without one, and answers 304 to its ETag", async () => {
    await t.db.query('delete from org_unit_boundaries');
    expect((await upload(admin, TEST_SHAPES)).statusCode).toBe(200);
    const res = await admin.get(`/api/org-units/${VN}/child-boundaries`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: Array<{ orgUnitId: string }>; withoutBoundary: number }>();
    expect(body.items.map((i) => i.orgUnitId).sort()).toEqual([DN, QNA].sort());
    // The central hospital sits directly under the country and has no shape.
    expect(body.withoutBoundary).toBe(1);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const etag = res.headers.etag as string;
    const again = await admin.request({
      method: 'GET',
      url: `/api/org-units/${VN}/child-boundaries`,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    await upload(admin, collection(featureOf({ code: 'VN-DN' }, square(108, 16, 0.25))));
    const changed = await admin.request({
      method: 'GET',
      url: `/api/org-units/${VN}/child-boundaries`,
      headers: { 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
  });

  it("is scoped like org units: a province manager sees only their province under the country; another country's reader is refused", async () => {
    const own = await provinceDn.get(`/api/org-units/${VN}/child-boundaries`);
    expect(own.json().items.map((i: { orgUnitId: string }) => i.orgUnitId)).toEqual([DN]);
    expect(own.json().withoutBoundary).toBe(0);
    expectError(await nationalLa.get(`/api/org-units/${VN}/child-boundaries`), 403, 'out_of_scope');
    expectError(await nationalLa.get(`/api/org-units/${DN}/child-boundaries`), 403, 'out_of_scope');
  });
});

describe('demo boundaries', () => {
  it('gives Việt Nam and Lao PDR their Natural Earth shapes, simplified, under the region', async () => {
    await seedBoundariesDemo(t.db, t.clock.now());
    const rows = await t.db.query<{ code: string; type: string; source: string; bytes: number }>(
      `select o.code, b.geometry ->> 'type' as type, b.source, octet_length(b.geometry::text) as bytes
         from org_unit_boundaries b join org_units o on o.id = b.org_unit_id where o.kind = 'country' order by o.code`,
    );
    expect(rows.map((r) => [r.code, r.type, r.source])).toEqual([
      ['LA', 'Polygon', DEMO_BOUNDARY_SOURCE],
      ['VN', 'MultiPolygon', DEMO_BOUNDARY_SOURCE],
    ]);
    for (const r of rows) expect(Number(r.bytes)).toBeLessThan(256 * 1024);
  });
});
