import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIRTH_CSV_COLUMN_NAMES, BIRTH_CSV_HEADER } from '../../../shared/births/birth-csv-columns';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { orgUnitIdOf } from '../../seed/demo';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { generateBirthCsv } from './births-csv-generator';
import { EXPORT_PAGE } from './births-export.service';
import { csvOf, postImport, twins, id, stillbirthRaw } from './import-test-helpers';

const col = (name: string) => BIRTH_CSV_COLUMN_NAMES.indexOf(name);

let t: TestApp;
let lead: TestClient;
let province: TestClient;

/** The export parsed: header and data rows (BOM checked and removed). */
async function exportCsv(client: TestClient, query = '') {
  const res = await client.get(`/api/births/export.csv${query}`);
  if (res.statusCode !== 200) return { res, header: [], rows: [] as string[][] };
  expect(res.body.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parse(res.body.slice(1)) as string[][];
  return { res, header: header!, rows };
}
const birthIdsOf = (rows: string[][]) => [...new Set(rows.map((r) => r[col('birth_id')]))];

async function lastExportAudit() {
  const [a] = await t.db.query<{ actor_username: string; details: Record<string, unknown> }>(
    "select actor_username, details from audit_log where action = 'export' order by id desc limit 1",
  );
  return a!;
}

beforeAll(async () => {
  t = await createTestApp();
  lead = await t.login('lead.dn');
  province = await t.login('province.dn');
  const midwife = await t.login('midwife.dn');
  const nurse = await t.login('nurse.hc');
  const atH01 = csvOf(
    {
      id: id(1),
      communeCode: 'VN-DN-HC-C01',
      overrides: twins({
        mother: { recordNumber: 'EXP-1', name: 'Nguyễn Thị Lan', phone: '0905 123 456' },
        delivery: { bornAt: '2026-03-01T10:00:00+07:00' },
      }),
    },
    {
      id: id(2),
      overrides: {
        mother: { recordNumber: 'EXP-2', name: '=HYPERLINK("http://x","Mai")' },
        delivery: { bornAt: '2026-03-05T23:45:00+07:00' },
        newborns: [stillbirthRaw()],
      },
    },
  );
  expect((await postImport(midwife, atH01)).report.inserted).toBe(2);
  const atHC = csvOf({
    id: id(3),
    facilityCode: 'VN-DN-HC-H',
    overrides: {
      mother: { recordNumber: 'HC-9', name: 'Lê Thị Hoa' },
      delivery: { bornAt: '2026-03-07T08:00:00+07:00' },
      newborns: [buildNewbornRaw({ sscStartedMinutes: 20 })],
    },
  });
  expect((await postImport(nurse, atHC)).report.inserted).toBe(1);
});
afterAll(() => t?.close());

describe('GET /api/births/export.csv', () => {
  it("gives a hospital lead the facility's births with names, in import columns, UTF-8 with BOM, and audits it", async () => {
    const { res, header, rows } = await exportCsv(lead);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="births-2026-03-10.csv"');
    expect(header.join(',')).toBe(BIRTH_CSV_HEADER);
    expect(rows.map((r) => [r[col('birth_id')], r[col('birth_order')], r[col('mother_name')]])).toEqual([
      [id(1), '1', 'Nguyễn Thị Lan'],
      [id(1), '2', 'Nguyễn Thị Lan'],
      [id(2), '1', `'=HYPERLINK("http://x","Mai")`],
    ]);
    const first = rows[0]!;
    expect(first[col('born_at')]).toBe('2026-03-01T10:00:00+07:00');
    expect(first[col('facility_code')]).toBe('VN-DN-H01');
    expect(first[col('commune_code')]).toBe('VN-DN-HC-C01');
    expect(first[col('mother_phone')]).toBe('0905 123 456');
    expect(first[col('newborn_id')]).toMatch(/^[0-9a-f-]{36}$/);
    expect(first[col('weighing_done')]).toBe('true');
    expect(first[col('weighing_minutes')]).toBe('100');
    expect(await lastExportAudit()).toMatchObject({
      actor_username: 'lead.dn',
      details: { format: 'csv', births: 2, rows: 3, withPersonalData: 2, complete: true, filters: {} },
    });
  });

  it('gives a provincial manager every birth of the province with empty name and phone columns', async () => {
    const { rows } = await exportCsv(province);
    expect(birthIdsOf(rows)).toEqual([id(1), id(2), id(3)]);
    expect(rows.every((r) => r[col('mother_name')] === '' && r[col('mother_phone')] === '')).toBe(true);
    expect(rows.every((r) => r[col('record_number')] !== '')).toBe(true);
    expect((await lastExportAudit()).details).toMatchObject({ births: 3, rows: 4, withPersonalData: 0 });
  });

  it.each([
    ['?from=2026-03-02', [id(2), id(3)]],
    ['?to=2026-03-05', [id(1), id(2)]],
    ['?from=2026-03-05&to=2026-03-05', [id(2)]],
    [`?facility=${orgUnitIdOf('VN-DN-HC')}`, [id(3)]],
    ['?outcome=fresh_stillbirth', [id(2)]],
    ['?flag=ssc_not_immediate', [id(3)]],
    ['?q=exp', [id(1), id(2)]],
  ])('applies the list filters %s', async (query, expected) => {
    const { rows } = await exportCsv(province, query);
    expect(birthIdsOf(rows)).toEqual(expected);
    expect((await lastExportAudit()).details).toMatchObject({ births: expected.length });
  });

  it('exports a file that imports again to the very same records', async () => {
    const before = await Promise.all(
      [id(1), id(2)].map(async (x) => (await lead.get(`/api/births/${x}`)).json()),
    );
    const res = await lead.get('/api/births/export.csv');
    const midwife = await t.login('midwife.dn');
    // Re-importing next to the originals changes nothing ...
    expect((await postImport(midwife, res.body)).report).toMatchObject({
      alreadyPresent: 2,
      inserted: 0,
      errors: 0,
    });
    // ... and into an emptied register it restores the same documents, ids included.
    await t.db.query('delete from births where id = any($1::uuid[])', [[id(1), id(2)]]);
    expect((await postImport(midwife, res.body)).report).toMatchObject({ inserted: 2, errors: 0 });
    const after = await Promise.all(
      [id(1), id(2)].map(async (x) => (await lead.get(`/api/births/${x}`)).json()),
    );
    const strip = ({ createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;
    expect(after.map(strip)).toEqual(before.map(strip));
    expect(after[1].mother.name).toBe('=HYPERLINK("http://x","Mai")');
  });

  it('streams an export larger than one page, in date order, without losing or repeating a birth', async () => {
    const facility = [{ code: 'VN-DN-HC-H', timezone: 'Asia/Ho_Chi_Minh', communes: ['VN-DN-HC-C02'] }];
    const text = [
      ...generateBirthCsv({
        births: EXPORT_PAGE * 2 + 37,
        seed: 3,
        facilities: facility,
        until: t.clock.now(),
      }),
    ].join('');
    const nurse = await t.login('nurse.hc');
    expect((await postImport(nurse, Readable.from([text]), 'valid_only')).report.inserted).toBe(
      EXPORT_PAGE * 2 + 37,
    );
    const { rows } = await exportCsv(province, `?facility=${orgUnitIdOf('VN-DN-HC-H')}`);
    const ids = birthIdsOf(rows);
    expect(ids).toHaveLength(EXPORT_PAGE * 2 + 38);
    const born = rows.map((r) => Date.parse(r[col('born_at')]!));
    expect(born.every((b, i) => i === 0 || b >= born[i - 1]!)).toBe(true);
    expect((await lastExportAudit()).details).toMatchObject({ births: EXPORT_PAGE * 2 + 38, complete: true });
  });

  it('refuses roles without record.export: clinicians, PNC workers, partners (403) and anonymous callers (401)', async () => {
    for (const user of ['midwife.dn', 'pnc.hc1', 'partner.who', 'admin'])
      expect((await (await t.login(user)).get('/api/births/export.csv')).json().code).toBe('forbidden');
    expect((await t.anonymous().get('/api/births/export.csv')).statusCode).toBe(401);
  });

  it('refuses an org unit outside the reader’s area (403) and an unknown one (404), before streaming', async () => {
    expect((await province.get(`/api/births/export.csv?facility=${orgUnitIdOf('LA-VT')}`)).json().code).toBe(
      'out_of_scope',
    );
    expect((await lead.get(`/api/births/export.csv?facility=${orgUnitIdOf('VN-DN-HC-H')}`)).json().code).toBe(
      'out_of_scope',
    );
    const unknown = await province.get(`/api/births/export.csv?facility=${id(999)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/json');
  });

  it.each([
    ['?from=2026-13-01', 'from'],
    ['?to=yesterday', 'to'],
    ['?outcome=alive', 'outcome'],
    ['?flag=DROP%20TABLE', 'flag'],
    ['?facility=VN-DN', 'facility'],
    ['?limit=5', 'limit'],
    ['?cursor=abc', 'cursor'],
  ])('answers 400 with the issue path for %s', async (query, path) => {
    const res = await province.get(`/api/births/export.csv${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ path })],
    });
  });
});
