import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import {
  type ImportPreviewRow,
  ORG_UNIT_CSV_COLUMNS,
} from '../../../shared/org-units/org-unit-import.schema';
import { ROOT_REGION_ID } from '../../seed/bootstrap';
import { orgUnitIdOf } from '../../seed/demo';
import {
  countRows,
  csvFile,
  type Dhis2Unit,
  expectError,
  orgUnitRow,
  orgUnitVersion,
  postOrgUnit,
  uploadCsv,
  uploadDhis2,
} from '../../test/api-helpers';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';

const id = orgUnitIdOf;
/** The codes of a 200 list answer, sorted (the API orders by name, which depends on the collation). */
const codesOf = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: OrgUnit[] }).items.map((u) => u.code).sort();
};

const VALIDATION = 'Some values are not valid. Please check the highlighted fields.';
const OUT_OF_SCOPE_VI = 'Đơn vị này nằm ngoài khu vực được phân công cho bạn.';
const FORBIDDEN_VI = 'Vai trò của bạn không được phép thực hiện thao tác này.';

const t = useTestApp();
const admin = useLogin(t, 'admin');

describe('GET /api/org-units', () => {
  it("lists the caller's own scope units when no parent is given", async () => {
    expect(codesOf(await (await t.login('province.dn')).get('/api/org-units'))).toEqual(['VN-DN']);
    expect(codesOf(await (await t.login('lead.dn')).get('/api/org-units'))).toEqual(['VN-DN-H01']);
    expect(codesOf(await admin.get('/api/org-units'))).toEqual(['WPR']);
  });

  it('lists the children of ?parent with id, code, name, kind, level, parentId and childCount', async () => {
    const res = await (await t.login('province.dn')).get(`/api/org-units?parent=${id('VN-DN')}`);
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: OrgUnit[] }).items
      .map(({ id, code, name, kind, level, parentId, childCount }) => ({
        id,
        code,
        name,
        kind,
        level,
        parentId,
        childCount,
      }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(items).toEqual([
      {
        id: id('VN-DN-H01'),
        code: 'VN-DN-H01',
        name: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
        kind: 'facility',
        level: 4,
        parentId: id('VN-DN'),
        childCount: 0,
      },
      {
        id: id('VN-DN-HC'),
        code: 'VN-DN-HC',
        name: 'Quận Hải Châu',
        kind: 'district',
        level: 4,
        parentId: id('VN-DN'),
        childCount: 3,
      },
      {
        id: id('VN-DN-LC'),
        code: 'VN-DN-LC',
        name: 'Quận Liên Chiểu',
        kind: 'district',
        level: 4,
        parentId: id('VN-DN'),
        childCount: 3,
      },
    ]);
  });

  it('shows a provincial manager browsing the country only the way down to their province', async () => {
    const province = await t.login('province.dn');
    expect(codesOf(await province.get(`/api/org-units?parent=${ROOT_REGION_ID}`))).toEqual(['VN']);
    // Not the other province VN-QNA, nor the national hospital VN-H-TW.
    expect(codesOf(await province.get(`/api/org-units?parent=${id('VN')}`))).toEqual(['VN-DN']);
    // Admin sees all three children of VN.
    expect(codesOf(await admin.get(`/api/org-units?parent=${id('VN')}`))).toEqual([
      'VN-DN',
      'VN-H-TW',
      'VN-QNA',
    ]);
  });

  it("answers 403 out_of_scope for ?parent outside the caller's area and off the way down to it", async () => {
    const province = await t.login('province.dn');
    const body = expectError(
      await province.get(`/api/org-units?parent=${id('VN-QNA')}`),
      403,
      'out_of_scope',
    );
    expect(body).toEqual({ code: 'out_of_scope', message: OUT_OF_SCOPE_VI, issues: [] });
    expectError(await province.get(`/api/org-units?parent=${id('LA')}`), 403, 'out_of_scope');
  });

  it("keeps ?q= search within the caller's scope, by name or code, case-insensitively", async () => {
    const q = encodeURIComponent('PHƯỜNG'.toLowerCase());
    expect(codesOf(await (await t.login('province.dn')).get(`/api/org-units?q=${q}`))).toEqual([
      'VN-DN-HC-C01',
      'VN-DN-HC-C02',
      'VN-DN-LC-C01',
      'VN-DN-LC-C02',
    ]);
    // The whole country also finds the Quảng Nam ward station.
    expect(codesOf(await (await t.login('national.vn')).get(`/api/org-units?q=${q}`))).toContain(
      'VN-QNA-TK-C01',
    );
    // By code, upper or lower case; never outside the scope (no LA units for a VN reader).
    expect(codesOf(await (await t.login('province.dn')).get('/api/org-units?q=vn-dn-hc'))).toEqual([
      'VN-DN-HC',
      'VN-DN-HC-C01',
      'VN-DN-HC-C02',
      'VN-DN-HC-H',
    ]);
    expect(codesOf(await (await t.login('national.vn')).get('/api/org-units?q=LA-VT'))).toEqual([]);
  });

  it('treats % and _ in ?q= as literal characters, not wildcards', async () => {
    expect(codesOf(await admin.get('/api/org-units?q=%25'))).toEqual([]);
    expect(codesOf(await admin.get('/api/org-units?q=VN_DN'))).toEqual([]);
  });

  it("keeps the ?kind= filter within the caller's scope", async () => {
    expect(codesOf(await (await t.login('province.dn')).get('/api/org-units?kind=district'))).toEqual([
      'VN-DN-HC',
      'VN-DN-LC',
    ]);
    expect(codesOf(await (await t.login('admin.vn')).get('/api/org-units?kind=country'))).toEqual(['VN']);
    expect(codesOf(await (await t.login('national.la')).get('/api/org-units?kind=province'))).toEqual([
      'LA-SV',
      'LA-VT',
    ]);
  });
});

describe('GET /api/org-units/:id', () => {
  it("returns the unit with its ancestors, root first, and inScope true inside the caller's area", async () => {
    const res = await (await t.login('province.dn')).get(`/api/org-units/${id('VN-DN-HC-H')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.code).toBe('VN-DN-HC-H');
    expect(body.level).toBe(5);
    expect(body.inScope).toBe(true);
    expect(body.ancestors.map((a: OrgUnit) => a.code)).toEqual(['WPR', 'VN', 'VN-DN', 'VN-DN-HC']);
    expect(body.path).toBe(
      `/${ROOT_REGION_ID}/${id('VN')}/${id('VN-DN')}/${id('VN-DN-HC')}/${id('VN-DN-HC-H')}/`,
    );
  });

  it("shows a unit on the way down to the caller's area with inScope false", async () => {
    const res = await (await t.login('lead.dn')).get(`/api/org-units/${id('VN-DN')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().inScope).toBe(false);
  });

  it("answers 403 out_of_scope for a unit outside the caller's area", async () => {
    const lead = await t.login('lead.dn');
    // A sibling district of the lead's hospital: neither inside the scope nor an ancestor of it.
    expect(await lead.get(`/api/org-units/${id('VN-DN-HC')}`).then((r) => r.json())).toEqual({
      code: 'out_of_scope',
      message: OUT_OF_SCOPE_VI,
      issues: [],
    });
    expectError(await lead.get(`/api/org-units/${id('LA-VT-H01')}`), 403, 'out_of_scope');
  });

  it('answers 404 not_found for an unknown id', async () => {
    const body = expectError(await admin.get(`/api/org-units/${randomUUID()}`), 404, 'not_found');
    expect(body.message).toBe('Not found.');
  });
});

describe('POST /api/org-units', () => {
  it('creates a facility under a district, computing level and path and inheriting the time zone', async () => {
    const res = await postOrgUnit(
      admin,
      'VN-DN-HC-T01',
      'Phòng khám Đa khoa Hải Châu',
      'facility',
      id('VN-DN-HC'),
      {
        facilityLevel: 'private',
        providesBirths: true,
        birthsPerYear: 250,
      },
    );
    expect(res.statusCode).toBe(201);
    const unit = res.json() as OrgUnit;
    expect(unit).toMatchObject({
      code: 'VN-DN-HC-T01',
      name: 'Phòng khám Đa khoa Hải Châu',
      kind: 'facility',
      level: 5,
      parentId: id('VN-DN-HC'),
      timezone: 'Asia/Ho_Chi_Minh',
      facilityLevel: 'private',
      providesBirths: true,
      birthsPerYear: 250,
      active: true,
      version: 1,
      childCount: 0,
      dhis2Id: null,
    });
    const parent = await orgUnitRow(t.db, 'VN-DN-HC');
    const stored = await orgUnitRow(t.db, 'VN-DN-HC-T01');
    expect(stored).toMatchObject({
      id: unit.id,
      path: `${parent!.path}${unit.id}/`,
      level: 5,
      timezone: 'Asia/Ho_Chi_Minh',
    });
  });

  it('keeps an explicitly given time zone instead of inheriting', async () => {
    const res = await postOrgUnit(admin, 'LA-VT-TZ1', 'Border clinic', 'facility', id('LA-VT'), {
      timezone: 'Asia/Bangkok',
    });
    expect(res.statusCode).toBe(201);
    expect((await orgUnitRow(t.db, 'LA-VT-TZ1'))!.timezone).toBe('Asia/Bangkok');
  });

  it('honours a client-supplied id, and refuses the same id twice with issue path "id"', async () => {
    const clientId = randomUUID();
    const res = await postOrgUnit(admin, 'VN-DN-OFF1', 'Created offline', 'district', id('VN-DN'), {
      id: clientId,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe(clientId);
    expect((await admin.get(`/api/org-units/${clientId}`)).json().code).toBe('VN-DN-OFF1');

    const again = await postOrgUnit(admin, 'VN-DN-OFF2', 'Same id again', 'district', id('VN-DN'), {
      id: clientId,
    });
    expect(expectError(again, 400, 'validation_failed').issues).toEqual([
      { path: 'id', message: 'This id is already used.' },
    ]);
    expect(await countRows(t.db, 'org_units', "code = 'VN-DN-OFF2'")).toBe(0);
  });

  it('returns 400 with issue path "parentId" when a district is placed under a country', async () => {
    const res = await postOrgUnit(admin, 'VN-BAD-D1', 'District without province', 'district', id('VN'));
    expect(expectError(res, 400, 'validation_failed')).toEqual({
      code: 'validation_failed',
      message: VALIDATION,
      issues: [{ path: 'parentId', message: 'A district cannot be placed under a country.' }],
    });
    expect(await countRows(t.db, 'org_units', "code = 'VN-BAD-D1'")).toBe(0);
  });

  it("refuses a second region root: it would be outside every administrator's scope", async () => {
    const before = await countRows(t.db, 'org_units');
    const res = await postOrgUnit(admin, 'SEAR', 'South-East Asia', 'region', null);
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'kind', message: 'The tree already has its region; add countries under it.' },
    ]);
    expect(await countRows(t.db, 'org_units')).toBe(before);
  });

  it('returns 400 with issue path "parentId" when a region is given a parent or a country none', async () => {
    const region = await postOrgUnit(admin, 'SEAR', 'South-East Asia', 'region', id('VN'));
    expect(expectError(region, 400, 'validation_failed').issues).toEqual([
      { path: 'parentId', message: 'A region is the top of the tree and has no parent.' },
    ]);
    const country = await postOrgUnit(admin, 'KH', 'Cambodia', 'country', null);
    expect(expectError(country, 400, 'validation_failed').issues).toEqual([
      { path: 'parentId', message: 'Choose a parent org unit.' },
    ]);
  });

  it('returns 400 with issue path "code" for a code already used, whatever its case', async () => {
    const res = await postOrgUnit(admin, 'vn-dn-hc', 'Duplicate of Hải Châu', 'district', id('VN-DN'));
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'code', message: 'Code vn-dn-hc is already used by another org unit.' },
    ]);
    expect(await countRows(t.db, 'org_units', "lower(code) = 'vn-dn-hc'")).toBe(1);
  });

  it('refuses facility-only attributes on a district, one issue per attribute', async () => {
    const res = await postOrgUnit(admin, 'VN-DN-NS', 'Quận Ngũ Hành Sơn', 'district', id('VN-DN'), {
      facilityLevel: 'district',
      providesBirths: true,
      birthsPerYear: 100,
    });
    const attr = 'Only facilities and commune health stations have this attribute.';
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'facilityLevel', message: attr },
      { path: 'providesBirths', message: attr },
      { path: 'birthsPerYear', message: attr },
    ]);
    expect(await countRows(t.db, 'org_units', "code = 'VN-DN-NS'")).toBe(0);
  });
});

describe('PATCH /api/org-units/:id', () => {
  it('renames with the current version and increments the version', async () => {
    const unitId = id('VN-QNA-DB-H');
    const res = await admin.patch(`/api/org-units/${unitId}`, { version: 1, name: 'TTYT thị xã Điện Bàn' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'TTYT thị xã Điện Bàn', version: 2, code: 'VN-QNA-DB-H' });
  });

  it('answers 409 version_conflict for a stale version and changes nothing', async () => {
    const unitId = id('VN-QNA-DB-H');
    const res = await admin.patch(`/api/org-units/${unitId}`, { version: 1, name: 'Lost update' });
    expect(expectError(res, 409, 'version_conflict')).toEqual({
      code: 'version_conflict',
      message:
        'Someone else changed this record since you opened it (your version 1, current 2). Reload it and apply your changes again.',
      issues: [],
    });
    expect(await orgUnitRow(t.db, 'VN-QNA-DB-H')).toMatchObject({
      name: 'TTYT thị xã Điện Bàn',
      version: 2,
    });
  });
});

describe('POST /api/org-units/:id/move', () => {
  // A private tree: countries MV-A and MV-B, province MV-P under MV-A, district MV-D, facility MV-F.
  const units: Record<string, string> = {};
  beforeAll(async () => {
    const create = async (code: string, kind: string, parentId: string) => {
      const res = await admin.post('/api/org-units', { code, name: `Move test ${code}`, kind, parentId });
      expect(res.statusCode).toBe(201);
      units[code] = res.json().id;
    };
    await create('MV-A', 'country', ROOT_REGION_ID);
    await create('MV-B', 'country', ROOT_REGION_ID);
    await create('MV-P', 'province', units['MV-A']!);
    await create('MV-D', 'district', units['MV-P']!);
    await create('MV-F', 'facility', units['MV-D']!);
  });

  it('moves a province with its whole subtree: every path is rewritten, down to the grandchild', async () => {
    const res = await admin.post(`/api/org-units/${units['MV-P']}/move`, {
      version: 1,
      parentId: units['MV-B'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ parentId: units['MV-B'], version: 2, level: 3 });
    const b = `/${ROOT_REGION_ID}/${units['MV-B']}/`;
    expect(await orgUnitRow(t.db, 'MV-P')).toMatchObject({ path: `${b}${units['MV-P']}/`, level: 3 });
    expect(await orgUnitRow(t.db, 'MV-D')).toMatchObject({
      path: `${b}${units['MV-P']}/${units['MV-D']}/`,
      level: 4,
    });
    expect(await orgUnitRow(t.db, 'MV-F')).toMatchObject({
      path: `${b}${units['MV-P']}/${units['MV-D']}/${units['MV-F']}/`,
      level: 5,
      parent_id: units['MV-D'],
    });
    expect(
      await countRows(t.db, 'org_units', 'path like $1', [`/${ROOT_REGION_ID}/${units['MV-A']}/%`]),
    ).toBe(1);
  });

  it('updates the level when a facility moves from a district up to a country', async () => {
    const res = await admin.post(`/api/org-units/${units['MV-F']}/move`, {
      version: 1,
      parentId: units['MV-A'],
    });
    expect(res.statusCode).toBe(200);
    expect(await orgUnitRow(t.db, 'MV-F')).toMatchObject({
      path: `/${ROOT_REGION_ID}/${units['MV-A']}/${units['MV-F']}/`,
      level: 3,
      parent_id: units['MV-A'],
    });
  });

  it('refuses to move a unit under its own descendant, and moves nothing', async () => {
    const before = await orgUnitRow(t.db, 'MV-P');
    const res = await admin.post(`/api/org-units/${units['MV-P']}/move`, {
      version: before!.version,
      parentId: units['MV-D'],
    });
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'parentId', message: 'A province cannot be placed under a district.' },
      { path: 'parentId', message: 'An org unit cannot be moved under itself or one of its descendants.' },
    ]);
    expect(await orgUnitRow(t.db, 'MV-P')).toEqual(before);
    expect((await orgUnitRow(t.db, 'MV-D'))!.path).toBe(`${before!.path}${units['MV-D']}/`);
  });

  it('answers 409 version_conflict for a stale version and moves nothing', async () => {
    const res = await admin.post(`/api/org-units/${units['MV-P']}/move`, {
      version: 1,
      parentId: units['MV-A'],
    });
    expectError(res, 409, 'version_conflict');
    expect((await orgUnitRow(t.db, 'MV-P'))!.parent_id).toBe(units['MV-B']);
  });
});

describe('POST /api/org-units/:id/active', () => {
  it('refuses to deactivate a unit that still has active children', async () => {
    const res = await admin.post(`/api/org-units/${id('VN-QNA-TK')}/active`, { version: 1, active: false });
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'active', message: 'Deactivate or move its 2 active child org units first.' },
    ]);
    expect((await orgUnitRow(t.db, 'VN-QNA-TK'))!.active).toBe(true);
  });

  it('deactivates a leaf, which then disappears from lists and searches unless includeInactive=true', async () => {
    const res = await admin.post(`/api/org-units/${id('VN-QNA-TK-C01')}/active`, {
      version: 1,
      active: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false, version: 2 });

    const children = `/api/org-units?parent=${id('VN-QNA-TK')}`;
    expect(codesOf(await admin.get(children))).toEqual(['VN-QNA-TK-H']);
    expect(codesOf(await admin.get(`${children}&includeInactive=true`))).toEqual([
      'VN-QNA-TK-C01',
      'VN-QNA-TK-H',
    ]);
    expect(codesOf(await admin.get('/api/org-units?q=VN-QNA-TK-C01'))).toEqual([]);
    expect(codesOf(await admin.get('/api/org-units?q=VN-QNA-TK-C01&includeInactive=true'))).toEqual([
      'VN-QNA-TK-C01',
    ]);
  });

  it('refuses new children under a deactivated unit, then lets the unit be reactivated', async () => {
    const district = await postOrgUnit(admin, 'VN-QNA-OFF', 'Closing district', 'district', id('VN-QNA'));
    const districtId = district.json().id;
    expect(
      (await admin.post(`/api/org-units/${districtId}/active`, { version: 1, active: false })).statusCode,
    ).toBe(200);
    const child = await postOrgUnit(admin, 'VN-QNA-OFF-C1', 'Station', 'commune', districtId);
    expect(expectError(child, 400, 'validation_failed').issues).toEqual([
      { path: 'parentId', message: 'The parent org unit is deactivated.' },
    ]);
    const back = await admin.post(`/api/org-units/${districtId}/active`, { version: 2, active: true });
    expect(back.json()).toMatchObject({ active: true, version: 3 });
  });
});

describe('POST /api/org-units/import?format=csv', () => {
  // The template's columns without the optional closed_on: a file written before it was added still imports.
  const FULL_HEADER = ORG_UNIT_CSV_COLUMNS.filter((c) => c !== 'closed_on');
  // Children come before their parent in the file.
  const goodFile = csvFile(FULL_HEADER, [
    [
      'IMP-SC-H',
      'Trung tâm Y tế quận Sơn Trà',
      'facility',
      'IMP-SC',
      'district',
      'true',
      '',
      '1200',
      '2019-05-01',
      '',
    ],
    ['IMP-SC-C01', 'Trạm Y tế phường An Hải Bắc', 'commune', 'IMP-SC', '', 'false', '', '', '', ''],
    ['IMP-SC', 'Quận Sơn Trà', 'district', 'VN-DN', '', '', '', '', '', ''],
  ]);

  it('creates every unit, parents before children, even when children come first in the file', async () => {
    const before = await countRows(t.db, 'org_units');
    const res = await uploadCsv(admin, goodFile, 'commit');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      mode: 'commit',
      committed: true,
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      errors: [],
      preview: expect.any(Array),
    });
    // The preview names each unit's parent as it will be: one in the file, or one already in the tree.
    expect(
      res
        .json()
        .preview.map((p: ImportPreviewRow) => [p.row, p.code, p.kind, p.kindFrom, p.parent, p.action]),
    ).toEqual([
      [1, 'IMP-SC-H', 'facility', 'column', 'Quận Sơn Trà', 'create'],
      [2, 'IMP-SC-C01', 'commune', 'column', 'Quận Sơn Trà', 'create'],
      [3, 'IMP-SC', 'district', 'column', 'Thành phố Đà Nẵng', 'create'],
    ]);
    expect(await countRows(t.db, 'org_units')).toBe(before + 3);
    const district = await orgUnitRow(t.db, 'IMP-SC');
    const hospital = await orgUnitRow(t.db, 'IMP-SC-H');
    expect(district).toMatchObject({ parent_id: id('VN-DN'), level: 4, timezone: 'Asia/Ho_Chi_Minh' });
    expect(hospital).toMatchObject({
      parent_id: district!.id,
      level: 5,
      path: `${district!.path}${hospital!.id}/`,
    });
    const [attrs] = await t.db.query(
      `select facility_level, provides_births, births_per_year, eenc_introduced_on from org_units where code = 'IMP-SC-H'`,
    );
    expect(attrs).toEqual({
      facility_level: 'district',
      provides_births: true,
      births_per_year: 1200,
      eenc_introduced_on: '2019-05-01',
    });
  });

  it('reports every row unchanged and creates nothing when the same file is imported again', async () => {
    const before = await countRows(t.db, 'org_units');
    const res = await uploadCsv(admin, goodFile, 'commit');
    expect(res.json()).toMatchObject({ committed: true, rows: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await countRows(t.db, 'org_units')).toBe(before);
    expect((await orgUnitRow(t.db, 'IMP-SC'))!.version).toBe(1);
  });

  it('writes nothing in mode=validate, while reporting what a commit would create', async () => {
    const before = await countRows(t.db, 'org_units');
    const file = csvFile(
      ['code', 'name', 'kind', 'parent_code'],
      [
        ['IMP-VAL', 'Quận Cẩm Lệ', 'district', 'VN-DN'],
        ['IMP-VAL-H', 'Trung tâm Y tế quận Cẩm Lệ', 'facility', 'IMP-VAL'],
      ],
    );
    const res = await uploadCsv(admin, file, 'validate');
    expect(res.json()).toEqual({
      mode: 'validate',
      committed: false,
      rows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      errors: [],
      preview: expect.any(Array),
    });
    expect(res.json().preview.map((p: ImportPreviewRow) => [p.code, p.action])).toEqual([
      ['IMP-VAL', 'create'],
      ['IMP-VAL-H', 'create'],
    ]);
    expect(await countRows(t.db, 'org_units')).toBe(before);
    expect(await orgUnitRow(t.db, 'IMP-VAL')).toBeUndefined();
  });

  describe('a file with bad rows', () => {
    const badFile = csvFile(
      ['code', 'name', 'kind', 'parent_code', 'provides_births'],
      [
        ['IMPB-D', 'Quận Mới', 'district', 'VN-DN', ''],
        ['IMPB-F1', 'Cơ sở không có cấp trên', 'facility', 'NOPE-404', ''],
        ['IMPB-F2', 'Bệnh viện', 'hospital', 'IMPB-D', ''],
        ['IMPB-D', 'Quận Trùng mã', 'district', 'VN-DN', ''],
        ['IMPB-F3', 'Trạm Y tế', 'commune', 'IMPB-D', 'maybe'],
      ],
    );
    const expectedIssues = [
      { path: 'rows.2.parent_code', message: 'Parent NOPE-404 is neither in the file nor in the database.' },
      {
        path: 'rows.3.kind',
        message:
          'Invalid option: expected one of "region"|"country"|"province"|"district"|"facility"|"commune"',
      },
      { path: 'rows.4.code', message: 'Code IMPB-D appears more than once in the file.' },
      { path: 'rows.5.provides_births', message: 'Use true or false.' },
    ];

    it('is refused on commit with 400 and one rows.<n>.<column> issue per problem, writing nothing', async () => {
      const before = await countRows(t.db, 'org_units');
      const auditBefore = await countRows(t.db, 'audit_log');
      const res = await uploadCsv(admin, badFile, 'commit');
      expect(expectError(res, 400, 'validation_failed')).toEqual({
        code: 'validation_failed',
        message: VALIDATION,
        issues: expectedIssues,
      });
      expect(await countRows(t.db, 'org_units')).toBe(before);
      expect(await countRows(t.db, 'org_units', "code like 'IMPB-%'")).toBe(0);
      expect(await countRows(t.db, 'audit_log')).toBe(auditBefore);
    });

    it('is reported row by row in mode=validate with 200 and committed false', async () => {
      const res = await uploadCsv(admin, badFile, 'validate');
      expect(res.statusCode).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({ mode: 'validate', committed: false, rows: 5 });
      expect(report.errors.map((e: { row: number; path: string }) => [e.row, e.path])).toEqual([
        [2, 'rows.2.parent_code'],
        [3, 'rows.3.kind'],
        [4, 'rows.4.code'],
        [5, 'rows.5.provides_births'],
      ]);
    });
  });

  it('reports births_per_year above the API limit as a row issue instead of failing', async () => {
    const file = csvFile(
      ['code', 'name', 'kind', 'parent_code', 'births_per_year'],
      [['IMP-BIG', 'Huge hospital', 'facility', 'VN-DN', '99999999999']],
    );
    const res = await uploadCsv(admin, file, 'commit');
    const body = expectError(res, 400, 'validation_failed');
    expect(body.issues.map((i) => i.path)).toEqual(['rows.1.births_per_year']);
    expect(body.issues[0]!.message).toContain('200000');
    expect(await orgUnitRow(t.db, 'IMP-BIG')).toBeUndefined();
  });

  it('accepts the UTF-8 byte-order mark Excel writes and keeps Vietnamese names exactly', async () => {
    const file = `\uFEFF${csvFile(['code', 'name', 'kind', 'parent_code'], [['IMP-BOM', 'Quận Thanh Khê', 'district', 'VN-DN']])}`;
    const res = await uploadCsv(admin, Buffer.from(file, 'utf8'), 'commit');
    expect(res.json()).toMatchObject({ committed: true, created: 1 });
    expect((await orgUnitRow(t.db, 'IMP-BOM'))!.name).toBe('Quận Thanh Khê');
  });

  it('refuses a Latin-1 / Windows-1258 encoded file with a message asking for UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('code,name,kind,parent_code\nIMP-L1,Qu', 'ascii'),
      Buffer.from([0xe0]), // 'à' in Latin-1; never valid on its own in UTF-8
      Buffer.from('n Moi,district,VN-DN\n', 'ascii'),
    ]);
    const message = 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.';
    expect(expectError(await uploadCsv(admin, bytes, 'commit'), 400, 'validation_failed')).toEqual({
      code: 'validation_failed',
      message,
      issues: [{ path: 'file', message }],
    });
    expect(await orgUnitRow(t.db, 'IMP-L1')).toBeUndefined();
  });

  it('refuses a file with broken CSV quoting with 400 and a "file" issue', async () => {
    const file = 'code,name,kind,parent_code\nIMP-Q1,"Quận Một,district,VN-DN\n';
    const body = expectError(await uploadCsv(admin, file, 'commit'), 400, 'validation_failed');
    expect(body.issues).toHaveLength(1);
    expect(body.issues[0]!.path).toBe('file');
    expect(body.issues[0]!.message).toMatch(/^The CSV cannot be read: /);
    expect(await orgUnitRow(t.db, 'IMP-Q1')).toBeUndefined();
  });

  it('refuses a header with missing or unknown columns', async () => {
    const res = await uploadCsv(admin, 'code,name,colour\nIMP-H1,Test,red\n', 'validate');
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'header', message: 'Missing columns: kind, parent_code.' },
      { path: 'header', message: 'Unknown columns: colour.' },
    ]);
  });
});

describe('POST /api/org-units/import?format=dhis2', () => {
  const LEVELS = { '1': 'country', '2': 'province', '3': 'district', '4': 'facility' };
  // Shaped like DHIS2's /api/organisationUnits?fields=id,code,name,parent,level,path&paging=false,
  // listed children first.
  const sierraLeone: Dhis2Unit[] = [
    {
      id: 'DiszpKrYNg8',
      name: 'Ngelehun CHC',
      level: 4,
      parent: { id: 'YuQRtpLP10I' },
      path: '/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I/DiszpKrYNg8',
    },
    { id: 'ImspTQPwCqd', code: 'OU_525', name: 'Sierra Leone', level: 1, path: '/ImspTQPwCqd' },
    {
      id: 'YuQRtpLP10I',
      code: 'OU_204856',
      name: 'Badjia',
      level: 3,
      parent: { id: 'O6uvpzGd5pu' },
      path: '/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I',
    },
    {
      id: 'O6uvpzGd5pu',
      code: 'OU_264',
      name: 'Bo',
      level: 2,
      parent: { id: 'ImspTQPwCqd' },
      path: '/ImspTQPwCqd/O6uvpzGd5pu',
    },
  ];
  const dhis2Ids = sierraLeone.map((u) => u.id);
  const countImported = () => countRows(t.db, 'org_units', 'dhis2_id = any($1::text[])', [dhis2Ids]);
  const opts = { parent: ROOT_REGION_ID, levels: LEVELS };

  it('creates the tree under the given parent with kinds from the level map, storing each dhis2Id', async () => {
    const res = await uploadDhis2(admin, sierraLeone, { mode: 'commit', ...opts });
    expect(res.json()).toEqual({
      mode: 'commit',
      committed: true,
      rows: 4,
      created: 4,
      updated: 0,
      unchanged: 0,
      errors: [],
      preview: expect.any(Array),
    });
    expect(res.json().preview).toHaveLength(4);
    const country = await orgUnitRow(t.db, 'OU_525');
    const province = await orgUnitRow(t.db, 'OU_264');
    const district = await orgUnitRow(t.db, 'OU_204856');
    // A unit without a DHIS2 code gets its DHIS2 id as code.
    const facility = await orgUnitRow(t.db, 'DiszpKrYNg8');
    expect(country).toMatchObject({
      kind: 'country',
      parent_id: ROOT_REGION_ID,
      dhis2_id: 'ImspTQPwCqd',
      level: 2,
    });
    expect(province).toMatchObject({ kind: 'province', parent_id: country!.id, dhis2_id: 'O6uvpzGd5pu' });
    expect(district).toMatchObject({ kind: 'district', parent_id: province!.id, dhis2_id: 'YuQRtpLP10I' });
    expect(facility).toMatchObject({
      kind: 'facility',
      name: 'Ngelehun CHC',
      dhis2_id: 'DiszpKrYNg8',
      level: 5,
      path: `/${ROOT_REGION_ID}/${country!.id}/${province!.id}/${district!.id}/${facility!.id}/`,
    });
    expect((await admin.get(`/api/org-units/${facility!.id}`)).json().dhis2Id).toBe('DiszpKrYNg8');
  });

  it('updates a unit renamed in DHIS2 on re-import instead of creating a duplicate', async () => {
    const badjia = await orgUnitRow(t.db, 'OU_204856');
    const renamed = sierraLeone.map((u) => (u.id === 'YuQRtpLP10I' ? { ...u, name: 'Badjia Chiefdom' } : u));
    const res = await uploadDhis2(admin, renamed, { mode: 'commit', ...opts });
    expect(res.json()).toMatchObject({ committed: true, rows: 4, created: 0, updated: 1, unchanged: 3 });
    expect(await countImported()).toBe(4);
    expect(await orgUnitRow(t.db, 'OU_204856')).toMatchObject({
      id: badjia!.id,
      name: 'Badjia Chiefdom',
      version: badjia!.version + 1,
    });
  });

  it('refuses a unit whose code matches a unit with another DHIS2 id, naming both, and changes nothing', async () => {
    const before = await orgUnitRow(t.db, 'OU_525');
    // The code matches Sierra Leone's case-insensitively; the DHIS2 ids differ, so they are two units.
    const intruder: Dhis2Unit[] = [
      { id: 'AbCdEfGhIj1', code: 'ou_525', name: 'Not Sierra Leone', level: 1, path: '/AbCdEfGhIj1' },
    ];
    const issue = {
      path: 'rows.1.code',
      message:
        'Code ou_525 already belongs to Sierra Leone (DHIS2 id ImspTQPwCqd); this row is Not Sierra Leone (DHIS2 id AbCdEfGhIj1). Give one of them another code.',
    };
    const validated = await uploadDhis2(admin, intruder, { mode: 'validate', ...opts });
    expect(validated.json()).toMatchObject({
      committed: false,
      created: 0,
      updated: 0,
      errors: [{ row: 1, ...issue }],
    });
    const committed = await uploadDhis2(admin, intruder, { mode: 'commit', ...opts });
    expect(expectError(committed, 400, 'validation_failed').issues).toEqual([issue]);
    expect(await orgUnitRow(t.db, 'OU_525')).toEqual(before);
    expect(await countRows(t.db, 'org_units', "dhis2_id = 'AbCdEfGhIj1'")).toBe(0);
  });

  it('fails the whole import, writing nothing, when one unit has a level without a mapping', async () => {
    const before = await countRows(t.db, 'org_units');
    const withUnmapped: Dhis2Unit[] = [
      ...sierraLeone,
      {
        id: 'cDw53Ej8rju',
        code: 'OU_NEW',
        name: 'Afro Arab Clinic',
        level: 4,
        parent: { id: 'YuQRtpLP10I' },
      },
      { id: 'Rp268JB6Ne4', name: 'Ngelehun MCHP post', level: 5, parent: { id: 'DiszpKrYNg8' } },
    ];
    const res = await uploadDhis2(admin, withUnmapped, { mode: 'commit', ...opts });
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'rows.6.level', message: 'DHIS2 level 5 has no mapping to an org-unit kind.' },
    ]);
    expect(await countRows(t.db, 'org_units')).toBe(before);
    expect(await orgUnitRow(t.db, 'OU_NEW')).toBeUndefined();
  });
});

describe('who may manage org units', () => {
  it('answers 403 forbidden to a provincial manager creating a unit, in their own province or another', async () => {
    const province = await t.login('province.dn');
    for (const parent of ['VN-DN', 'VN-QNA']) {
      const res = await postOrgUnit(province, `PM-${parent}`, 'Not allowed', 'district', id(parent));
      expect(expectError(res, 403, 'forbidden').message).toBe(FORBIDDEN_VI);
    }
    expect(await countRows(t.db, 'org_units', "code like 'PM-%'")).toBe(0);
  });

  it('answers 403 forbidden to a national manager for every org-unit write', async () => {
    const national = await t.login('national.vn');
    const unit = id('VN-DN-LC-H');
    const version = await orgUnitVersion(t.db, unit);
    const attempts = [
      postOrgUnit(national, 'NM-1', 'x', 'district', id('VN-DN')),
      national.patch(`/api/org-units/${unit}`, { version, name: 'Renamed by a manager' }),
      national.post(`/api/org-units/${unit}/move`, { version, parentId: id('VN-DN-HC') }),
      national.post(`/api/org-units/${unit}/active`, { version, active: false }),
      uploadCsv(national, 'code,name,kind,parent_code\nNM-2,x,district,VN-DN\n', 'commit'),
    ];
    for (const res of await Promise.all(attempts)) expectError(res, 403, 'forbidden');
    expect(await orgUnitRow(t.db, 'VN-DN-LC-H')).toMatchObject({
      version,
      parent_id: id('VN-DN-LC'),
      active: true,
    });
  });

  describe('a system administrator scoped to one country (admin.vn)', () => {
    let adminVn: TestClient;
    beforeAll(async () => {
      adminVn = await t.login('admin.vn');
    });

    it('creates and renames units inside the country', async () => {
      const res = await postOrgUnit(adminVn, 'VN-QNA-HA', 'Thành phố Hội An', 'district', id('VN-QNA'));
      expect(res.statusCode).toBe(201);
      const renamed = await adminVn.patch(`/api/org-units/${res.json().id}`, {
        version: 1,
        name: 'TP Hội An',
      });
      expect(renamed.json()).toMatchObject({ name: 'TP Hội An', version: 2 });
    });

    it('gets 403 out_of_scope creating, renaming or moving in another country, and nothing changes', async () => {
      const laVersion = await orgUnitVersion(t.db, id('LA-VT'));
      const results = [
        await postOrgUnit(adminVn, 'LA-VT-NEW', 'x', 'district', id('LA-VT')),
        await adminVn.patch(`/api/org-units/${id('LA-VT')}`, { version: laVersion, name: 'Renamed' }),
        await adminVn.post(`/api/org-units/${id('LA-VT-CH-H')}/move`, {
          version: 1,
          parentId: id('LA-VT-SS'),
        }),
        // Moving an own unit into the other country is refused as well.
        await adminVn.post(`/api/org-units/${id('VN-QNA-H01')}/move`, { version: 1, parentId: id('LA') }),
        // A country under the region root is outside a country-scoped administrator's area.
        await postOrgUnit(adminVn, 'KH', 'Cambodia', 'country', ROOT_REGION_ID),
      ];
      for (const res of results) expect(expectError(res, 403, 'out_of_scope').message).toBe(OUT_OF_SCOPE_VI);
      expect(await orgUnitRow(t.db, 'LA-VT-NEW')).toBeUndefined();
      expect(await orgUnitRow(t.db, 'LA-VT')).toMatchObject({
        name: 'Vientiane Capital',
        version: laVersion,
      });
      expect((await orgUnitRow(t.db, 'VN-QNA-H01'))!.parent_id).toBe(id('VN-QNA'));
      expect((await orgUnitRow(t.db, 'LA-VT-CH-H'))!.parent_id).toBe(id('LA-VT-CH'));
    });

    it("gets 403 out_of_scope, not a validation message describing the other country's unit", async () => {
      // A district under a facility is invalid anyway; the answer must not reveal that LA-VT-H01 is a facility.
      const res = await postOrgUnit(adminVn, 'LA-LEAK', 'x', 'district', id('LA-VT-H01'));
      expect(expectError(res, 403, 'out_of_scope').issues).toEqual([]);
    });

    it('gets a row issue and no write when an import places a unit in another country', async () => {
      const file = 'code,name,kind,parent_code\nLA-VT-IMP,Imported,district,LA-VT\n';
      const res = await uploadCsv(adminVn, file, 'commit');
      expect(expectError(res, 400, 'validation_failed').issues).toEqual([
        { path: 'rows.1', message: OUT_OF_SCOPE_VI },
      ]);
      expect(await orgUnitRow(t.db, 'LA-VT-IMP')).toBeUndefined();
    });
  });
});
