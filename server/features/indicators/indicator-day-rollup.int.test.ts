import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { DN, H01 } from '../../test/demo-units';
import { postBirth } from '../../test/api-helpers';
import { createTestApp, type TestApp } from '../../test/test-app';
import { dayRollupOf } from './indicator-day-rollup';
import { type Cell, countCells, countCellsRaw, type EngineUnit } from './indicator-engine';
import { markRollupsPending, rebuildPendingRollups } from './indicator-schema';
import { findRolledUpSource } from './indicator-source-registry';

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

/** The day rows with a count or key sum (writers leave zero rows behind, a rebuild does not write them). */
const dayRows = async () =>
  Promise.all(
    DAY_ROLLUPS.map(async (d) =>
      (
        await t.db.query<Record<string, unknown>>(`select * from ${d.table} order by org_unit_id, day`)
      ).filter((r) => Object.entries(r).some(([k, v]) => /^[mk]_/.test(k) && v !== 0)),
    ),
  );

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
