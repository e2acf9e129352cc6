import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { translate } from '../../../shared/i18n/messages';
import { deleteAllBirths } from '../../test/delete-all-births';
import { useLogin, useTestApp } from '../../test/test-app';
import { countRows } from '../../test/api-helpers';
import { csvFile, csvRowsOf, postImport, withCell, id } from './import-test-helpers';

/** Rows that pass every check of the file but used to fail in the database, long lines, old dates. */

const vi = (key: string, params?: Record<string, unknown>) => translate('vi', key, params);

const t = useTestApp();
const midwife = useLogin(t, 'midwife.dn');

const rowOf = (n: number) => csvRowsOf({ id: id(n), overrides: { mother: { recordNumber: `L-${n}` } } })[0]!;

beforeEach(async () => {
  await deleteAllBirths(t.db);
});

describe('POST /api/births/import: dates before the register', () => {
  const old = csvFile([
    withCell(rowOf(40_001), 'born_at', '1999-12-31 23:00'),
    withCell(rowOf(40_002), 'born_at', '1899-12-31 08:00'),
    rowOf(40_003),
  ]);

  it('refuses births before REGISTER_EARLIEST_BIRTH_DATE (2000-01-01) with the row', async () => {
    const { report } = await postImport(midwife, old, 'valid_only');
    expect(report.issues).toEqual([
      {
        row: 2,
        column: 'born_at',
        birthId: id(40_001),
        message: vi('births.bornAtTooEarly', { date: '2000-01-01' }),
      },
      {
        row: 3,
        column: 'born_at',
        birthId: id(40_002),
        message: vi('births.bornAtTooEarly', { date: '2000-01-01' }),
      },
    ]);
    expect(report.inserted).toBe(1);
  });

  it('accepts them with allowBefore=true, but never before 1900', async () => {
    const res = await midwife.request({
      method: 'POST',
      url: '/api/births/import?mode=valid_only&allowBefore=true',
      payload: old,
      headers: { 'content-type': 'text/csv' },
    });
    const report = JSON.parse(res.body.trim().split('\n').at(-1)!);
    expect(report.issues).toEqual([
      {
        row: 3,
        column: 'born_at',
        birthId: id(40_002),
        message: vi('births.bornAtTooEarly', { date: '1900-01-01' }),
      },
    ]);
    expect(report.inserted).toBe(2);
    const [stored] = await t.db.query<{ birth_date: string }>(
      'select birth_date::text from births where id = $1',
      [id(40_001)],
    );
    expect(stored?.birth_date).toBe('1999-12-31');
  });
});

describe('POST /api/births/import: long lines and cells', () => {
  it('stops at a line longer than 64 KB with its line number, keeps the births before it, and echoes none of it', async () => {
    const huge = withCell(rowOf(50_002), 'mother_name', 'x'.repeat(2 * 1024 * 1024));
    const text = csvFile([rowOf(50_000), rowOf(50_001), huge, rowOf(50_003)]);
    const res = await midwife.request({
      method: 'POST',
      url: '/api/births/import?mode=valid_only',
      payload: text,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.body.length).toBeLessThan(4096);
    const report = JSON.parse(res.body.trim().split('\n').at(-1)!);
    expect(report.fatal).toEqual({
      code: 'validation_failed',
      line: 4,
      message: vi('birthImport.recordTooLong', { line: 4, max: '65,536' }),
    });
    // Birth 50001 might have had more rows after it: reported on its row, not written.
    expect(report.issues).toEqual([
      { row: 3, column: '', birthId: id(50_001), message: vi('birthImport.cutOff', { line: 4 }) },
    ]);
    expect(report.inserted).toBe(1);
    expect(await countRows(t.db, 'births')).toBe(1);
  });

  it('does not echo a long cell back in the report (the birth_id is cut at 80 characters)', async () => {
    const longId = 'Z'.repeat(20_000);
    const rows = Array.from({ length: 3 }, (_, i) => [
      ...withCell(rowOf(60_000 + i), 'birth_id', longId),
      '',
    ]);
    const { report } = await postImport(midwife, Readable.from([Buffer.from(csvFile(rows))]), 'valid_only');
    expect(report.invalid).toBe(1);
    expect(report.issues.map((i) => [i.row, i.birthId])).toEqual([
      [2, `${'z'.repeat(80)}…`],
      [3, `${'z'.repeat(80)}…`],
      [4, `${'z'.repeat(80)}…`],
    ]);
    expect(JSON.stringify(report).length).toBeLessThan(4096);
  });
});

// Last: 2,500 births make the next test's cleanup slow on PGlite.
describe('POST /api/births/import: rows the database would refuse', () => {
  it('valid_only: a NUL character and a birth in year 1 are row errors; the 2,500 other births are written', async () => {
    const rows = [
      ...Array.from({ length: 1500 }, (_, i) => rowOf(10_000 + i)),
      withCell(rowOf(20_000), 'mother_name', 'Lan\0Hà'),
      withCell(rowOf(20_001), 'born_at', '0001-01-01 08:00'),
      withCell(rowOf(20_002), 'newborn_deviation_reasons', '{"ssc_short":"a\\u0000b"}'),
      ...Array.from({ length: 1000 }, (_, i) => rowOf(30_000 + i)),
    ];
    // As a stream, like a real upload (an in-memory string body is checked for NUL by the app itself).
    const body = Readable.from([Buffer.from(csvFile(rows))]);
    const { report, json } = await postImport(midwife, body, 'valid_only');
    expect(json).toBeNull();
    expect(report.fatal).toBeNull();
    expect(report).toMatchObject({ births: 2503, inserted: 2500, invalid: 3, errors: 3 });
    expect(report.issues).toEqual([
      { row: 1502, column: 'mother_name', birthId: id(20_000), message: vi('birthImport.nulCharacter') },
      {
        row: 1503,
        column: 'born_at',
        birthId: id(20_001),
        message: vi('births.bornAtTooEarly', { date: '2000-01-01' }),
      },
      {
        row: 1504,
        column: 'newborn_deviation_reasons',
        birthId: id(20_002),
        message: vi('birthImport.nulCharacter'),
      },
    ]);
    expect(await countRows(t.db, 'births')).toBe(2500);
  });
});
