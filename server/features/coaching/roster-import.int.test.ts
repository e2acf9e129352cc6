import { describe, expect, it } from 'vitest';
import type { Roster, RosterImportReport } from '../../../shared/coaching/coaching.schema';
import { useLogin, useLogins, useTestApp } from '../../test/test-app';
import { H01, HC_H as HC } from '../../test/demo-units';

const HEADER = 'name,cadre,ward,active_from,phone,facilitator_level,facilitator_certified_on';
const CSV = [
  HEADER,
  'Nguyễn Thị Hoa,midwife,delivery_room,2021-03-01,,,',
  'Trần Văn Nam,surgeon,delivery_room,2021-03-01,,,',
  ',nurse,postnatal_ward,2021-03-01,,,',
  'Lê Thị Mai,nurse,postnatal_ward,2021-13-01,,,',
  'Phạm Thị Lan,midwife,delivery_room,2020-01-01,0905 111 222,provincial,2019-05-01',
  'Võ Thị Thu,midwife,delivery_room,2020-01-01,,national,',
].join('\n');

describe('roster import from CSV', () => {
  const t = useTestApp();
  const [lead, coach] = useLogins(t, 'lead.dn', 'coach.dn');
  const rosterSize = async () =>
    ((await lead.get(`/api/coaching/roster?facility=${H01}`)).json() as Roster).items.length;

  it('gives the template with the columns in order', async () => {
    const res = await lead.get('/api/coaching/roster/template.csv');
    expect(res.statusCode).toBe(200);
    expect(res.body.trim()).toBe(`${HEADER},worker,active_to,facility`);
  });

  it('reports every bad row by row and column, and imports nothing in all-or-nothing mode', async () => {
    const res = await lead.post('/api/coaching/roster/import', { facilityId: H01, mode: 'all', csv: CSV });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as RosterImportReport;
    expect(report.rows).toBe(6);
    expect(report.inserted).toBe(0);
    expect(report.issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'cadre'],
      [4, 'name'],
      [5, 'active_from'],
      [7, 'facilitator_certified_on'],
    ]);
    // lead.dn reads Vietnamese: the messages are translated.
    expect(report.issues[0]!.message).toContain('midwife, nurse');
    expect(report.issues[1]!.message).toBe('Hãy nhập họ tên.');
    expect(await rosterSize()).toBe(0);
  });

  it('imports the valid rows in valid-only mode, audited', async () => {
    const res = await lead.post('/api/coaching/roster/import', { facilityId: H01, mode: 'valid', csv: CSV });
    const report = res.json() as RosterImportReport;
    expect([report.inserted, report.issues.length]).toEqual([2, 4]);
    const roster = (await lead.get(`/api/coaching/roster?facility=${H01}`)).json() as Roster;
    expect(roster.items.map((w) => [w.name, w.facilitatorLevel]).sort()).toEqual([
      ['Nguyễn Thị Hoa', null],
      ['Phạm Thị Lan', 'provincial'],
    ]);
    const [audit] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'health_worker' and action = 'import'",
    );
    expect(audit!.n).toBe(2);
  });

  it('refuses a file without the required columns, another facility, and a coach', async () => {
    const bad = await lead.post('/api/coaching/roster/import', {
      facilityId: H01,
      mode: 'all',
      csv: 'name,cadre\nA,nurse',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('csv');
    const away = await lead.post('/api/coaching/roster/import', { facilityId: HC, mode: 'all', csv: CSV });
    expect(away.json().code).toBe('out_of_scope');
    const byCoach = await coach.post('/api/coaching/roster/import', {
      facilityId: H01,
      mode: 'all',
      csv: CSV,
    });
    expect(byCoach.json().code).toBe('forbidden');
  });
});

describe('roster import from Excel', () => {
  const t = useTestApp();
  const lead = useLogin(t, 'lead.dn');

  /** The CSV's rows as an .xlsx workbook, dates as real Excel dates where they are valid. */
  async function workbook(rows: string[][], header = HEADER.split(',')): Promise<string> {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('roster');
    ws.addRow(header);
    for (const r of rows)
      ws.addRow(
        r.map((v, i) =>
          header[i] === 'active_from' && /^\d{4}-\d{2}-\d{2}$/.test(v) && Date.parse(v)
            ? new Date(`${v}T00:00:00Z`)
            : v,
        ),
      );
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }
  const rows = CSV.split('\n')
    .slice(1)
    .map((l) => l.split(','));

  it('gives an .xlsx template whose first row is the columns in order', async () => {
    const res = await lead.get('/api/coaching/roster/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(
      `${HEADER},worker,active_to,facility`.split(','),
    );
  });

  it('reports the same rows as the CSV, all or nothing, then imports the valid rows with Excel dates', async () => {
    const xlsx = await workbook(rows);
    const all = (
      await lead.post('/api/coaching/roster/import', { facilityId: H01, mode: 'all', xlsx })
    ).json() as RosterImportReport;
    expect([all.rows, all.inserted]).toEqual([6, 0]);
    expect(all.issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'cadre'],
      [4, 'name'],
      [5, 'active_from'],
      [7, 'facilitator_certified_on'],
    ]);
    const valid = await lead.post('/api/coaching/roster/import', { facilityId: H01, mode: 'valid', xlsx });
    expect((valid.json() as RosterImportReport).inserted).toBe(2);
    const roster = (await lead.get(`/api/coaching/roster?facility=${H01}`)).json() as Roster;
    expect(roster.items.map((w) => w.name).sort()).toEqual(['Nguyễn Thị Hoa', 'Phạm Thị Lan']);
  });

  it('refuses a file that is not a workbook, missing columns, and both files at once', async () => {
    const junk = await lead.post('/api/coaching/roster/import', {
      facilityId: H01,
      mode: 'all',
      xlsx: Buffer.from('not a workbook').toString('base64'),
    });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().issues[0].path).toBe('xlsx');
    const narrow = await lead.post('/api/coaching/roster/import', {
      facilityId: H01,
      mode: 'all',
      xlsx: await workbook([['A', 'nurse']], ['name', 'cadre']),
    });
    expect(narrow.json().issues[0]).toMatchObject({ path: 'xlsx' });
    const both = await lead.post('/api/coaching/roster/import', {
      facilityId: H01,
      mode: 'all',
      csv: CSV,
      xlsx: 'AAAA',
    });
    expect(both.statusCode).toBe(400);
  });
});
