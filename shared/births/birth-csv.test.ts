import { describe, expect, it } from 'vitest';
import { type BirthInput, BirthInputSchema } from './birth.schema';
import { buildBirthRaw, buildFullBirth } from './birth-builders';
import {
  type BirthCsvSource,
  birthToCsvCells,
  type CsvHeader,
  draftFromCsvRows,
  issueAt,
  readCsvHeader,
} from './birth-csv';
import { BIRTH_CSV_COLUMN_NAMES, BIRTH_CSV_COLUMNS } from './birth-csv-columns';
import { toCsvRecords } from '../csv/csv-writer';

const BIRTH_ID = '6f1c2a4e-3b5d-4c7e-9a8b-1c2d3e4f5a6b';
const FACILITY_ID = '00000000-0000-4000-8000-00000000f001';
const COMMUNE_ID = '00000000-0000-4000-8000-00000000c001';
const header = readCsvHeader(BIRTH_CSV_COLUMN_NAMES).header!;
const col = (name: string) => BIRTH_CSV_COLUMN_NAMES.indexOf(name);

function sourceOf(b: BirthInput): BirthCsvSource {
  return {
    id: b.id!,
    facilityCode: 'VN-DN-H01',
    communeCode: b.mother.communeId ? 'VN-DN-HC-C01' : null,
    timeZone: 'Asia/Ho_Chi_Minh',
    input: { ...b, newborns: b.newborns.map((n) => ({ ...n, id: n.id! })) },
  };
}

/** Rows → document with the codes resolved the way the importer does. */
function documentOf(rows: string[][], h: CsvHeader = header) {
  const draft = draftFromCsvRows(
    h,
    rows.map((cells, i) => ({ row: i + 2, cells })),
  );
  const input = draft.input as unknown as Record<string, unknown> & { mother: Record<string, unknown> };
  input.facilityId = FACILITY_ID;
  if (draft.communeCode) input.mother.communeId = COMMUNE_ID;
  input.newborns = (input.newborns as Array<Record<string, unknown>>).map((n, i) =>
    draft.newbornIds[i] ? { ...n, id: draft.newbornIds[i] } : n,
  );
  return { draft, parsed: BirthInputSchema.safeParse(input) };
}

describe('the column list', () => {
  it('has unique names and a description in English and Vietnamese for each column', () => {
    expect(new Set(BIRTH_CSV_COLUMN_NAMES).size).toBe(BIRTH_CSV_COLUMNS.length);
    for (const c of BIRTH_CSV_COLUMNS) {
      expect(c.en.length, c.name).toBeGreaterThan(10);
      expect(c.vi.length, c.name).toBeGreaterThan(10);
    }
  });

  it('flattens every field of the birth document into a column', () => {
    const leaves = new Set<string>();
    const walk = (v: unknown, p: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}.${i}`));
      else if (v && typeof v === 'object' && !/deviationReasons$/.test(p))
        for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
      else leaves.add(p.replace(/^newborns\.\d+\./, 'newborn:'));
    };
    walk(buildFullBirth(), '');
    const columns = new Set(
      BIRTH_CSV_COLUMNS.map((c) => (c.level === 'newborn' ? `newborn:${c.path}` : c.path)),
    );
    // A null group (a procedure not recorded) is covered by the columns of its fields.
    const covered = (l: string) => columns.has(l) || [...columns].some((c) => c.startsWith(`${l}.`));
    expect([...leaves].filter((l) => !covered(l))).toEqual([]);
    expect(leaves.size).toBeGreaterThan(40);
  });
});

describe('readCsvHeader', () => {
  it('matches names case-insensitively and in any order', () => {
    const names = [...BIRTH_CSV_COLUMN_NAMES].reverse().map((n) => ` ${n.toUpperCase()} `);
    const { header: h, problems } = readCsvHeader(names);
    expect(problems).toEqual([]);
    expect(h!.indexes[col('birth_id')]).toBe(names.length - 1);
  });

  it.each([
    [
      ['birth_id', 'facility_code'],
      'import.missingColumns',
      { columns: 'record_number, born_at, delivery_mode, baby_count, birth_order, sex, outcome' },
    ],
    [[...BIRTH_CSV_COLUMN_NAMES, 'weight'], 'import.unknownColumns', { columns: 'weight' }],
    [[...BIRTH_CSV_COLUMN_NAMES, 'SEX'], 'birthImport.duplicateColumn', { column: 'sex' }],
  ])('reports %j as %s', (names, message, params) => {
    const { header: h, problems } = readCsvHeader(names);
    expect(h).toBeUndefined();
    expect(problems).toEqual([{ message, params }]);
  });
});

describe('document → rows → document', () => {
  it('gives back the same document for a birth with every field filled', () => {
    const birth = buildFullBirth();
    const rows = birthToCsvCells(sourceOf(birth));
    expect(rows).toHaveLength(2);
    const { draft, parsed } = documentOf(rows);
    expect(draft.issues).toEqual([]);
    expect(parsed.success && parsed.data).toEqual(birth);
  });

  it('writes one row per newborn with the delivery columns repeated, as the documentation says', () => {
    const rows = birthToCsvCells(sourceOf(buildFullBirth()));
    const birthLevel = BIRTH_CSV_COLUMNS.filter((c) => c.level === 'birth').map((c) => col(c.name));
    expect(birthLevel.map((i) => rows[1]![i])).toEqual(birthLevel.map((i) => rows[0]![i]));
    expect(rows[0]![col('born_at')]).toBe('2026-03-10T02:15:00+07:00');
    expect(rows[0]![col('eye_care_done')]).toBe('false');
    expect(rows[0]![col('eye_care_minutes')]).toBe('');
    expect(rows[0]![col('bath_minutes')]).toBe('1500');
    expect(rows[0]![col('delivery_deviation_reasons')]).toBe('{"uterotonic_late":"bleeding, then given"}');
    expect(rows[1]![col('discharge_exclusive_bf')]).toBe('');
    expect(rows[1]![col('resuscitation_outcome')]).toBe('breathing');
  });

  it('quotes cells with commas, quotes and line breaks, and guards text that a spreadsheet would run as a formula', () => {
    const birth = buildFullBirth();
    birth.mother.name = '=cmd|"/C calc"!A0';
    const [row] = birthToCsvCells(sourceOf(birth));
    expect(row![col('mother_name')]).toBe(`'=cmd|"/C calc"!A0`);
    expect(toCsvRecords([['a', 'b,c', 'say "hi"', 'x\ny', ' pad']])).toBe(
      'a,"b,c","say ""hi""","x\ny"," pad"\r\n',
    );
    const { parsed } = documentOf(birthToCsvCells(sourceOf(birth)));
    expect(parsed.success && parsed.data.mother.name).toBe('=cmd|"/C calc"!A0');
  });

  it('reads a procedure time without its done column as done, and both empty as not recorded', () => {
    let [row] = birthToCsvCells(
      sourceOf(BirthInputSchema.parse({ ...buildBirthRaw(), id: BIRTH_ID, facilityId: FACILITY_ID })),
    );
    row = [...row!];
    row[col('vitamin_k_done')] = '';
    row[col('vitamin_k_minutes')] = '95';
    row[col('hepatitis_b_done')] = '';
    row[col('hepatitis_b_minutes')] = '';
    const { parsed } = documentOf([row]);
    expect(parsed.success && parsed.data.newborns[0]!.procedures).toMatchObject({
      vitaminK: { done: true, minutes: 95 },
      hepatitisB: null,
    });
  });
});

describe('cells', () => {
  const oneRow = (column: string, text: string) => {
    const [row] = birthToCsvCells(
      sourceOf(BirthInputSchema.parse({ ...buildBirthRaw(), id: BIRTH_ID, facilityId: FACILITY_ID })),
    );
    const copy = [...row!];
    copy[col(column)] = text;
    return documentOf([copy]);
  };

  it.each([
    ['birth_weight_grams', ' 3250 ', 'newborns.0.birthWeightGrams', 3250],
    ['ssc_duration_minutes', '62.5', 'newborns.0.sscDurationMinutes', 62.5],
    ['breathing_at_birth', 'No', 'newborns.0.breathingAtBirth', false],
    ['mother_ethnic_minority', 'có', 'mother.ethnicMinority', true],
    ['sex', 'MALE', 'newborns.0.sex', 'male'],
    ['born_at', '2026-03-09T21:05:00Z', 'delivery.bornAt', '2026-03-09T21:05:00Z'],
    ['apgar5', '', 'newborns.0.apgar5', null],
  ])('reads %s "%s" as %s = %j', (column, text, path, expected) => {
    const { draft, parsed } = oneRow(column, text);
    expect(draft.issues).toEqual([]);
    const value = path
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], parsed.success ? parsed.data : {});
    expect(value).toEqual(expected);
  });

  it('keeps a born_at without offset as local time, to be placed in the facility time zone', () => {
    const { draft } = oneRow('born_at', '2026-03-09 21:05');
    expect(draft.issues).toEqual([]);
    expect(draft.bornAtLocal).toBe('2026-03-09T21:05:00');
  });

  it.each([
    ['birth_weight_grams', '3.2 kg', 'birthImport.notAnInteger'],
    ['birth_weight_grams', '3250.5', 'birthImport.notAnInteger'],
    ['ssc_duration_minutes', '1,5', 'birthImport.notANumber'],
    ['breathing_at_birth', 'maybe', 'birthImport.notABoolean'],
    ['outcome', 'alive', 'birthImport.badOption'],
    ['born_at', '10/03/2026 02:15', 'birthImport.badDateTime'],
    ['discharge_date', '12/03/2026', 'birthImport.badDate'],
    ['newborn_id', 'not-a-uuid', 'birthImport.badUuid'],
    ['newborn_deviation_reasons', '{"ssc_short": 5}', 'birthImport.badJson'],
    ['newborn_deviation_reasons', '[1]', 'birthImport.badJson'],
    ['sex', '', 'birthImport.required'],
  ])('reports %s "%s" as %s on that cell', (column, text, message) => {
    const { draft } = oneRow(column, text);
    expect(draft.issues).toEqual([expect.objectContaining({ row: 2, column, message })]);
  });
});

describe('issueAt', () => {
  const draft = { rows: [7, 8] };
  it.each([
    ['newborns.1.birthWeightGrams', 8, 'birth_weight_grams'],
    ['newborns.0.procedures.eyeCare.minutes', 7, 'eye_care_minutes'],
    ['newborns.1.procedures.vitaminK', 8, 'vitamin_k_done'],
    ['newborns.1.discharge.status', 8, 'discharge_status'],
    ['newborns.0.discharge', 7, 'discharge_date'],
    ['newborns.0.deviationReasons.ssc_short', 7, 'newborn_deviation_reasons'],
    ['delivery.babyCount', 7, 'baby_count'],
    ['mother.communeId', 7, 'commune_code'],
    ['facilityId', 7, 'facility_code'],
    ['newborns', 7, ''],
    ['newborns.5.sex', 7, 'sex'],
  ])('places %s on row %i, column %s', (path, row, column) => {
    expect(issueAt(draft, path, 'm')).toEqual({ row, column, message: 'm' });
  });
});
