import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIRTH_CSV_COLUMN_NAMES, BIRTH_CSV_HEADER } from '../../../shared/births/birth-csv-columns';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { translate } from '../../../shared/i18n/messages';
import { orgUnitIdOf } from '../../seed/demo';
import { deleteAllBirths } from '../../test/delete-all-births';
import { useLogin, useTestApp } from '../../test/test-app';
import { derivedNewbornId, openBirthImport } from './births-import.service';
import { createRng } from '../../lib/rng';
import { countRows } from '../../test/api-helpers';
import {
  csvFile,
  csvOf,
  csvRowsOf,
  parseNdjson,
  postImport,
  twins,
  withCell,
  id,
  stillbirthRaw,
} from './import-test-helpers';

const vi = (key: string, params?: Record<string, unknown>) => translate('vi', key, params);

const t = useTestApp();
const midwife = useLogin(t, 'midwife.dn');

beforeEach(async () => {
  await deleteAllBirths(t.db);
});

describe('GET /api/births/import/template.csv', () => {
  it('answers the header row with a byte-order mark as text/csv to users who record births', async () => {
    const res = await midwife.get('/api/births/import/template.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('births-import-template.csv');
    expect(res.body).toBe(`\uFEFF${BIRTH_CSV_HEADER}\r\n`);
    expect(res.body.split(',')).toHaveLength(BIRTH_CSV_COLUMN_NAMES.length);
  });

  it('refuses roles that may not record births (403) and anonymous callers (401)', async () => {
    const province = await t.login('province.dn');
    expect((await province.get('/api/births/import/template.csv')).json().code).toBe('forbidden');
    expect((await t.anonymous().get('/api/births/import/template.csv')).statusCode).toBe(401);
  });
});

describe('POST /api/births/import: a good file', () => {
  const file = csvOf(
    {
      id: id(1),
      communeCode: 'VN-DN-HC-C01',
      overrides: { mother: { recordNumber: 'IMP-1', name: 'Nguyễn Thị Lan' } },
    },
    { id: id(2), overrides: twins({ mother: { recordNumber: 'IMP-2' } }) },
    { id: id(3), overrides: { mother: { recordNumber: 'IMP-3' }, delivery: { gestationalAgeWeeks: 34 } } },
  );

  it('imports every birth, lists them in GET /api/births, and audits the import with the file hash', async () => {
    const { status, events, report } = await postImport(midwife, file);
    expect(status).toBe(200);
    expect(events[0]).toMatchObject({ type: 'progress' });
    expect(report).toMatchObject({
      type: 'report',
      mode: 'all_or_nothing',
      committed: true,
      rows: 4,
      births: 3,
      inserted: 3,
      alreadyPresent: 0,
      invalid: 0,
      errors: 0,
      issues: [],
      fatal: null,
      fileSha256: createHash('sha256').update(file).digest('hex'),
      bytes: Buffer.byteLength(file),
    });

    const list = await midwife.get(`/api/births?facility=${orgUnitIdOf('VN-DN-H01')}`);
    expect(
      list
        .json()
        .items.map((b: { recordNumber: string }) => b.recordNumber)
        .sort(),
    ).toEqual(['IMP-1', 'IMP-2', 'IMP-3']);
    const twinBirth = (await midwife.get(`/api/births/${id(2)}`)).json();
    expect(twinBirth.newborns.map((n: { id: string }) => n.id)).toEqual([
      derivedNewbornId(id(2), 1),
      derivedNewbornId(id(2), 2),
    ]);
    const first = (await midwife.get(`/api/births/${id(1)}`)).json();
    expect(first.mother).toMatchObject({ name: 'Nguyễn Thị Lan', communeId: orgUnitIdOf('VN-DN-HC-C01') });
    expect(first.delivery.bornAt).toBe('2026-03-09T19:15:00.000Z');

    const [creates] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'create' and entity_type = 'birth' and details->>'importId' = $1",
      [report.importId],
    );
    expect(creates!.n).toBe(3);
    const history = (await midwife.get(`/api/births/${id(2)}/history`)).json();
    expect(history.items).toEqual([
      { at: expect.any(String), actor: 'midwife.dn', action: 'create', changes: [] },
    ]);

    const [audit] = await t.db.query<{
      actor_username: string;
      org_unit_id: string;
      details: Record<string, unknown>;
    }>(
      "select actor_username, org_unit_id, details from audit_log where action = 'import' and entity_id = $1",
      [report.importId],
    );
    expect(audit).toMatchObject({
      actor_username: 'midwife.dn',
      org_unit_id: orgUnitIdOf('VN-DN-H01'),
      details: {
        via: 'http',
        mode: 'all_or_nothing',
        committed: true,
        inserted: 3,
        rows: 4,
        fileSha256: report.fileSha256,
      },
    });
  });

  it('imports nothing new when the same file is sent again, in either mode', async () => {
    expect((await postImport(midwife, file)).report.inserted).toBe(3);
    for (const mode of ['all_or_nothing', 'valid_only'] as const) {
      const { report } = await postImport(midwife, file, mode);
      expect(report).toMatchObject({ births: 3, inserted: 0, alreadyPresent: 3, errors: 0, committed: true });
    }
    expect(await countRows(t.db, 'births')).toBe(3);
    const [n] = await t.db.query<{ n: number }>('select count(*)::int as n from newborns');
    expect(n!.n).toBe(4);
  });

  it('places a born_at without offset in the facility time zone, and reads yes/no, BOM, CRLF and upper-case headers', async () => {
    const row = withCell(
      withCell(csvRowsOf({ id: id(4) })[0]!, 'born_at', '2026-03-09 23:30'),
      'uterotonic_given',
      'YES',
    );
    const text = `\uFEFF${csvFile([row], BIRTH_CSV_HEADER.toUpperCase())}`;
    const { report } = await postImport(midwife, text);
    expect(report).toMatchObject({ inserted: 1, errors: 0 });
    const b = (await midwife.get(`/api/births/${id(4)}`)).json();
    expect(b.delivery.bornAt).toBe('2026-03-09T16:30:00.000Z');
    expect(b.birthDate).toBe('2026-03-09');
  });

  it('imports the example of docs/births-import.md', async () => {
    const doc = readFileSync('docs/births-import.md', 'utf8');
    const example = /```csv\n([\s\S]*?)```/.exec(doc)![1]!;
    const { report } = await postImport(midwife, example);
    expect(report).toMatchObject({ rows: 3, births: 2, inserted: 2, errors: 0 });
  });

  it('accepts a file with only the required columns', async () => {
    const required = [
      'birth_id',
      'facility_code',
      'record_number',
      'born_at',
      'delivery_mode',
      'baby_count',
      'birth_order',
      'sex',
      'outcome',
    ];
    const text = `${required.join(',')}\n${id(5)},VN-DN-H01,MIN-1,2026-03-09T10:00:00+07:00,caesarean,1,1,female,live_birth\n`;
    const { report } = await postImport(midwife, text);
    expect(report).toMatchObject({ inserted: 1, errors: 0 });
  });
});

describe('POST /api/births/import: problems in rows', () => {
  /** Six births: two good ones around four with one problem each. */
  function mixedFile(): string {
    const good1 = csvRowsOf({ id: id(11), overrides: { mother: { recordNumber: 'OK-1' } } });
    const badWeight = csvRowsOf({ id: id(12) }).map((r) => withCell(r, 'birth_weight_grams', '120'));
    const stillbirthFed = csvRowsOf({
      id: id(13),
      overrides: {
        newborns: [stillbirthRaw({ breastfeedStartedMinutes: 20 })],
      },
    });
    const unknownFacility = csvRowsOf({ id: id(14), facilityCode: 'VN-NOWHERE' });
    const outOfScope = csvRowsOf({ id: id(15), facilityCode: 'VN-QNA-H01' });
    const good2 = csvRowsOf({ id: id(16), overrides: twins({ mother: { recordNumber: 'OK-2' } }) });
    return csvFile([...good1, ...badWeight, ...stillbirthFed, ...unknownFacility, ...outOfScope, ...good2]);
  }
  const expectedIssues = [
    { row: 3, column: 'birth_weight_grams', birthId: id(12), message: vi('births.weightRange') },
    { row: 4, column: 'breastfeed_started_minutes', birthId: id(13), message: vi('births.notForStillbirth') },
    {
      row: 5,
      column: 'facility_code',
      birthId: id(14),
      message: vi('birthImport.unknownFacility', { code: 'VN-NOWHERE' }),
    },
    {
      row: 6,
      column: 'facility_code',
      birthId: id(15),
      message: vi('birthImport.facilityOutOfScope', { code: 'VN-QNA-H01' }),
    },
  ];

  it('all_or_nothing: writes nothing and reports every problem with row, column and a translated message', async () => {
    const { report } = await postImport(midwife, mixedFile(), 'all_or_nothing');
    expect(report).toMatchObject({
      committed: false,
      rows: 7,
      births: 6,
      inserted: 0,
      invalid: 4,
      errors: 4,
      issuesTruncated: false,
    });
    expect(report.issues).toEqual(expectedIssues);
    expect(report.issues[0]!.message).toBe('Cân nặng lúc sinh phải từ 500 đến 9.000 g.');
    expect(await countRows(t.db, 'births')).toBe(0);
    const [audit] = await t.db.query<{ details: Record<string, unknown> }>(
      "select details from audit_log where action = 'import' and entity_id = $1",
      [report.importId],
    );
    expect(audit!.details).toMatchObject({ committed: false, invalid: 4, inserted: 0 });
  });

  it('valid_only: writes the three good births and reports the same four problems', async () => {
    const { report } = await postImport(midwife, mixedFile(), 'valid_only');
    expect(report).toMatchObject({ committed: true, births: 6, inserted: 2, invalid: 4, errors: 4 });
    expect(report.issues).toEqual(expectedIssues);
    const rows = await t.db.query<{ id: string }>('select id from births order by id');
    expect(rows.map((r) => r.id)).toEqual([id(11), id(16)]);
  });

  it('reports a cell of the wrong type, an unknown option and a missing required cell, all in one row', async () => {
    let row = csvRowsOf({ id: id(21) })[0]!;
    row = withCell(row, 'apgar1', '7.5');
    row = withCell(row, 'sex', 'girl');
    row = withCell(row, 'record_number', '');
    row = withCell(row, 'breathing_at_birth', 'maybe');
    row = withCell(row, 'discharge_exclusive_bf', 'true');
    const { report } = await postImport(midwife, csvFile([row]), 'valid_only');
    expect(report.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [2, 'record_number', vi('birthImport.required')],
      [2, 'sex', vi('birthImport.badOption', { values: 'female, male, undetermined' })],
      [2, 'apgar1', vi('birthImport.notAnInteger')],
      [2, 'breathing_at_birth', vi('birthImport.notABoolean')],
      [2, 'discharge_date', vi('birthImport.required')],
      [2, 'discharge_status', vi('birthImport.required')],
    ]);
    expect(report.invalid).toBe(1);
  });

  it('imports discharge_time and judges early discharge from it; a malformed time is a row error', async () => {
    // Born 2026-03-09 08:00 in Viet Nam; discharged the next day at 07:00 (23 h) and at 08:00 (24 h).
    const at = (n: number, time: string) =>
      csvRowsOf({
        id: id(n),
        overrides: {
          delivery: { bornAt: '2026-03-09T08:00:00+07:00' },
          newborns: [buildNewbornRaw({ discharge: { date: '2026-03-10', time, status: 'alive' } })],
        },
      });
    const bad = at(53, '07:00').map((r) => withCell(r, 'discharge_time', '7h'));
    const file = csvFile([...at(51, '07:00'), ...at(52, '08:00'), ...bad]);
    const { report } = await postImport(midwife, file, 'valid_only');
    expect(report.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [4, 'discharge_time', vi('births.dischargeTimeFormat')],
    ]);
    const rows = await t.db.query<{ birth_id: string; discharge_time: string; flags: string[] }>(
      'select birth_id, discharge_time, flags from newborns where birth_id = any($1::uuid[]) order by birth_id',
      [[id(51), id(52)]],
    );
    expect(rows).toEqual([
      { birth_id: id(51), discharge_time: '07:00', flags: ['early_discharge'] },
      { birth_id: id(52), discharge_time: '08:00', flags: [] },
    ]);
  });

  it('reports a birth whose rows are split apart, and baby rows that disagree on the delivery columns', async () => {
    const [a1, a2] = csvRowsOf({ id: id(31), overrides: twins() });
    const b = csvRowsOf({ id: id(32) });
    const [c1, c2] = csvRowsOf({ id: id(33), overrides: twins() });
    const file = csvFile([a1!, ...b, a2!, c1!, withCell(c2!, 'mother_age', '31')]);
    const { report } = await postImport(midwife, file, 'valid_only');
    expect(report.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      // the first part of birth 31 has one baby of two
      [2, 'baby_count', vi('births.babyCountMismatch', { count: 1 })],
      [4, 'birth_id', vi('birthImport.notConsecutive', { id: id(31) })],
      [4, 'baby_count', vi('births.babyCountMismatch', { count: 1 })],
      [6, 'mother_age', vi('birthImport.differsFromFirstRow', { row: 5 })],
    ]);
    expect(report).toMatchObject({ births: 4, inserted: 1, invalid: 3 });
  });

  it('refuses a newborn_id that belongs to another birth, and one used twice in the file', async () => {
    const nid = '6f1c2a4e-3b5d-4c7e-9a8b-1c2d3e4f5a6b';
    const first = csvRowsOf({ id: id(41) }).map((r) => withCell(r, 'newborn_id', nid));
    expect((await postImport(midwife, csvFile(first))).report.inserted).toBe(1);
    const again = csvRowsOf({ id: id(42) }).map((r) => withCell(r, 'newborn_id', nid.toUpperCase()));
    const twice = [
      ...csvRowsOf({ id: id(43) }).map((r) => withCell(r, 'newborn_id', id(99))),
      ...csvRowsOf({ id: id(44) }).map((r) => withCell(r, 'newborn_id', id(99))),
    ];
    const { report } = await postImport(midwife, csvFile([...again, ...twice]), 'valid_only');
    expect(report.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [2, 'newborn_id', vi('birthImport.newbornIdTaken')],
      [4, 'newborn_id', vi('birthImport.newbornIdRepeated')],
    ]);
    expect(report).toMatchObject({ inserted: 1, invalid: 2 });
  });

  it('reports a row with more cells than the header without reading its values', async () => {
    const row = csvRowsOf({ id: id(51) })[0]!;
    const file = `${BIRTH_CSV_HEADER}\n${[...row, 'extra'].join(',')}\n`;
    const { report } = await postImport(midwife, file, 'valid_only');
    expect(report.issues).toEqual([
      {
        row: 2,
        column: '',
        birthId: id(51),
        message: vi('birthImport.columnCount', { count: row.length + 1, expected: row.length }),
      },
    ]);
  });
});

describe('POST /api/births/import: files that cannot be read', () => {
  it('answers 400 before streaming when the file is not UTF-8 (Windows-1258 / Latin-1) and writes nothing', async () => {
    const row = csvRowsOf({ id: id(61), overrides: { mother: { name: 'Nguyễn Thị Hà' } } })[0]!;
    const latin1 = Buffer.from(csvFile([withCell(row, 'mother_name', 'Hélène Đặng')]), 'latin1');
    const offset = latin1.indexOf(0xe9); // the é: the byte count before it, as an editor shows it
    const res = await midwife.request({
      method: 'POST',
      url: '/api/births/import',
      payload: latin1,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      message: vi('birthImport.notUtf8', { line: 2, offset }),
      issues: [{ path: 'file', message: vi('birthImport.notUtf8', { line: 2, offset }) }],
    });
    expect(res.json().message).toContain('CSV UTF-8');
    expect(await countRows(t.db, 'births')).toBe(0);
  });

  it('stops with the line and byte when bytes that are not UTF-8 come late: nothing written, or in valid_only every birth before it', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => csvRowsOf({ id: id(1000 + i) })[0]!);
    const head = Buffer.from(csvFile(rows));
    const bad = Buffer.from(
      `${csvRowsOf({ id: id(2000) })[0]!
        .join(',')
        .replace('SB-2026-0001', 'SB-\xe9')}\r\n`,
      'latin1',
    );
    expect(head.length).toBeGreaterThan(70 * 1024);
    // Sent in 16 KB pieces, as a network delivers it: the first 64 KB are checked before answering.
    const body = Buffer.concat([head, bad]);
    const pieces = Array.from({ length: Math.ceil(body.length / 16384) }, (_, i) =>
      body.subarray(i * 16384, (i + 1) * 16384),
    );
    const fatal = {
      code: 'validation_failed',
      line: 402,
      message: vi('birthImport.notUtf8', { line: 402, offset: head.length + bad.indexOf(0xe9) }),
    };
    const { report } = await postImport(midwife, Readable.from(pieces), 'all_or_nothing');
    expect(report.fatal).toEqual(fatal);
    expect(report).toMatchObject({ committed: false, inserted: 0 });
    expect(await countRows(t.db, 'births')).toBe(0);
    // The rows of the piece holding the bad byte, before it, are kept too (they were silently dropped).
    const some = await postImport(midwife, Readable.from(pieces), 'valid_only');
    expect(some.report.fatal).toEqual(fatal);
    // The last birth before it might have had more rows on the broken line: reported, not written.
    expect(some.report).toMatchObject({ committed: true, rows: 400, inserted: 399, invalid: 1 });
    expect(some.report.issues).toEqual([
      { row: 401, column: '', birthId: id(1399), message: vi('birthImport.cutOff', { line: 402 }) },
    ]);
    expect(await countRows(t.db, 'births')).toBe(399);
  });

  it('answers 400 for broken quoting in the first data row', async () => {
    const row = csvRowsOf({ id: id(71) })[0]!;
    const text = `${BIRTH_CSV_HEADER}\n${row.join(',').replace('SB-2026-0001', '"SB-"2026')}\n`;
    const res = await midwife.post('/api/births/import', text, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(vi('birthImport.badQuote', { line: 2 }));
  });

  it('stops at broken quoting further down: nothing written in all_or_nothing, births before it kept in valid_only', async () => {
    const good = [id(81), id(82), id(83)].flatMap((x, i) =>
      csvRowsOf({ id: x, overrides: { mother: { recordNumber: `Q-${i}` } } }),
    );
    const broken = csvRowsOf({ id: id(84) })[0]!
      .join(',')
      .replace('SB-2026-0001', '"unterminated');
    const after = csvRowsOf({ id: id(85) });
    const text = `${csvFile(good)}${broken}\r\n${csvFile(after).split('\r\n').slice(1).join('\r\n')}`;
    const all = await postImport(midwife, text, 'all_or_nothing');
    expect(all.report.fatal).toEqual({
      code: 'validation_failed',
      line: 5,
      message: vi('birthImport.quoteNotClosed', { line: 5 }),
    });
    expect(all.report).toMatchObject({ committed: false, inserted: 0 });
    expect(await countRows(t.db, 'births')).toBe(0);
    const some = await postImport(midwife, text, 'valid_only');
    // The birth being read when the file broke (83) may have had more rows: it is not written either.
    expect(some.report).toMatchObject({ inserted: 2, rows: 3 });
    expect((await t.db.query<{ id: string }>('select id from births order by id')).map((r) => r.id)).toEqual([
      id(81),
      id(82),
    ]);
  });

  it.each([
    [
      'a missing required column',
      BIRTH_CSV_HEADER.replace(',sex', ''),
      vi('import.missingColumns', { columns: 'sex' }),
    ],
    [
      'an unknown column',
      BIRTH_CSV_HEADER.replace('birth_weight_grams', 'birth_weigth'),
      vi('import.unknownColumns', { columns: 'birth_weigth' }),
    ],
    ['a column twice', `${BIRTH_CSV_HEADER},sex`, vi('birthImport.duplicateColumn', { column: 'sex' })],
  ])('answers 400 for %s in the header', async (_name, header, message) => {
    const row = csvRowsOf({ id: id(91) })[0]!;
    const res = await midwife.post('/api/births/import', `${header}\n${row.join(',')}\n`, {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', message });
  });

  it.each([
    ['an empty body', ''],
    ['only the template header', `\uFEFF${BIRTH_CSV_HEADER}\r\n`],
    ['blank lines under the header', `${BIRTH_CSV_HEADER}\n\n,,,\n`],
  ])('answers 400 "no data rows" for %s', async (_name, text) => {
    const res = await midwife.post('/api/births/import', text, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(vi('import.emptyFile'));
  });

  it('answers 400 "not UTF-8" for binary garbage', async () => {
    const res = await midwife.request({
      method: 'POST',
      url: '/api/births/import',
      payload: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x0a]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(vi('birthImport.notUtf8', { line: 1, offset: 0 }));
  });

  it('stops a file larger than the limit with "too large" (checked while streaming)', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => csvRowsOf({ id: id(3000 + i) })[0]!);
    const job = await openBirthImport(t.deps, null, Readable.from([Buffer.from(csvFile(rows))]), {
      mode: 'valid_only',
      via: 'cli',
      maxBytes: 4000,
    }).catch((e: unknown) => e);
    // 4,000 bytes are within the first chunk read before answering: a normal 413.
    expect(job).toMatchObject({ code: 'payload_too_large', message: 'birthImport.tooLarge' });
  });
});

describe('POST /api/births/import: fuzzed bodies', () => {
  it('answers every malformed file with a 4xx or a report in the standard shapes, never a 500', async () => {
    const rng = createRng(20260310);
    const pick = (s: string) => s[Math.floor(rng() * s.length)]!;
    const valid = csvRowsOf({ id: id(7000) })[0]!.join(',');
    const bodies: Array<string | Buffer> = [];
    for (let k = 0; k < 40; k++) {
      const kind = k % 4;
      if (kind === 0)
        bodies.push(
          Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 3000) }, () => Math.floor(rng() * 256))),
        );
      else if (kind === 1)
        bodies.push(
          Array.from({ length: 1 + Math.floor(rng() * 3000) }, () => pick('ab,"\n\r ;\t=1')).join(''),
        );
      else {
        // A valid header, then a valid row with characters of CSV syntax sprayed into it.
        const row = [...valid].map((c) => (rng() < 0.03 ? pick('",\n\r\'') : c)).join('');
        bodies.push(`${BIRTH_CSV_HEADER}\n${row}\n${kind === 3 ? row : ''}`);
      }
    }
    for (const body of bodies) {
      const res = await midwife.request({
        method: 'POST',
        url: '/api/births/import?mode=valid_only',
        payload: body,
        headers: { 'content-type': 'text/csv' },
      });
      expect([200, 400, 413, 415], res.body.slice(0, 300)).toContain(res.statusCode);
      if (res.statusCode === 200) expect(parseNdjson(res.body).at(-1)).toMatchObject({ type: 'report' });
      else
        expect(res.json()).toMatchObject({
          code: expect.any(String),
          message: expect.any(String),
          issues: expect.any(Array),
        });
    }
  });
});

describe('POST /api/births/import: a client that goes away', () => {
  it('stops and writes nothing (all_or_nothing) when the upload is cut off, and the server keeps serving', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const rows = Array.from({ length: 400 }, (_, i) => csvRowsOf({ id: id(5000 + i) })[0]!);
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/births/import?mode=all_or_nothing',
      headers: {
        'content-type': 'text/csv',
        'transfer-encoding': 'chunked',
        cookie: midwife.cookie!,
        'x-csrf-token': midwife.csrfToken!,
      },
    });
    req.on('error', () => {});
    const answered = new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    req.write(csvFile(rows));
    // The progress stream has started (the first 64 KB were read); now the client disappears.
    const res = await answered;
    expect(res.statusCode).toBe(200);
    res.on('error', () => {});
    req.destroy();
    let audit: { details: Record<string, unknown> } | undefined;
    for (let i = 0; i < 100 && !audit; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [audit] = await t.db.query<{ details: Record<string, unknown> }>(
        "select details from audit_log where action = 'import' and details->>'fatal' = 'birthImport.aborted'",
      );
    }
    expect(audit?.details).toMatchObject({ committed: false, inserted: 0, mode: 'all_or_nothing' });
    expect(await countRows(t.db, 'births')).toBe(0);
    expect((await midwife.get('/api/health')).statusCode).toBe(200);
  });
});

describe('POST /api/births/import: bad requests', () => {
  const good = () => csvOf({ id: id(101) });

  it.each([
    ['mode=everything', 400, 'validation_failed'],
    ['mode=valid_only&x=1', 400, 'validation_failed'],
  ])('answers %s with %i', async (query, status, code) => {
    const res = await midwife.post(`/api/births/import?${query}`, good(), { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });

  it('answers 413 when the announced size is above the limit, before reading the body', async () => {
    const res = await midwife.post('/api/births/import', good(), {
      'content-type': 'text/csv',
      'content-length': String(600 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      code: 'payload_too_large',
      message: vi('birthImport.tooLarge', { limit: '512 MB' }),
    });
  });

  it('answers 415 for JSON and for multipart bodies', async () => {
    const json = await midwife.post('/api/births/import', { rows: [] });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    const multipart = await midwife.post('/api/births/import', '--x\r\n\r\n--x--', {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(multipart.statusCode).toBe(415);
  });

  it('answers 403 without the CSRF token, 403 for roles without record.write, 401 when anonymous', async () => {
    const noCsrf = await midwife.request({
      method: 'POST',
      url: '/api/births/import',
      payload: good(),
      headers: { 'content-type': 'text/csv' },
      csrf: false,
    });
    expect(noCsrf.json().code).toBe('csrf_failed');
    for (const user of ['province.dn', 'coach.dn', 'pnc.hc1', 'admin'])
      expect((await postImport(await t.login(user), good())).json).toMatchObject({ code: 'forbidden' });
    expect((await postImport(t.anonymous(), good())).status).toBe(401);
    expect(await countRows(t.db, 'births')).toBe(0);
  });

  it('lets a clinician of another facility write nothing at this one (scope is per row)', async () => {
    const nurse = await t.login('nurse.hc');
    const { report } = await postImport(nurse, good(), 'valid_only');
    expect(report.issues).toEqual([
      {
        row: 2,
        column: 'facility_code',
        birthId: id(101),
        message: vi('birthImport.facilityOutOfScope', { code: 'VN-DN-H01' }),
      },
    ]);
    expect(await countRows(t.db, 'births')).toBe(0);
  });
});
