import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import { loadIndicators, type Measure, type MeasureRegistry } from '../../../shared/indicators/definitions';
import { orgUnitIdOf } from '../../seed/demo';
import { createTestApp, type TestApp } from '../../test/test-app';
import { type Cell, countCells, countCellsRaw, type EngineUnit } from './indicator-engine';
import { installIndicatorSchema, rebuildPendingRollups } from './indicator-schema';
import { registerIndicatorSource, unregisterIndicatorSource } from './indicator-source-registry';
import { type RolledUpSource, rollupTables } from './indicator-sources';

/**
 * A source the engine has never heard of (coaching-like sessions over a table made here) registers itself
 * and is counted through the engine, its rollup generated, installed, rebuilt and dropped, with no edit to
 * the engine's files.
 */
const TOY: RolledUpSource = {
  kind: 'rolledUp',
  id: 'toy_session',
  recordTable: 'toy_sessions',
  relation: (rel) => `${rel} t`,
  facility: 't.facility_id',
  date: 't.held_on',
  fields: { held_on: { sql: 't.held_on' }, passed: { sql: 't.passed' } },
  dimensions: {},
  factTable: 'toy_sessions t',
  birthJoin: '',
  key: 't.id',
  ...rollupTables('toy_session'),
};
// The shared library's source ids are a closed set; a server-side source stands outside it.
const toyMeasure = (id: string, where: Measure['where']): Measure => ({
  id,
  source: TOY.id as Measure['source'],
  where,
  key: `${TOY.id}:${id}`,
  stored: false,
});
const SESSIONS = toyMeasure('toy_sessions', { all: [] });
const PASSED = toyMeasure('toy_passed', { field: 'passed', eq: true });

const { registry: library } = loadIndicators();
const registry: MeasureRegistry = {
  ...library,
  measures: [...library.measures, SESSIONS, PASSED],
  bySource: { ...library.bySource, [TOY.id]: [SESSIONS, PASSED] },
};

const H01 = orgUnitIdOf('VN-DN-H01');
const HC_H = orgUnitIdOf('VN-DN-HC-H');
const DN = orgUnitIdOf('VN-DN');
const VN = orgUnitIdOf('VN');
let t: TestApp;
let units: Record<string, EngineUnit>;

const session = (facility: string, day: string, passed: boolean) =>
  t.db.query(
    'insert into toy_sessions (id, facility_id, held_on, passed) values (gen_random_uuid(), $1, $2, $3)',
    [facility, day, passed],
  );
const cells = (from: string, to: string): Cell[] =>
  [H01, HC_H, DN, VN].map((id) => ({ unit: units[id]!, from, to }));

beforeAll(async () => {
  t = await createTestApp();
  await t.db
    .query(`create table toy_sessions (id uuid primary key, facility_id uuid not null references org_units,
    held_on date not null, passed boolean)`);
  const rows = await t.db.query<EngineUnit>(
    'select id, path, kind from org_units where id = any($1::uuid[])',
    [[H01, HC_H, DN, VN]],
  );
  units = Object.fromEntries(rows.map((u) => [u.id, u]));
  registerIndicatorSource(TOY);
});
afterAll(async () => {
  unregisterIndicatorSource(TOY.id);
  await t?.close();
});

describe('a registered source', () => {
  it('gets its rollup installed, leaving the other sources and their counts alone', async () => {
    // Sessions recorded before the rollup exists: the rebuild counts them.
    await session(H01, '2024-03-04', true);
    await session(H01, '2024-03-20', false);
    const midwife = await t.login('midwife.dn');
    const res = await midwife.post('/api/births', buildBirthRaw({ facilityId: H01 }));
    expect(res.statusCode, res.body).toBe(201);
    const [before] = await t.db.query<{ n: number }>('select count(*)::int as n from ind_newborn_rollup');
    const installed = await installIndicatorSchema(t.db, { registry });
    // Its monthly rollup and its day rollup above the district (indicator-day-rollup.ts).
    expect(installed.map((s) => s.id)).toEqual([TOY.id, `${TOY.id}_day`]);
    const [after] = await t.db.query<{ n: number }>('select count(*)::int as n from ind_newborn_rollup');
    expect(after!.n).toBe(before!.n);
    expect(before!.n).toBeGreaterThan(0);
    // Nothing changed since: nothing to install.
    expect(await installIndicatorSchema(t.db, { registry })).toEqual([]);
  });

  it('is counted through the engine while pending (from the records), after its rebuild and after writes', async () => {
    const expectMarch = async (h01: [number, number], hcH: [number, number]) => {
      const got = await countCells(t.db, cells('2024-03-01', '2024-03-31'), [SESSIONS, PASSED]);
      const pair = (i: number) => [got[i]!.toy_sessions, got[i]!.toy_passed];
      expect([pair(0), pair(1), pair(2), pair(3)]).toEqual([
        h01,
        hcH,
        [h01[0] + hcH[0], h01[1] + hcH[1]],
        [h01[0] + hcH[0], h01[1] + hcH[1]],
      ]);
      expect(await countCellsRaw(t.db, cells('2024-03-01', '2024-03-31'), [SESSIONS, PASSED])).toEqual(got);
    };
    await expectMarch([2, 1], [0, 0]);
    await rebuildPendingRollups(t.db, { sources: [TOY] });
    const [rollup] = await t.db.query<{ n: number }>(
      `select m_toy_sessions as n from ind_toy_session_rollup where org_unit_id = $1 and month = '2024-03-01'`,
      [VN],
    );
    expect(rollup!.n).toBe(2);
    await expectMarch([2, 1], [0, 0]);
    // Written after the rebuild: the generated triggers keep the rollup exact.
    await session(HC_H, '2024-03-31', true);
    await session(HC_H, '2024-04-01', true);
    await t.db.query(
      `update toy_sessions set passed = true where facility_id = $1 and held_on = '2024-03-20'`,
      [H01],
    );
    await expectMarch([2, 2], [1, 1]);
    // A range that cuts months: days from the records, whole months from the rollup.
    const [vn] = await countCells(
      t.db,
      [{ unit: units[VN]!, from: '2024-03-05', to: '2024-04-30' }],
      [SESSIONS],
    );
    expect(vn!.toy_sessions).toBe(3);
  });

  it('has its objects dropped once it is no longer registered', async () => {
    unregisterIndicatorSource(TOY.id);
    expect(await installIndicatorSchema(t.db)).toEqual([]);
    const left = await t.db.query(
      `select relname from pg_class where relname like 'ind\\_toy%' union all select proname from pg_proc where proname like 'ind\\_toy%'`,
    );
    expect(left).toEqual([]);
    const [state] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from indicator_rollup_state where part = $1`,
      [TOY.id],
    );
    expect(state!.n).toBe(0);
    registerIndicatorSource(TOY);
  });
});
