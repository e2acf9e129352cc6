import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import { loadIndicators } from '../../../shared/indicators/definitions';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { type Cell, countCells, countCellsBy, countCellsRaw, type EngineUnit } from './indicator-engine';
import { installIndicatorSchema, listRebuildingSources, rebuildPendingRollups } from './indicator-schema';
import { findRolledUpSource } from './indicator-source-registry';

/**
 * A changed definition rebuilds only its rollup, online: chunk by chunk while births are written, every
 * answer in between equal to the count from the records, and every birth counted once.
 */
const { registry } = loadIndicators();
const NEWBORN = findRolledUpSource('newborn')!;
const newbornMeasures = registry.bySource.newborn!;
const VN = orgUnitIdOf('VN');
const DN = orgUnitIdOf('VN-DN');
let t: TestApp;
let reader: TestClient;
/** The facilities births are written at, each with a clinician of its own. */
let writers: Map<string, TestClient>;
let units: EngineUnit[];
const facilities = [orgUnitIdOf('VN-DN-H01'), orgUnitIdOf('VN-DN-HC-H')];

const cellsOf = (from: string, to: string): Cell[] => units.map((unit) => ({ unit, from, to }));
/** Whole months, a year and a range cutting months, for every unit: each compared with the records. */
async function expectEqualToRecords() {
  for (const [from, to] of [
    ['2026-01-01', '2026-01-31'],
    ['2026-01-01', '2026-12-31'],
    ['2026-01-10', '2026-02-20'],
  ] as const) {
    const cells = cellsOf(from, to);
    expect(await countCells(t.db, cells, newbornMeasures)).toEqual(
      await countCellsRaw(t.db, cells, newbornMeasures),
    );
  }
}
async function birth(facilityId: string, day: string) {
  const res = await writers
    .get(facilityId)!
    .post('/api/births', buildBirthRaw({ facilityId, delivery: { bornAt: `${day}T08:00:00+07:00` } }));
  expect(res.statusCode, res.body).toBe(201);
}
const liveBirths = async () => {
  const res = await reader.get(`/api/indicators/values?orgUnit=${DN}&period=2026&indicators=live_births`);
  return (res.json() as ValuesResponse).indicators[0]!.numerator!;
};

beforeAll(async () => {
  t = await createTestApp();
  reader = await t.login('province.dn');
  writers = new Map([
    [facilities[0]!, await t.login('midwife.dn')],
    [facilities[1]!, await t.login('nurse.hc')],
  ]);
  units = await t.db.query<EngineUnit>(
    `select id, path, kind from org_units where path like (select path from org_units where id = $1) || '%'
      order by path`,
    [DN],
  );
  units.push(...(await t.db.query<EngineUnit>('select id, path, kind from org_units where id = $1', [VN])));
  for (const [i, f] of facilities.entries()) {
    await birth(f, '2026-01-05');
    await birth(f, `2026-02-${String(10 + i).padStart(2, '0')}`);
  }
});
afterAll(() => t?.close());

describe('online rebuild of a changed rollup', () => {
  it('reinstalls only the changed source and answers from the records until it is rebuilt', async () => {
    const before = await liveBirths();
    expect(before).toBe(facilities.length * 2);
    await t.db.query(
      `update indicator_rollup_state set fingerprint = 'an older definition' where part = 'newborn'`,
    );
    const [deliveryRows] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from ind_delivery_rollup',
    );
    expect((await installIndicatorSchema(t.db)).map((s) => s.id)).toEqual(['newborn']);
    const [deliveryAfter] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from ind_delivery_rollup',
    );
    expect(deliveryAfter).toEqual(deliveryRows);
    expect((await listRebuildingSources(t.db)).map((s) => s.id)).toEqual(['newborn']);
    const [rollup] = await t.db.query<{ n: number }>('select count(*)::int as n from ind_newborn_rollup');
    expect(rollup!.n).toBe(0);
    // The rollup is empty, yet the answer is right: counted from the records.
    expect(await liveBirths()).toBe(before);
    await expectEqualToRecords();

    const written = { pending: false, rebuilt: false };
    let chunks = 0;
    await rebuildPendingRollups(t.db, {
      sources: [NEWBORN],
      chunk: 1,
      betweenChunks: async () => {
        chunks++;
        await expectEqualToRecords();
        const [split] = await countCellsBy(
          t.db,
          cellsOf('2026-01-01', '2026-12-31').slice(0, 1),
          newbornMeasures,
          'sex',
        );
        const [raw] = await countCellsRaw(
          t.db,
          cellsOf('2026-01-01', '2026-12-31').slice(0, 1),
          newbornMeasures,
        );
        expect(split!.female).toEqual(raw);
        // Births written mid-rebuild, at a facility still pending and at one already counted.
        const pending = new Set(
          (await t.db.query<{ id: string }>(`select facility_id as id from ${NEWBORN.pendingTable}`)).map(
            (r) => r.id,
          ),
        );
        const target = facilities.find((f) =>
          written.pending ? !pending.has(f) && !written.rebuilt : pending.has(f),
        );
        if (target && (!written.pending || !written.rebuilt)) {
          await birth(target, '2026-01-20');
          if (pending.has(target)) written.pending = true;
          else written.rebuilt = true;
        }
        await expectEqualToRecords();
      },
    });
    expect(written).toEqual({ pending: true, rebuilt: true });
    expect(chunks).toBeGreaterThan(facilities.length);
    expect(await listRebuildingSources(t.db)).toEqual([]);
    await expectEqualToRecords();
    // Read from the rollup again, and each of the two births counted once.
    const [counted] = await t.db.query<{ n: number }>(
      `select sum(m_live_births_num)::int as n from ind_newborn_rollup where org_unit_id = $1`,
      [VN],
    );
    expect(counted!.n).toBe(before + 2);
    expect(await liveBirths()).toBe(before + 2);
  });
});
