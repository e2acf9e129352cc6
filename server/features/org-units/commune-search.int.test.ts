import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { CommuneHit } from '../../../shared/org-units/commune-search.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { expectError, orgUnitVersion, postOrgUnit } from '../../test/api-helpers';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { fillOrgUnitSearchText } from './org-units.repo';
import { H01 } from '../../test/demo-units';

/**
 * The mother's-commune search of the birth form: a hospital midwife (scope: her hospital, VN-DN-H01, which
 * sits under the province of Đà Nẵng, not under a district) finds communes anywhere in Viet Nam.
 */
const search = (c: TestClient, q: string, facility = H01, extra = '') =>
  c.get(`/api/org-units/communes?facility=${facility}&q=${encodeURIComponent(q)}${extra}`);
const hits = (res: LightMyRequestResponse): CommuneHit[] => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const codes = (res: LightMyRequestResponse) => hits(res).map((h) => h.code);

const t = useTestApp();
const midwife = useLogin(t, 'midwife.dn');

describe('GET /api/org-units/communes', () => {
  it.each(['Hai Chau', 'hải châu', 'HẢI  CHÂU', 'Ha\u0309i Cha\u0302u'])(
    'finds Hải Châu I, outside the midwife\'s scope, by "%s"',
    async (q) => {
      expect(hits(await search(midwife, q))).toEqual([
        {
          id: orgUnitIdOf('VN-DN-HC-C01'),
          code: 'VN-DN-HC-C01',
          name: 'Trạm Y tế phường Hải Châu I',
          district: 'Quận Hải Châu',
          province: 'Thành phố Đà Nẵng',
        },
      ]);
    },
  );

  it('finds đ by d and d by đ ("dien minh", "Điện")', async () => {
    expect(codes(await search(midwife, 'dien minh'))).toEqual(['VN-QNA-DB-C01']);
    expect(codes(await search(midwife, 'Điện'))).toEqual(['VN-QNA-DB-C01']);
  });

  it('lists the communes of the facility\'s province first for "phường", then the rest of the country, each by name', async () => {
    expect(codes(await search(midwife, 'phường'))).toEqual([
      'VN-DN-HC-C01', // Hải Châu I
      'VN-DN-LC-C01', // Hòa Khánh Bắc
      'VN-DN-LC-C02', // Hòa Minh
      'VN-DN-HC-C02', // Thạch Thang
      'VN-QNA-TK-C01', // An Mỹ, Quảng Nam
    ]);
  });

  it("lists the facility's own district first for a district hospital's nurse", async () => {
    const nurse = await t.login('nurse.hc');
    expect(codes(await search(nurse, 'phuong', orgUnitIdOf('VN-DN-HC-H')))).toEqual([
      'VN-DN-HC-C01',
      'VN-DN-HC-C02',
      'VN-DN-LC-C01',
      'VN-DN-LC-C02',
      'VN-QNA-TK-C01',
    ]);
  });

  it('answers no commune of another country (the Lao communes are "Health Centre")', async () => {
    expect(codes(await search(midwife, 'Health Centre'))).toEqual([]);
    expect(codes(await search(midwife, 'tram')).every((c) => c.startsWith('VN-'))).toBe(true);
    expect(codes(await search(midwife, 'tram'))).toHaveLength(6);
  });

  it('finds by code, and keeps to the limit', async () => {
    expect(codes(await search(midwife, 'vn-dn-hc-c'))).toEqual(['VN-DN-HC-C01', 'VN-DN-HC-C02']);
    expect(codes(await search(midwife, 'phuong', H01, '&limit=2'))).toEqual(['VN-DN-HC-C01', 'VN-DN-LC-C01']);
  });

  it('reads "%" and "_" literally', async () => {
    expect(codes(await search(midwife, '%'))).toEqual([]);
    expect(codes(await search(midwife, '_'))).toEqual([]);
  });

  it('finds a commune created and renamed through the API under its new name only', async () => {
    const admin = await t.login('admin');
    const created = await postOrgUnit(
      admin,
      'VN-DN-HC-C09',
      'Trạm Y tế phường Phước Ninh',
      'commune',
      orgUnitIdOf('VN-DN-HC'),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(codes(await search(midwife, 'phuoc ninh'))).toEqual(['VN-DN-HC-C09']);
    const id = created.json().id as string;
    const renamed = await admin.patch(`/api/org-units/${id}`, {
      version: await orgUnitVersion(t.db, id),
      name: 'Trạm Y tế phường Bình Hiên',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(codes(await search(midwife, 'binh hien'))).toEqual(['VN-DN-HC-C09']);
    expect(codes(await search(midwife, 'phuoc ninh'))).toEqual([]);
  });

  it('leaves out deactivated communes', async () => {
    const admin = await t.login('admin');
    const c02 = orgUnitIdOf('VN-DN-LC-C02');
    const res = await admin.post(`/api/org-units/${c02}/active`, {
      version: await orgUnitVersion(t.db, c02),
      active: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(codes(await search(midwife, 'hoa minh'))).toEqual([]);
    await admin.post(`/api/org-units/${c02}/active`, {
      version: await orgUnitVersion(t.db, c02),
      active: true,
    });
    expect(codes(await search(midwife, 'hoa minh'))).toEqual(['VN-DN-LC-C02']);
  });

  it('gives rows written by plain SQL their search text after migrating', async () => {
    // The region root is one: bootstrap writes it after the migrations ran.
    await fillOrgUnitSearchText(t.deps.db);
    await t.db.query("update org_units set search_text = null where code = 'VN-DN-HC-C02'");
    expect(codes(await search(midwife, 'thach thang'))).toEqual([]);
    expect(await fillOrgUnitSearchText(t.deps.db)).toBe(1);
    expect(codes(await search(midwife, 'thach thang'))).toEqual(['VN-DN-HC-C02']);
    expect(await fillOrgUnitSearchText(t.deps.db)).toBe(0);
  });

  it('refuses a facility where the user may not record births, and roles that do not record births', async () => {
    expectError(await search(midwife, 'phuong', orgUnitIdOf('LA-VT-H01')), 403, 'out_of_scope');
    expectError(await search(await t.login('pnc.hc1'), 'phuong'), 403, 'forbidden');
    expectError(await search(await t.login('national.vn'), 'phuong'), 403, 'forbidden');
    expectError(await search(midwife, 'phuong', '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('answers 401 without a session', async () => {
    expectError(await search(t.anonymous(), 'Hai Chau'), 401, 'unauthenticated');
  });

  it.each([
    ['facility=not-a-uuid&q=x', ['facility']],
    [`facility=${H01}`, ['q']],
    [`facility=${H01}&q=%20%20`, ['q']],
    [`facility=${H01}&q=${'x'.repeat(101)}`, ['q']],
    [`facility=${H01}&q=x&limit=51`, ['limit']],
    [`facility=${H01}&q=x&kind=commune`, ['kind']],
  ])('answers 400 to %s', async (query, paths) => {
    const res = await midwife.get(`/api/org-units/communes?${query}`);
    expect(expectError(res, 400, 'validation_failed').issues.map((i) => i.path)).toEqual(paths);
  });

  it('answers 400 naming the parameter to a NUL character in the search', async () => {
    const res = await midwife.get(`/api/org-units/communes?facility=${H01}&q=%00`);
    expect(expectError(res, 400, 'validation_failed').issues.map((i) => i.path)).toEqual(['q']);
  });
});
