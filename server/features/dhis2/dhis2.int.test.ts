import type { MeasureReport } from '@medplum/fhirtypes';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import {
  DHIS2_CSV_COLUMNS,
  type Dhis2ExportSummary,
  type Dhis2Mapping,
} from '../../../shared/dhis2/dhis2-exchange.schema';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { addUserLike, countRows, expectError } from '../../test/api-helpers';
import { ROOT_REGION_ID } from '../../seed/bootstrap';
import { useLogin, useTestApp } from '../../test/test-app';
import type { Dhis2Connection } from './dhis2-client';
import { runMonthlyPushes } from './dhis2-monthly-push';
import { DN, H01 } from '../../test/demo-units';

/**
 * DHIS2 aggregate exchange (issue 19) against a small HTTP server in the test that implements DHIS2's
 * `/api/dataValueSets` contract and records what it received.
 */
type Received = { url: string; auth: string | undefined; body: { dataValues: unknown[] } };
const received: Received[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let fake: Server;
const connection: Dhis2Connection = { url: '', token: 'd2pat_test0123456789', timeoutMs: 5000 };

beforeAll(async () => {
  fake = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/dhis/api/dataValueSets')) {
        res.writeHead(404).end();
        return;
      }
      received.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(text) });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((ok) => fake.listen(0, '127.0.0.1', ok));
  connection.url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/dhis/`;
});
afterAll(() => new Promise<void>((ok) => fake.close(() => ok())));

const t = useTestApp({ config: { dhis2: connection } });
const admin = useLogin(t, 'admin');
const H01_DHIS2 = 'Hdn01abcdef';

/** Shaped like DHIS2's /api/dataSets/{id}/metadata.json (the fields a mapping reads, and some it ignores). */
const metadata = {
  system: { id: 'test', rev: '1', version: '2.40.0' },
  dataSets: [{ id: 'EencMonthly', name: 'EENC monthly', periodType: 'Monthly', dataSetElements: [] }],
  dataElements: [
    { id: 'DeLiveBirth', name: 'Live births', code: 'EENC_LB', valueType: 'INTEGER_ZERO_OR_POSITIVE' },
    { id: 'DeSkinToSki', name: 'Skin-to-skin >= 90 min', code: 'EENC_SSC' },
    { id: 'DeDeliverie', name: 'Deliveries' },
  ],
  categoryOptionCombos: [
    { id: 'HllvX50cXC0', name: 'default' },
    { id: 'CocFemale01', name: 'Female' },
    { id: 'CocMale0001', name: 'Male' },
  ],
};
const rows = [
  {
    indicator: 'live_births',
    part: 'numerator',
    dataElement: 'DeLiveBirth',
    categoryOptionCombo: 'HllvX50cXC0',
  },
  {
    indicator: 'live_births',
    part: 'numerator',
    dimension: 'sex',
    value: 'female',
    dataElement: 'DeLiveBirth',
    categoryOptionCombo: 'CocFemale01',
  },
  {
    indicator: 'live_births',
    part: 'numerator',
    dimension: 'sex',
    value: 'male',
    dataElement: 'DeLiveBirth',
    categoryOptionCombo: 'CocMale0001',
  },
  {
    indicator: 'ssc_90_no_separation',
    part: 'numerator',
    dataElement: 'DeSkinToSki',
    categoryOptionCombo: 'HllvX50cXC0',
  },
  {
    indicator: 'ssc_90_no_separation',
    part: 'denominator',
    dataElement: 'DeDeliverie',
    categoryOptionCombo: 'HllvX50cXC0',
  },
];
let mapping: Dhis2Mapping;

describe('DHIS2 mappings', () => {
  it('creates a mapping from a data set metadata export, keeping the data set and its elements', async () => {
    const res = await admin.post('/api/dhis2/mappings', { name: 'EENC monthly', metadata, rows });
    expect(res.statusCode, res.body).toBe(201);
    mapping = res.json();
    expect(mapping).toMatchObject({
      name: 'EENC monthly',
      dataSet: { id: 'EencMonthly', name: 'EENC monthly', periodType: 'Monthly' },
      version: 1,
    });
    expect(mapping.dataElements.map((d) => d.id)).toEqual(['DeLiveBirth', 'DeSkinToSki', 'DeDeliverie']);
    expect(mapping.rows).toEqual(rows);
    expect(await countRows(t.db, 'audit_log', "entity_type = 'dhis2_mapping' and action = 'create'")).toBe(1);
  });

  it('refuses, listing every row, what the data set or the indicator library does not have, and writes nothing', async () => {
    const before = await countRows(t.db, 'dhis2_mappings');
    const bad = [
      {
        indicator: 'nope',
        part: 'numerator',
        dataElement: 'DeLiveBirth',
        categoryOptionCombo: 'HllvX50cXC0',
      },
      {
        indicator: 'live_births',
        part: 'denominator',
        dataElement: 'DeLiveBirth',
        categoryOptionCombo: 'CocMale0001',
      },
      {
        indicator: 'live_births',
        part: 'numerator',
        dataElement: 'NotInTheSet',
        categoryOptionCombo: 'HllvX50cXC0',
      },
      {
        indicator: 'live_births',
        part: 'numerator',
        dimension: 'sex',
        value: 'x',
        dataElement: 'DeSkinToSki',
        categoryOptionCombo: 'CocMale0001',
      },
      {
        indicator: 'live_births',
        part: 'numerator',
        dataElement: 'DeSkinToSki',
        categoryOptionCombo: 'CocMale0001',
      },
    ];
    const res = await admin.post('/api/dhis2/mappings', { name: 'Bad', metadata, rows: bad });
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'rows.0.indicator', message: 'Unknown indicator nope.' },
      { path: 'rows.1.part', message: 'This indicator is a count; it has no denominator.' },
      { path: 'rows.2.dataElement', message: 'This data element is not in the data set.' },
      {
        path: 'rows.3.value',
        message: 'Choose a value of the disaggregation, or no disaggregation and no value.',
      },
      {
        path: 'rows.4.categoryOptionCombo',
        message: 'Another row already fills this data element and category option combo.',
      },
    ]);
    const weekly = { ...metadata, dataSets: [{ id: 'EencWeekly1', name: 'Weekly', periodType: 'Weekly' }] };
    const res2 = await admin.post('/api/dhis2/mappings', { name: 'Weekly', metadata: weekly, rows: [] });
    expect(expectError(res2, 400, 'validation_failed').issues.map((i) => i.path)).toEqual([
      'metadata.dataSets.0.periodType',
    ]);
    expect(await countRows(t.db, 'dhis2_mappings')).toBe(before);
  });

  it('saves a new version and keeps the old one; a stale version is a 409', async () => {
    const res = await admin.put(`/api/dhis2/mappings/${mapping.id}`, {
      version: 1,
      name: 'EENC monthly (v2)',
      metadata,
      rows,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, name: 'EENC monthly (v2)' });
    expect(await countRows(t.db, 'dhis2_mapping_versions', 'mapping_id = $1', [mapping.id])).toBe(2);
    const stale = await admin.put(`/api/dhis2/mappings/${mapping.id}`, {
      version: 1,
      name: 'Old',
      metadata,
      rows,
    });
    expectError(stale, 409, 'version_conflict');
    mapping = res.json();
  });

  it('answers 403 to a provincial manager, who does not manage configuration', async () => {
    const province = await t.login('province.dn');
    expectError(await province.get('/api/dhis2/mappings'), 403, 'forbidden');
  });
});

describe('DHIS2 data values', () => {
  const summaryOf = async (orgUnit: string, period: string) => {
    const res = await admin.get(
      `/api/dhis2/mappings/${mapping.id}/data-values?orgUnit=${orgUnit}&period=${period}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Dhis2ExportSummary;
  };
  beforeAll(async () => {
    // Only units that came from DHIS2 can be sent: give one demo facility a DHIS2 id.
    await t.db.query('update org_units set dhis2_id = $1 where id = $2', [H01_DHIS2, H01]);
    const midwife = await t.login('midwife.dn');
    for (const [bornAt, sex] of [
      ['2026-01-05T08:00:00+07:00', 'female'],
      ['2026-02-11T08:00:00+07:00', 'male'],
    ] as const) {
      const birth = buildBirthRaw({ facilityId: H01, delivery: { bornAt } });
      (birth.newborns[0] as { sex: string }).sex = sex;
      expect((await midwife.post('/api/births', birth)).statusCode).toBe(201);
    }
  });

  it('gives, for each facility-month, the numerator and denominator the indicator API and FHIR MeasureReport give', async () => {
    const summary = await summaryOf(DN, '2026Q1');
    expect(summary.periods).toEqual(['202601', '202602', '202603']);
    expect(summary.values).toBe(3 * rows.length);
    for (const month of summary.periods) {
      const res = await admin.get(`/api/indicators/values?orgUnit=${H01}&period=${month}`);
      const v = (id: string) => (res.json() as ValuesResponse).indicators.find((x) => x.id === id)!;
      const sent = (de: string, coc = 'HllvX50cXC0') =>
        summary.dataValues.find(
          (d) =>
            d.period === month &&
            d.dataElement === de &&
            d.categoryOptionCombo === coc &&
            d.orgUnit === H01_DHIS2,
        )?.value;
      expect(sent('DeLiveBirth')).toBe(String(v('live_births').numerator));
      expect(sent('DeSkinToSki')).toBe(String(v('ssc_90_no_separation').numerator));
      expect(sent('DeDeliverie')).toBe(String(v('ssc_90_no_separation').denominator));
      expect(Number(sent('DeLiveBirth', 'CocFemale01')) + Number(sent('DeLiveBirth', 'CocMale0001'))).toBe(
        v('live_births').numerator,
      );
      // The same counts as FHIR MeasureReport populations (issue 19: one definition, three outputs).
      const bundle = (
        await admin.get(
          `/fhir/MeasureReport?subject=Location/${H01}&period=${month}&measure=live_births,ssc_90_no_separation`,
        )
      ).json<{ entry: Array<{ resource: MeasureReport }> }>();
      const count = (i: number, code: string) =>
        bundle.entry[i]!.resource.group![0]!.population!.find((p) => p.code!.coding![0]!.code === code)!
          .count;
      expect(String(count(0, 'initial-population'))).toBe(sent('DeLiveBirth'));
      expect(String(count(1, 'numerator'))).toBe(sent('DeSkinToSki'));
      expect(String(count(1, 'denominator'))).toBe(sent('DeDeliverie'));
    }
    // The births recorded above are in: at least one each month, the sexes where they were recorded.
    const jan = (coc: string) =>
      summary.dataValues.find(
        (d) => d.period === '202601' && d.dataElement === 'DeLiveBirth' && d.categoryOptionCombo === coc,
      )!.value;
    expect(Number(jan('HllvX50cXC0'))).toBeGreaterThan(0);
    expect(Number(jan('CocFemale01'))).toBeGreaterThan(0);
  });

  it('lists the facilities without a DHIS2 id instead of sending them', async () => {
    const summary = await summaryOf(DN, '202601');
    const noId = await t.db.query<{ code: string }>(
      `select code from org_units where path like (select path from org_units where id = $1) || '%'
         and kind in ('facility', 'commune') and provides_births and dhis2_id is null order by code`,
      [DN],
    );
    expect(summary.unitsWithoutDhis2Id.map((u) => u.code)).toEqual(noId.map((r) => r.code));
    expect(new Set(summary.dataValues.map((d) => d.orgUnit))).toEqual(new Set([H01_DHIS2]));
  });

  it('downloads the values as a DHIS2 CSV, columns in DHIS2 order', async () => {
    const res = await admin.get(
      `/api/dhis2/mappings/${mapping.id}/data-values?orgUnit=${DN}&period=202601&format=csv`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const [header, ...lines] = parse(res.body.replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual([...DHIS2_CSV_COLUMNS]);
    expect(lines).toHaveLength(rows.length);
    expect(lines[0]!.slice(0, 4)).toEqual(['DeLiveBirth', '202601', H01_DHIS2, 'HllvX50cXC0']);
  });

  it('refuses a custom range and a text that is not a period, with a clear message', async () => {
    for (const [period, message] of [
      ['2026-01-01..2026-01-10', 'Choose a year, quarter or month: DHIS2 receives standard periods only.'],
      ['nonsense', 'Choose a year, quarter or month: DHIS2 receives standard periods only.'],
    ]) {
      const res = await admin.get(
        `/api/dhis2/mappings/${mapping.id}/data-values?orgUnit=${DN}&period=${period}`,
      );
      expect(expectError(res, 400, 'validation_failed').issues).toEqual([{ path: 'period', message }]);
    }
  });

  it('answers 403 out of scope to a national manager asking for another country', async () => {
    const national = await t.login('national.vn');
    const res = await national.get(
      `/api/dhis2/mappings/${mapping.id}/data-values?orgUnit=${orgUnitIdOf('LA')}&period=2026`,
    );
    expectError(res, 403, 'out_of_scope');
  });
});

describe('POST /api/dhis2/mappings/:id/push', () => {
  const push = (dryRun: boolean) =>
    admin.post(`/api/dhis2/mappings/${mapping.id}/push`, { orgUnit: DN, period: '202601', dryRun });

  it('sends the values with the token, dry run first, and shows DHIS2 2.38+ import summary', async () => {
    received.length = 0;
    answer = {
      status: 200,
      body: {
        httpStatus: 'OK',
        status: 'OK',
        response: {
          status: 'SUCCESS',
          importCount: { imported: 4, updated: 1, ignored: 0, deleted: 0 },
          conflicts: [],
        },
      },
    };
    const res = await push(true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      dryRun: true,
      status: 'SUCCESS',
      imported: 4,
      updated: 1,
      ignored: 0,
      deleted: 0,
      conflicts: [],
      values: rows.length,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.auth).toBe('ApiToken d2pat_test0123456789');
    expect(new URL(received[0]!.url, 'http://x').searchParams.get('dryRun')).toBe('true');
    expect(received[0]!.body.dataValues).toHaveLength(rows.length);
    expect(
      await countRows(t.db, 'audit_log', "entity_type = 'dhis2_mapping' and action = 'export'"),
    ).toBeGreaterThan(0);
  });

  it("shows DHIS2's conflicts (HTTP 409, the 2.36 shape) as a result, not as an error", async () => {
    answer = {
      status: 409,
      body: {
        status: 'WARNING',
        importCount: { imported: 3, updated: 0, ignored: 2, deleted: 0 },
        conflicts: [{ object: 'DeDeliverie', value: 'Data element not part of dataset' }],
      },
    };
    const res = await push(false);
    expect(res.json()).toMatchObject({
      dryRun: false,
      status: 'WARNING',
      ignored: 2,
      conflicts: [{ object: 'DeDeliverie', value: 'Data element not part of dataset' }],
    });
  });

  it('answers 503 with the reason when DHIS2 refuses the credentials', async () => {
    answer = { status: 401, body: {} };
    expectError(await push(true), 503, 'unavailable');
  });
});

describe('monthly push', () => {
  const OK = {
    status: 200,
    body: {
      status: 'OK',
      response: {
        status: 'SUCCESS',
        importCount: { imported: 1, updated: 0, ignored: 0, deleted: 0 },
        conflicts: [],
      },
    },
  };
  const switchOn = (orgUnit: string | null) =>
    admin.put(`/api/dhis2/mappings/${mapping.id}/monthly-push`, { orgUnit });
  // Read from the table: the tests move the clock by months, past any session's lifetime.
  const lastPeriod = async () =>
    (
      await t.db.query<{ last: string | null }>(
        'select monthly_push_last as last from dhis2_mappings where id = $1',
        [mapping.id],
      )
    )[0]!.last;
  afterAll(() => t.clock.set(new Date('2026-03-10T08:00:00Z')));

  it('sends the previous month once, with the rights of who switched it on, then the next month', async () => {
    t.clock.set(new Date('2026-03-10T08:00:00Z'));
    const on = await switchOn(DN);
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json<Dhis2Mapping>().monthlyPush).toMatchObject({ orgUnitId: DN, lastPeriod: null });
    const expected = (
      await admin.get(`/api/dhis2/mappings/${mapping.id}/data-values?orgUnit=${DN}&period=202602`)
    ).json<Dhis2ExportSummary>();
    received.length = 0;
    answer = OK;
    expect(await runMonthlyPushes(t.deps)).toEqual([
      { mappingId: mapping.id, period: '202602', status: 'SUCCESS', values: expected.values },
    ]);
    expect(received).toHaveLength(1);
    expect(new URL(received[0]!.url, 'http://x').searchParams.get('dryRun')).toBe('false');
    expect(received[0]!.body.dataValues).toEqual(expected.dataValues);
    // The same month is not sent twice, whatever the number of runs.
    expect(await runMonthlyPushes(t.deps)).toEqual([]);
    expect(received).toHaveLength(1);
    expect(await lastPeriod()).toBe('202602');
    t.clock.set(new Date('2026-04-01T01:00:00Z'));
    expect((await runMonthlyPushes(t.deps)).map((o) => o.period)).toEqual(['202603']);
    expect(received).toHaveLength(2);
    expect(
      await countRows(
        t.db,
        'audit_log',
        "entity_type = 'dhis2_mapping' and action = 'export' and details->>'monthly' = 'true'",
      ),
    ).toBe(2);
  });

  it('gives the month back when DHIS2 refuses it, and sends it at the next run', async () => {
    t.clock.set(new Date('2026-05-03T08:00:00Z'));
    answer = { status: 401, body: {} };
    expect((await runMonthlyPushes(t.deps)).map((o) => [o.period, o.status])).toEqual([
      ['202604', 'unavailable'],
    ]);
    expect(await lastPeriod()).toBe('202603');
    answer = OK;
    expect((await runMonthlyPushes(t.deps)).map((o) => [o.period, o.status])).toEqual([
      ['202604', 'SUCCESS'],
    ]);
    expect(await lastPeriod()).toBe('202604');
  });

  it('sends nothing in the name of a deactivated user, refuses a provincial manager, and switches off', async () => {
    t.clock.set(new Date('2026-06-02T08:00:00Z'));
    // Switched on by a second administrator, who then leaves.
    await addUserLike(t.db, { username: 'admin.two', like: 'admin', scopeId: ROOT_REGION_ID });
    const two = await t.login('admin.two');
    expect(
      (await two.put(`/api/dhis2/mappings/${mapping.id}/monthly-push`, { orgUnit: DN })).statusCode,
    ).toBe(200);
    await t.db.query("update users set active = false where username = 'admin.two'");
    const before = received.length;
    expect((await runMonthlyPushes(t.deps)).map((o) => o.status)).toEqual(['user_inactive']);
    expect(received).toHaveLength(before);
    const province = await t.login('province.dn');
    expectError(
      await province.put(`/api/dhis2/mappings/${mapping.id}/monthly-push`, { orgUnit: DN }),
      403,
      'forbidden',
    );
    const off = await (
      await t.login('admin')
    ).put(`/api/dhis2/mappings/${mapping.id}/monthly-push`, {
      orgUnit: null,
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json<Dhis2Mapping>().monthlyPush).toBeNull();
    expect(await runMonthlyPushes(t.deps)).toEqual([]);
  });
});
