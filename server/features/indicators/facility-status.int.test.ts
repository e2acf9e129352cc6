import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { orgUnitIdOf } from '../../seed/demo';
import { ensureDefaultChecklist } from '../assessments/checklists.repo';
import { createTestApp, type TestApp } from '../../test/test-app';
import { type Cell, countCells } from './indicator-engine';

/**
 * The EENC ladder table (migration 0077) is the view facility_eenc_status kept by triggers: after every
 * kind of write that moves a facility on the ladder, its rows equal the view's, and the facility counts
 * of every unit and period equal those counted from the view's rows.
 */
let t: TestApp;
let checklist: string;
const H01 = orgUnitIdOf('VN-DN-H01');
const TK = orgUnitIdOf('VN-QNA-TK-H');
const VN = orgUnitIdOf('VN');
const { registry } = loadIndicators();
const FACILITY_MEASURES = registry.measures.filter((m) => m.source === 'facility');
const PERIOD_ENDS: Array<[string, string]> = [
  ['2015-01-01', '2015-12-31'],
  ['2019-04-01', '2019-06-30'],
  ['2025-05-01', '2025-05-31'],
  ['2025-01-01', '2025-12-31'],
  ['2025-02-10', '2025-09-03'],
  ['2026-01-01', '2026-03-31'],
];

const COLUMNS = `facility_id, introduced_on::text, team_formed_on::text, assessed_on::text,
  meets_standards_on::text, implementing_on::text`;
const rowsOf = (relation: string) => t.db.query(`select ${COLUMNS} from ${relation} order by facility_id`);
async function expectTableEqualsView() {
  const view = await rowsOf('facility_eenc_status');
  expect(view.length).toBeGreaterThan(10);
  expect(await rowsOf('facility_eenc_status_current')).toEqual(view);
}

async function allCells(): Promise<Cell[]> {
  const units = await t.db.query<Cell['unit']>(
    "select id, path, kind from org_units where kind <> 'commune' order by path",
  );
  return units.flatMap((unit) => PERIOD_ENDS.map(([from, to]) => ({ unit, from, to })));
}

/** The facility counts of every unit and period, then the same after recounting the table from the view. */
async function expectCountsEqualView() {
  const cells = await allCells();
  const kept = await countCells(t.db, cells, FACILITY_MEASURES);
  await t.db.query('select facility_status_refresh(null)');
  expect(await countCells(t.db, cells, FACILITY_MEASURES)).toEqual(kept);
  return kept;
}

async function assess(facility: string, on: string, meets: boolean) {
  const id = newId();
  await t.db.query(
    `insert into assessments (id, facility_id, checklist_version_id, period_start, period_end, status,
       assessed_on, results, meets_standards)
     values ($1, $2, $3, $4::date - 30, $4, 'completed', $4, '{}'::jsonb, $5)`,
    [id, facility, checklist, on, meets],
  );
  return id;
}
const statusOf = async (facility: string) =>
  (
    await t.db.query<Record<string, string | null>>(
      `select ${COLUMNS} from facility_eenc_status_current where facility_id = $1`,
      [facility],
    )
  )[0];

beforeAll(async () => {
  t = await createTestApp();
  checklist = await ensureDefaultChecklist(t.db, t.clock.now());
});
afterAll(() => t?.close());

describe('facility_eenc_status_current', () => {
  it('equals the view after assessments are completed, re-dated, reopened and deleted', async () => {
    await expectTableEqualsView();
    const first = await assess(H01, '2025-06-10', false);
    expect((await statusOf(H01))?.assessed_on).toBe('2025-06-10');
    await expectTableEqualsView();
    const second = await assess(H01, '2025-09-01', true);
    expect((await statusOf(H01))?.meets_standards_on).toBe('2025-09-01');
    await t.db.query(`update assessments set assessed_on = '2025-05-01' where id = $1`, [first]);
    expect((await statusOf(H01))?.assessed_on).toBe('2025-05-01');
    await expectTableEqualsView();
    await t.db.query(
      `update assessments set status = 'in_progress', assessed_on = null, results = null, meets_standards = null
        where id = $1`,
      [second],
    );
    expect((await statusOf(H01))?.meets_standards_on).toBeNull();
    await t.db.query('delete from assessments where id = $1', [first]);
    expect((await statusOf(H01))?.assessed_on).toBeNull();
    await expectTableEqualsView();
    await expectCountsEqualView();
  });

  it("equals the view after a facility's dates, its country's implementing step, a closing, a new facility and a move", async () => {
    const before = await expectCountsEqualView();
    await t.db.query(
      `update org_units set eenc_introduced_on = '2019-05-01', eenc_team_formed_on = '2019-06-15' where id = $1`,
      [TK],
    );
    expect(await statusOf(TK)).toMatchObject({ introduced_on: '2019-05-01', team_formed_on: '2019-06-15' });
    await assess(TK, '2025-05-20', true);
    await expectTableEqualsView();
    for (const step of ['team_formed', 'meets_standards'])
      await t.db.query(
        `insert into country_settings (country_id, eenc) values ($1, jsonb_build_object('implementingStep', $2::text))
         on conflict (country_id) do update set eenc = excluded.eenc`,
        [VN, step],
      );
    expect((await statusOf(TK))?.implementing_on).toBe('2025-05-20');
    await expectTableEqualsView();
    // Moved to Laos (default step: introduced), its implementing date follows the new country.
    const [laos] = await t.db.query<{ path: string }>('select path from org_units where id = $1', [
      orgUnitIdOf('LA-VT'),
    ]);
    await t.db.query('update org_units set parent_id = $2, path = $3, level = 4 where id = $1', [
      TK,
      orgUnitIdOf('LA-VT'),
      `${laos!.path}${TK}/`,
    ]);
    expect((await statusOf(TK))?.implementing_on).toBe('2019-05-01');
    await expectTableEqualsView();
    await expectCountsEqualView();
    await t.db.query('delete from country_settings where country_id = $1', [VN]);
    expect((await statusOf(H01))?.implementing_on).toBe((await statusOf(H01))?.introduced_on);
    await expectTableEqualsView();
    await t.db.query(`update org_units set closed_on = '2025-08-01' where id = $1`, [TK]);
    const id = newId();
    const [district] = await t.db.query<{ path: string }>('select path from org_units where id = $1', [
      orgUnitIdOf('VN-DN-HC'),
    ]);
    await t.db.query(
      `insert into org_units (id, code, name, kind, level, parent_id, path, facility_level, provides_births,
         timezone, eenc_introduced_on)
       values ($1, 'VN-DN-HC-NEW', 'New hospital', 'facility', 5, $2, $3, 'district', true,
         'Asia/Ho_Chi_Minh', '2025-03-01')`,
      [id, orgUnitIdOf('VN-DN-HC'), `${district!.path}${id}/`],
    );
    expect((await statusOf(id))?.introduced_on).toBe('2025-03-01');
    await expectTableEqualsView();
    const after = await expectCountsEqualView();
    // The writes moved the counts (so the comparison above compares something).
    expect(after).not.toEqual(before);
    await t.db.query('delete from org_units where id = $1', [id]);
    expect(await statusOf(id)).toBeUndefined();
    await expectTableEqualsView();
  });
});
