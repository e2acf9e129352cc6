import type { BirthInputRaw } from '../../../shared/births/birth.schema';
import { BirthInputSchema } from '../../../shared/births/birth.schema';
import { birthToCsvCells } from '../../../shared/births/birth-csv';
import { toCsvRecords } from '../../../shared/csv/csv-writer';
import { BIRTH_CSV_COLUMN_NAMES, BIRTH_CSV_HEADER } from '../../../shared/births/birth-csv-columns';
import type { BirthImportEvent, BirthImportReport } from '../../../shared/births/birth-import.schema';
import { buildBirthRaw, buildNewbornRaw, NO_CARE_AFTER_BIRTH } from '../../../shared/births/birth-builders';
import type { TestClient } from '../../test/test-app';

/** Test-only helpers of the birth import: CSV files from builder births, and the NDJSON answer read back. */

export type CsvBirth = {
  id: string;
  facilityCode?: string;
  communeCode?: string | null;
  timeZone?: string;
  overrides?: Parameters<typeof buildBirthRaw>[0];
};

/** The CSV rows of a builder birth (one per newborn); newborn_id left empty unless the builder sets one. */
export function csvRowsOf(b: CsvBirth): string[][] {
  const input = BirthInputSchema.parse({
    ...buildBirthRaw(b.overrides),
    facilityId: '00000000-0000-4000-8000-00000000f001',
  } satisfies BirthInputRaw);
  return birthToCsvCells({
    id: b.id,
    facilityCode: b.facilityCode ?? 'VN-DN-H01',
    communeCode: b.communeCode ?? null,
    timeZone: b.timeZone ?? 'Asia/Ho_Chi_Minh',
    input: { ...input, newborns: input.newborns.map((n) => ({ ...n, id: n.id ?? '' })) },
  });
}

export function csvFile(rows: ReadonlyArray<readonly string[]>, header = BIRTH_CSV_HEADER): string {
  return `${header}\r\n${toCsvRecords(rows, { guardText: false })}`;
}

export function csvOf(...births: CsvBirth[]): string {
  return csvFile(births.flatMap(csvRowsOf));
}

/** Sets one column of a row (by name) and returns the row. */
export function withCell(row: string[], column: string, value: string): string[] {
  const i = BIRTH_CSV_COLUMN_NAMES.indexOf(column);
  if (i < 0) throw new Error(`no column ${column}`);
  const copy = [...row];
  copy[i] = value;
  return copy;
}

/** The n-th birth id of the import tests, legible in a failing report (`…-000000000012`). */
export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * A fresh stillbirth as a midwife would record it: Apgar 0, not breathing, no skin-to-skin or
 * breastfeed, weighed only. `overrides` put back what a test needs wrong.
 */
export const stillbirthRaw = (overrides: Parameters<typeof buildNewbornRaw>[0] = {}) =>
  buildNewbornRaw({
    outcome: 'fresh_stillbirth',
    ...NO_CARE_AFTER_BIRTH,
    breathingAtBirth: false,
    procedures: {
      weighing: { done: true, minutes: 10 },
      eyeCare: null,
      vitaminK: null,
      hepatitisB: null,
      bath: null,
    },
    ...overrides,
  });

export const twins = (overrides: Parameters<typeof buildBirthRaw>[0] = {}) => ({
  ...overrides,
  delivery: { babyCount: 2, ...overrides.delivery },
  newborns: [
    buildNewbornRaw({ birthOrder: 1 }),
    buildNewbornRaw({ birthOrder: 2, sex: 'male', birthWeightGrams: 2600 }),
  ],
});

export function parseNdjson(body: string): BirthImportEvent[] {
  return body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as BirthImportEvent);
}

export type ImportAnswer = {
  status: number;
  events: BirthImportEvent[];
  report: BirthImportReport;
  json: unknown;
};

export async function postImport(
  client: TestClient,
  body: string | Buffer | NodeJS.ReadableStream,
  mode: 'all_or_nothing' | 'valid_only' = 'all_or_nothing',
  headers: Record<string, string> = {},
): Promise<ImportAnswer> {
  const res = await client.request({
    method: 'POST',
    url: `/api/births/import?mode=${mode}`,
    payload: body,
    headers: { 'content-type': 'text/csv', ...headers },
  });
  if (res.statusCode !== 200 || !res.headers['content-type']?.toString().startsWith('application/x-ndjson')) {
    return { status: res.statusCode, events: [], report: undefined as never, json: res.json() };
  }
  const events = parseNdjson(res.body);
  const report = events.at(-1) as BirthImportReport;
  if (report?.type !== 'report') throw new Error(`no report line in ${res.body.slice(-500)}`);
  return { status: res.statusCode, events, report, json: null };
}
