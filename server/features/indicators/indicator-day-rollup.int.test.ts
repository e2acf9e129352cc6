import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { newId } from '../../../shared/ids';
import { C01, DN, H01, HC } from '../../test/demo-units';
import { postBirth } from '../../test/api-helpers';
import { rollupRows } from '../../test/rollup-rows';
import { createTestApp, type TestApp } from '../../test/test-app';
import { dayRollupOf } from './indicator-day-rollup';
import { type Cell, countCells, countCellsRaw, type EngineUnit } from './indicator-engine';
import { markRollupsPending, rebuildPendingRollups } from './indicator-schema';
import { findRolledUpSource } from './indicator-source-registry';
import { col } from './indicator-sources';

/**
 * The day rollup (indicator-day-rollup.ts): a province's, a country's and the region's days of a range
 * that cuts months come from it, fresh at the next query after every kind of write (a birth, a delivery's
 * mode, a deletion, a facility moved, a facility's EENC date), equal to the count from the records at the
 * range's edges, and equal to a rebuild.
 */
const { registry } = loadIndicators();
const DAY_ROLLUPS = ['newborn', 'delivery'].map((id) => dayRollupOf(findRolledUpSource(id)!)!);
const measures = registry.measures.filter((m) => m.source === 'newborn' || m.source === 'delivery');
let t: TestApp;
let large: EngineUnit[];

/** Ranges cutting months on both sides, one inside a month, and the edge days of the births written here. */
const RANGES = [
  ['2026-01-04', '2026-02-11'],
  ['2026-01-05', '2026-01-05'],
  ['2025-12-20', '2026-03-02'],
] as const;

async function expectEdgesEqualToRecords(label: string) {
  const cells: Cell[] = large.flatMap((unit) => RANGES.map(([from, to]) => ({ unit, from, to })));
  const engine = await countCells(t.db, cells, measures);
  const raw = await countCellsRaw(t.db, cells, measures);
  cells.forEach((c, i) => expect(engine[i], `${label}: ${c.unit.kind} ${c.from}..${c.to}`).toEqual(raw[i]));
}

const dayRows = () => Promise.all(DAY_ROLLUPS.map((d) => rollupRows(t.db, d.table)));

beforeAll(async () => {
  t = await createTestApp();
  const midwife = await t.login('midwife.dn');
  for (const day of ['2026-01-04', '2026-01-05', '2026-01-05', '2026-02-11', '2026-02-12']) {
    await postBirth(midwife, { facilityId: H01, delivery: { bornAt: `${day}T08:00:00+07:00` } });
  }
  large = await t.db.query<EngineUnit>(
    `select id, path, kind from org_units where kind in ('region', 'country', 'province') order by path`,
  );
});
afterAll(() => t?.close());

describe('day rollup above the district', () => {
  it('holds rows for provinces, countries and the region only, and the engine reads its edge days there', async () => {
    const kinds = await t.db.query<{ kind: string }>(
      `select distinct o.kind from ind_newborn_day r join org_units o on o.id = r.org_unit_id order by 1`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(['country', 'province', 'region']);
    const [row] = await t.db.query<{ n: number }>(
      `select m_live_births_num as n from ind_newborn_day where org_unit_id = $1 and day = '2026-01-05'`,
      [DN],
    );
    expect(row!.n).toBeGreaterThanOrEqual(2);
    // A day row changed by hand shows in the province's answer: the edge days are read from it.
    const cell: Cell = { unit: large.find((u) => u.id === DN)!, from: '2026-01-05', to: '2026-01-05' };
    const [before] = await countCells(t.db, [cell], measures);
    await t.db.query(
      `update ind_newborn_day set m_live_births_num = m_live_births_num + 100 where org_unit_id = $1 and day = '2026-01-05'`,
      [DN],
    );
    const [after] = await countCells(t.db, [cell], measures);
    await t.db.query(
      `update ind_newborn_day set m_live_births_num = m_live_births_num - 100 where org_unit_id = $1 and day = '2026-01-05'`,
      [DN],
    );
    expect(after!.live_births_num).toBe(before!.live_births_num! + 100);
    await expectEdgesEqualToRecords('births written');
  });

  it('follows a mode change, a deletion, a facility moved and an EENC date, then equals a rebuild', async () => {
    await t.db.query(
      `update births set mode = case when mode = 'caesarean' then 'vaginal' else 'caesarean' end
        where id in (select id from births where facility_id = $1 and birth_date = '2026-01-05')`,
      [H01],
    );
    await expectEdgesEqualToRecords('mode changed');
    await t.db.query(`delete from births where facility_id = $1 and birth_date = '2026-02-11'`, [H01]);
    await expectEdgesEqualToRecords('birth deleted');
    await t.db.query(
      `update org_units set eenc_introduced_on = '2026-01-05', eenc_team_formed_on = null where id = $1`,
      [H01],
    );
    await expectEdgesEqualToRecords('EENC date changed');
    // The facility moved under another province of another country's tree position.
    const [target] = await t.db.query<{ id: string; path: string }>(
      `select id, path from org_units where kind = 'district' and path not like (select path from org_units where id = $1) || '%'
        order by path limit 1`,
      [DN],
    );
    await t.db.query(`update org_units set parent_id = $2, path = $3 || id || '/' where id = $1`, [
      H01,
      target!.id,
      target!.path,
    ]);
    await expectEdgesEqualToRecords('facility moved');

    const kept = await dayRows();
    await markRollupsPending(t.db, DAY_ROLLUPS);
    await expectEdgesEqualToRecords('while rebuilding');
    await rebuildPendingRollups(t.db, { sources: DAY_ROLLUPS });
    expect(await dayRows()).toEqual(kept);
  });
});

describe('day rollup of a recounted source', () => {
  it("keeps the service points' day rows, read for a commune and a district, and equals a rebuild", async () => {
    const screening = findRolledUpSource('screening')!;
    const day = dayRollupOf(screening)!;
    const states = registry.measures.filter((m) => m.source === 'screening');
    const [commune, district] = await t.db.query<EngineUnit>(
      `select id, path, kind from org_units where id in ($1, $2) order by path desc`,
      [C01, HC],
    );
    // The cut month's days: a state is counted at the range's end, so the month of its end is cut.
    const cells: Cell[] = [commune!, district!].map((unit) => ({
      unit,
      from: '2026-01-02',
      to: '2026-01-05',
    }));
    const before = await countCells(t.db, cells, states);
    // She turns 30 on 5 January 2026: her states change that day (recounted from the woman's rows).
    await t.db.query(
      `insert into screening_clients (id, org_unit_id, name, search_text, birth_year, birth_date, step, ends_on)
       values ($1, $2, 'Day test', 'day test', 1996, '1996-01-05', 'screen', '2046-01-01')`,
      [newId(), C01],
    );
    const kinds = await t.db.query<{ kind: string }>(
      `select distinct o.kind from ${day.table} r join org_units o on o.id = r.org_unit_id order by 1`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(['commune', 'country', 'province', 'region']);
    const after = await countCells(t.db, cells, states);
    const moved = states.find((m) => after[0]![m.id] === before[0]![m.id]! + 1)!;
    expect(moved, 'a state entered on her birthday').toBeDefined();
    expect(after).toEqual(await countCellsRaw(t.db, cells, states));
    // A commune's day row changed by hand shows in the commune's and the district's answers.
    const bump = (n: number) =>
      t.db.query(
        `update ${day.table} set ${col(moved)} = ${col(moved)} + ${n} where org_unit_id = $1 and day = '2026-01-05'`,
        [C01],
      );
    await bump(100);
    const bumped = await countCells(t.db, cells, states);
    await bump(-100);
    expect(bumped.map((c) => c[moved.id])).toEqual(after.map((c) => c[moved.id]! + 100));
    const kept = await rollupRows(t.db, day.table);
    await markRollupsPending(t.db, [day]);
    await rebuildPendingRollups(t.db, { sources: [day] });
    expect(await rollupRows(t.db, day.table)).toEqual(kept);
  });
});
