import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DHIS2_CSV_COLUMNS,
  type Dhis2ExportSummary,
  type Dhis2Mapping,
} from '../../../shared/dhis2/dhis2-exchange.schema';
import type { DisaggregationResponse, ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { DEMO_SEEDERS } from '../../seed/demo-seeders';
import { orgUnitIdOf } from '../../seed/demo';
import { countRows } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import {
  DEMO_DHIS2_MAPPING_ID,
  DEMO_DHIS2_ROWS,
  demoDhis2Uid,
  RMNCAH_SAMPLE,
  seedDhis2Demo,
} from './dhis2-demo.seed';
import { DN } from '../../test/demo-units';

/**
 * The demo as `npm start` seeds it (every demo seeder) can be exported to DHIS2 at once: its mapping to
 * the RMNCAH sample data set, DHIS2 uids on its units, and values equal to the dashboard's.
 */
const t = useTestApp();
const admin = useLogin(t, 'admin');
/**
 * The demo births cover the 24 whole months before the clock (2026-03-10): 2025 is a full year of them.
 * The postnatal demo follows babies born in the last days, so its counts are in 2026Q1.
 */
const YEAR = '2025';
const QUARTER = '2026Q1';
const POSTNATAL = ['ImJDnjbrh1N', 'KOpyX8sPayv', 'pCFpE0jcw6f', 'tZM3ZFIA8U9'];

const exportOf = async (period: string, format: 'json' | 'csv' = 'json') =>
  admin.get(
    `/api/dhis2/mappings/${DEMO_DHIS2_MAPPING_ID}/data-values?orgUnit=${DN}&period=${period}&format=${format}`,
  );
const summaries: Record<string, Dhis2ExportSummary> = {};

beforeAll(async () => {
  for (const seed of DEMO_SEEDERS) await seed(t.db, t.clock.now());
  for (const period of [YEAR, QUARTER]) {
    const res = await exportOf(period);
    expect(res.statusCode, res.body).toBe(200);
    summaries[period] = res.json();
  }
});

const sumsByElement = (summary: Dhis2ExportSummary) => {
  const sums = new Map<string, number>();
  for (const d of summary.dataValues)
    sums.set(d.dataElement, (sums.get(d.dataElement) ?? 0) + Number(d.value));
  return sums;
};

describe('the demo DHIS2 mapping', () => {
  it('is there on a fresh start: version 1, the RMNCAH data set, audited as created', async () => {
    const res = await admin.get('/api/dhis2/mappings');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Dhis2Mapping[] }>().items;
    expect(items.map((m) => m.id)).toEqual([DEMO_DHIS2_MAPPING_ID]);
    expect(items[0]).toMatchObject({
      version: 1,
      dataSet: { id: 'tQc4Gv2Jwco', name: 'RMNCAH', periodType: 'Monthly' },
      rows: DEMO_DHIS2_ROWS,
    });
    expect(await countRows(t.db, 'dhis2_mapping_versions')).toBe(1);
    expect(await countRows(t.db, 'audit_log', "entity_type = 'dhis2_mapping' and action = 'create'")).toBe(1);
  });

  it('seeding again adds nothing and keeps the DHIS2 uids of the units', async () => {
    const before = await t.db.query<{ code: string; dhis2_id: string }>(
      'select code, dhis2_id from org_units where dhis2_id is not null order by code',
    );
    await seedDhis2Demo(t.db, t.clock.now());
    expect(await countRows(t.db, 'dhis2_mappings')).toBe(1);
    expect(await countRows(t.db, 'dhis2_mapping_versions')).toBe(1);
    expect(await countRows(t.db, 'audit_log', "entity_type = 'dhis2_mapping' and action = 'create'")).toBe(1);
    const after = await t.db.query(
      'select code, dhis2_id from org_units where dhis2_id is not null order by code',
    );
    expect(after).toEqual(before);
    expect(before.find((u) => u.code === 'VN-DN-H01')?.dhis2_id).toBe(demoDhis2Uid('VN-DN-H01'));
  });
});

describe('exporting the demo province for a year', () => {
  it('sends every birth facility of Đà Nẵng, each month, every element and combo of the sample', async () => {
    const summary = summaries[YEAR]!;
    expect(summary.unitsWithoutDhis2Id).toEqual([]);
    expect(summary.periods).toEqual(
      Array.from({ length: 12 }, (_, i) => `${YEAR}${String(i + 1).padStart(2, '0')}`),
    );
    const facilities = await t.db.query<{ code: string }>(
      `select code from org_units where path like (select path from org_units where id = $1) || '%'
         and kind in ('facility', 'commune') and provides_births order by code`,
      [DN],
    );
    expect(facilities.length).toBeGreaterThan(1);
    expect(new Set(summary.dataValues.map((d) => d.orgUnit))).toEqual(
      new Set(facilities.map((f) => demoDhis2Uid(f.code))),
    );
    expect(summary.values).toBe(facilities.length * 12 * DEMO_DHIS2_ROWS.length);
    expect(new Set(summary.dataValues.map((d) => d.dataElement))).toEqual(
      new Set(RMNCAH_SAMPLE.dataElements.map((d) => d.id)),
    );
    expect(new Set(summary.dataValues.map((d) => d.categoryOptionCombo))).toEqual(
      new Set(RMNCAH_SAMPLE.categoryOptionCombos.map((c) => c.id)),
    );
    // The demo has births that year: the live births sent are not all zero.
    const liveBirths = summary.dataValues.filter((d) => d.dataElement === 'nnjXw0HrTwM');
    expect(liveBirths.reduce((s, d) => s + Number(d.value), 0)).toBeGreaterThan(100);
    // Every element has something to compare (a count that is zero all along would match anything):
    // the birth counts in the year, the postnatal ones in the quarter of the postnatal demo.
    const year = sumsByElement(summary);
    const quarter = sumsByElement(summaries[QUARTER]!);
    expect([...year].filter(([de, n]) => n === 0 && !POSTNATAL.includes(de))).toEqual([]);
    expect(POSTNATAL.filter((de) => !quarter.get(de))).toEqual([]);
  });

  it.each([YEAR, QUARTER])(
    'sends for %s, per facility and in sum for the province, the counts GET /api/indicators/values gives',
    async (period) => {
      const summary = summaries[period]!;
      const sumSent = (dataElement: string, orgUnit?: string) =>
        summary.dataValues
          .filter((d) => d.dataElement === dataElement && (!orgUnit || d.orgUnit === orgUnit))
          .reduce((s, d) => s + Number(d.value), 0);
      const units = [
        { id: DN, dhis2: undefined },
        ...['VN-DN-H01', 'VN-DN-HC-H', 'VN-DN-LC-H'].map((code) => ({
          id: orgUnitIdOf(code),
          dhis2: demoDhis2Uid(code),
        })),
      ];
      for (const unit of units) {
        const values = (
          await admin.get(`/api/indicators/values?orgUnit=${unit.id}&period=${period}`)
        ).json<ValuesResponse>();
        const byMode = (
          await admin.get(`/api/indicators/disaggregation?orgUnit=${unit.id}&period=${period}&dimension=mode`)
        ).json<DisaggregationResponse>();
        for (const row of DEMO_DHIS2_ROWS) {
          const from = row.dimension
            ? byMode.rows.find((r) => r.value === row.value)!.indicators
            : values.indicators;
          const expected = from.find((v) => v.id === row.indicator)![row.part];
          expect(
            sumSent(row.dataElement, unit.dhis2),
            `${row.indicator} ${row.value ?? ''} at ${unit.id}`,
          ).toBe(expected);
        }
      }
    },
  );

  it('downloads the same values as a DHIS2 CSV', async () => {
    const summary = summaries[YEAR]!;
    const res = await exportOf(YEAR, 'csv');
    expect(res.statusCode, res.body).toBe(200);
    const [header, ...lines] = parse(res.body.replace(/^\uFEFF/, '')) as string[][];
    // The columns themselves are dhis2.int.test.ts's to check; here, that the values under them agree.
    expect(header).toEqual([...DHIS2_CSV_COLUMNS]);
    expect(lines).toHaveLength(summary.values);
    expect(lines.map((l) => [l[0], l[1], l[2], l[3], l[5]])).toEqual(
      summary.dataValues.map((d) => [d.dataElement, d.period, d.orgUnit, d.categoryOptionCombo, d.value]),
    );
  });
});
