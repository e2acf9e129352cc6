import { describe, expect, it } from 'vitest';
import type { BirthInput } from '../../../shared/births/birth.schema';
import { buildFullBirth } from '../../../shared/births/birth-builders';
import { BIRTH_FIELDS } from '../../../shared/births/birth-fields';
import { NEWBORN_FIELDS } from '../../../shared/births/newborn-fields';
import { deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import { birthToInput } from '../../../shared/births/birth-to-input';
import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import type { BulkColumn } from '../../db/bulk-insert';
import {
  BIRTH_COLUMNS,
  BIRTH_UPDATE_COLUMNS,
  type BirthRecordRow,
  buildBirthRow,
  buildNewbornRow,
  derivedColumns,
  NEWBORN_DERIVED_COLUMNS,
  NEWBORN_COLUMNS,
  type NewbornRow,
  toBirthDocument,
} from './births.rows';

const BIRTH_ID = '6f1c2a4e-3b5d-4c7e-9a8b-1c2d3e4f5a6b';
const FACILITY_ID = '00000000-0000-4000-8000-00000000f001';
const USER_ID = '00000000-0000-4000-8000-0000000000a1';
const NOW = new Date('2026-03-14T08:00:00.000Z');
const BIRTH_DATE = '2026-03-10';
const timing = (input: BirthInput) => ({
  date: BIRTH_DATE,
  bornAt: input.delivery.bornAt,
  timeZone: 'Asia/Ho_Chi_Minh',
});

function rowsOf(input: BirthInput) {
  const birth = buildBirthRow({
    input,
    id: BIRTH_ID,
    facilityId: FACILITY_ID,
    birthDate: BIRTH_DATE,
    flags: deliveryFlags(input.delivery, DEFAULT_EENC_SETTINGS),
    now: NOW,
    actorId: USER_ID,
  });
  const newborns = input.newborns.map((n) =>
    buildNewbornRow({
      input: n,
      id: n.id!,
      derived: deriveNewborn(n, input.delivery, DEFAULT_EENC_SETTINGS, timing(input)),
      birthId: BIRTH_ID,
      facilityId: FACILITY_ID,
      birthDate: BIRTH_DATE,
      membranesRupturedOver18h: input.delivery.membranesRupturedOver18h,
      maternalFeverInLabour: input.delivery.maternalFeverInLabour,
    }),
  );
  return { birth, newborns };
}

/** A value as PostgreSQL returns it after `insertMany` wrote it (jsonb and arrays travel as text). */
function asRead(column: BulkColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.type === 'jsonb') return JSON.parse(value as string);
  if (column.type === 'text[]') {
    const inner = (value as string).slice(1, -1);
    return inner === '' ? [] : inner.split(',');
  }
  if (column.type === 'timestamptz') return new Date(value as string | Date);
  return value;
}

function readRow(columns: readonly BulkColumn[], row: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c, i) => [c.name, asRead(c, row[i])]));
}

function storedDocument(input: BirthInput, showPersonal = true) {
  const { birth, newborns } = rowsOf(input);
  const birthRow = {
    ...readRow(BIRTH_COLUMNS, birth),
    facility_name: 'Hospital',
    facility_path: '/r/vn/h/',
    facility_timezone: 'Asia/Ho_Chi_Minh',
    commune_name: 'Commune',
    version: 3,
    created_by_name: 'midwife',
    updated_by_name: 'midwife',
  } as BirthRecordRow;
  const newbornRows = newborns.map((n) => readRow(NEWBORN_COLUMNS, n) as NewbornRow);
  return toBirthDocument(birthRow, newbornRows, showPersonal);
}

describe('the rows of a birth, made from the field tables', () => {
  it('has one column per table entry, with unique names, and rows as wide as the column lists', () => {
    expect(BIRTH_COLUMNS.map((c) => c.name)).toEqual(BIRTH_FIELDS.map((f) => f.column));
    expect(NEWBORN_COLUMNS.map((c) => c.name)).toEqual(NEWBORN_FIELDS.map((f) => f.column));
    expect(new Set(BIRTH_COLUMNS.map((c) => c.name)).size).toBe(BIRTH_COLUMNS.length);
    expect(new Set(NEWBORN_COLUMNS.map((c) => c.name)).size).toBe(NEWBORN_COLUMNS.length);
    const { birth, newborns } = rowsOf(buildFullBirth());
    expect(birth).toHaveLength(BIRTH_COLUMNS.length);
    for (const n of newborns) expect(n).toHaveLength(NEWBORN_COLUMNS.length);
  });

  it('puts each value in its own column', () => {
    const input = buildFullBirth();
    const { birth, newborns } = rowsOf(input);
    const b = readRow(BIRTH_COLUMNS, birth);
    expect(b).toMatchObject({
      id: BIRTH_ID,
      facility_id: FACILITY_ID,
      born_at: new Date('2026-03-09T19:15:00.000Z'),
      birth_date: BIRTH_DATE,
      mother_age: 31,
      mother_birth_year: 1995,
      mother_parity: 2,
      uterotonic_minutes: 1.5,
      created_at: NOW,
      created_by: USER_ID,
      updated_by: USER_ID,
    });
    const twin = readRow(NEWBORN_COLUMNS, newborns[1]!);
    expect(twin).toMatchObject({
      id: '22222222-2222-4222-8222-222222222222',
      birth_id: BIRTH_ID,
      birth_order: 2,
      birth_weight_grams: 2450,
      bag_mask_started_seconds: 45,
      discharge_date: '2026-03-13',
      discharge_status: 'referred',
      discharge_exclusive_bf: null,
      weight_band: 'lbw',
    });
  });

  it('reads back to the document it was written from: input → rows → read rows → API document → input', () => {
    const input = buildFullBirth();
    const doc = storedDocument(input);
    const { id: _id, ...rest } = input;
    expect(birthToInput(doc)).toEqual({
      ...rest,
      delivery: { ...rest.delivery, bornAt: '2026-03-09T19:15:00.000Z' },
    });
    expect(doc).toMatchObject({
      id: BIRTH_ID,
      facilityName: 'Hospital',
      birthDate: BIRTH_DATE,
      personalDataHidden: false,
      version: 3,
      createdAt: NOW.toISOString(),
      createdBy: 'midwife',
      mother: { communeName: 'Commune', name: 'Nguyễn Thị "Lan", Hà' },
    });
    expect(doc.newborns[1]!.derived).toEqual(
      deriveNewborn(input.newborns[1]!, input.delivery, DEFAULT_EENC_SETTINGS, timing(input)),
    );
  });

  it('hides name and phone from readers who may not see them, and says so', () => {
    const doc = storedDocument(buildFullBirth(), false);
    expect(doc.mother).toMatchObject({ name: null, phone: null, recordNumber: 'SB-2026-0042' });
    expect(doc.personalDataHidden).toBe(true);
  });

  it('gives no discharge when the row has none, and all five procedures when the row names fewer', () => {
    const input = buildFullBirth();
    const { birth, newborns } = rowsOf(input);
    const row = readRow(NEWBORN_COLUMNS, newborns[0]!);
    row.discharge_date = null;
    row.discharge_status = null;
    row.procedures = { weighing: { done: true, minutes: 100 } };
    const doc = toBirthDocument(
      { ...readRow(BIRTH_COLUMNS, birth), version: 1 } as BirthRecordRow,
      [row as NewbornRow],
      true,
    );
    expect(doc.newborns[0]!.discharge).toBeNull();
    expect(doc.newborns[0]!.procedures).toEqual({
      weighing: { done: true, minutes: 100 },
      eyeCare: null,
      vitaminK: null,
      hepatitisB: null,
      bath: null,
    });
  });

  it('rewrites every column on update except the creation metadata', () => {
    expect(BIRTH_UPDATE_COLUMNS.map((c) => c.column.name)).not.toContain('created_at');
    expect(BIRTH_UPDATE_COLUMNS.map((c) => c.column.name).sort()).toEqual(
      BIRTH_COLUMNS.map((c) => c.name)
        .filter((n) => !['id', 'created_at', 'created_by'].includes(n))
        .sort(),
    );
    for (const { column, index } of BIRTH_UPDATE_COLUMNS) expect(BIRTH_COLUMNS[index]).toEqual(column);
  });

  it('gives the derived columns in the order the threshold recomputation writes them', () => {
    const input = buildFullBirth();
    const d = deriveNewborn(input.newborns[1]!, input.delivery, DEFAULT_EENC_SETTINGS, timing(input));
    const row = buildNewbornRow({
      input: input.newborns[1]!,
      id: input.newborns[1]!.id!,
      derived: d,
      birthId: BIRTH_ID,
      facilityId: FACILITY_ID,
      birthDate: BIRTH_DATE,
      membranesRupturedOver18h: input.delivery.membranesRupturedOver18h,
      maternalFeverInLabour: input.delivery.maternalFeverInLabour,
    });
    // The update of the derived columns is made from the same table: each value lands in its column.
    const names = NEWBORN_DERIVED_COLUMNS.map((c) => c.name);
    expect(names).toContain('kmc_eligible');
    expect(derivedColumns(d)).toEqual(names.map((n) => row[NEWBORN_COLUMNS.findIndex((c) => c.name === n)]));
  });
});
