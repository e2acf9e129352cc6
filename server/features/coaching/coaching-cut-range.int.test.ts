import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndicators } from '../../../shared/indicators/definitions';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { generateProgramme } from '../../seed/programme';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { TEST_PROGRAMME } from '../../test/test-programme';
import { dayRollupOf } from '../indicators/indicator-day-rollup';
import { type Cell, countCells, type EngineUnit } from '../indicators/indicator-engine';
import { findRolledUpSource } from '../indicators/indicator-source-registry';
import { coachingReference, loadReferenceWorkers, moveWorkers } from './coaching-reference-test-helpers';

/**
 * The named coaching state indicators (the roster, delivery-room staff covered in the last N years, ever
 * coached, facilitators: states at the period's end) over ranges that cut months, at a facility, a
 * province, a country and the region, against the per-worker reference
 * (coaching-reference-test-helpers.ts), after roster changes on the days the ranges cut, and again after writes made between two queries (the
 * stored rollups are kept by the triggers: nothing is rebuilt). A country and the region read a cut
 * month's days from the coaching day rollup (indicator-day-rollup.ts), and a dashboard there leaves none
 * of them out.
 */
const { definitions, registry } = loadIndicators();
const measures = registry.measures.filter((m) => m.source === 'coaching');
const COACHING_IDS = definitions.filter((d) => d.source === 'coaching').map((d) => d.id);
const STATE_IDS = definitions.filter((d) => d.source === 'coaching' && d.periodEnd).map((d) => d.id);
const id = (indicator: string, part: 'numerator' | 'denominator' = 'numerator') =>
  registry.byRef({ indicator, part });

/** Ranges cutting months at both ends, inside one month, across a year, and one day. */
const RANGES: ReadonlyArray<[string, string]> = [
  ['2023-03-10', '2024-05-17'],
  ['2024-02-05', '2024-02-20'],
  ['2023-11-15', '2024-01-09'],
  ['2024-06-14', '2024-06-14'],
];

let t: TestApp;
let admin: TestClient;
const level: Record<'facility' | 'province' | 'country' | 'region', EngineUnit> = {} as never;

beforeAll(async () => {
  t = await createTestApp({ seed: 'none' });
  await generateProgramme(t.db, { ...TEST_PROGRAMME, healthWorkers: 300, seed: 21 });
  // The facility in a province with the most workers, and its province and country; the region.
  const [f] = await t.db.query<EngineUnit>(
    `select o.id, o.path, o.kind from org_units o join health_worker_postings p on p.facility_id = o.id
      where exists (select 1 from org_units v where v.kind = 'province' and o.path like v.path || '%')
      group by o.id order by count(*) desc, o.path limit 1`,
  );
  level.facility = f!;
  const ancestor = async (kind: string) =>
    (
      await t.db.query<EngineUnit>(
        `select id, path, kind from org_units where kind = $1 and $2 like path || '%'`,
        [kind, f!.path],
      )
    )[0]!;
  level.province = await ancestor('province');
  level.country = await ancestor('country');
  level.region = await ancestor('region');
  // Roster changes on days the ranges cut, through the triggers: facilitators named, workers
  // deactivated, workers moved to the facility, and completions on cut days.
  await t.db.query(
    `update health_workers set facilitator_level = case when k % 2 = 0 then 'national' else 'provincial' end,
                               facilitator_certified_on = '2022-06-01'
       from (select id, row_number() over (order by md5(id::text)) as k from health_workers) x
      where x.id = health_workers.id and x.k <= 12`,
  );
  await t.db.query(
    `update health_worker_postings set ended_on = '2024-02-12'
      where ended_on is null and worker_id in (select worker_id from health_worker_postings
                                                where facility_id = $1 order by md5(worker_id::text) limit 3)`,
    [f!.id],
  );
  await t.db.transaction(async (tx) => {
    const moved = await tx.query<{ worker_id: string; ward: string }>(
      `select worker_id, ward from health_worker_postings where ended_on is null and facility_id <> $1
        order by md5(worker_id::text) limit 4`,
      [f!.id],
    );
    await moveWorkers(tx, moved, f!.id, '2023-12-20');
  });
  await t.db.query(
    `update health_worker_postings set ended_on = '2024-01-09'
      where ended_on is null and worker_id in (select worker_id from health_worker_postings
                                                where facility_id = $1 order by md5(worker_id::text) desc limit 2)`,
    [f!.id],
  );
  // Courses on days inside the ranges, and on their first and last days.
  await complete(['2024-02-08', '2024-05-16', '2023-11-20', '2024-05-17', '2024-06-14', '2024-02-05'], 6);
  admin = await t.login('admin');
}, 240_000);
afterAll(() => t?.close());

/** Completed courses at the facility, on each of `days`, for `n` of its workers posted then. */
async function complete(days: readonly string[], n: number) {
  for (const day of days)
    await t.db.query(
      `with w as (select worker_id from health_worker_postings
                   where facility_id = $1 and active_from <= $2 and (ended_on is null or ended_on > $2)
                   order by md5(worker_id::text || $2) limit $3),
            c as (insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days)
                  values (gen_random_uuid(), $1, 'eenc_routine', $2, $2, 1) returning id)
       insert into coaching_participants (course_id, worker_id, days_attended, completed)
       select c.id, w.worker_id, 1, true from c cross join w`,
      [level.facility.id, day, n],
    );
}

const cells = (): Cell[] =>
  Object.values(level).flatMap((unit) => RANGES.map(([from, to]) => ({ unit, from, to })));

/** The engine's counts of every coaching measure in every cell, and the reference's. */
async function engineAndReference() {
  const cs = cells();
  const engine = await countCells(t.db, cs, measures);
  const workers = await loadReferenceWorkers(t.db);
  return cs.map((cell, i) => ({
    label: `${cell.unit.kind} ${cell.from}..${cell.to}`,
    engine: Object.fromEntries(measures.map((m) => [m.id, engine[i]![m.id] ?? 0])),
    reference: coachingReference(workers, cell, measures),
  }));
}

describe('coaching state indicators over ranges that cut months (issue 15)', () => {
  it('count as the per-worker reference at a facility, a province, a country and the region', async () => {
    const got = await engineAndReference();
    for (const g of got) expect(g.engine, g.label).toEqual(g.reference);
    // Not all zero: the roster, the coverage and the facilitators are counted at every level.
    for (const kind of Object.keys(level))
      for (const m of [
        id('delivery_staff_coached', 'denominator'),
        id('delivery_staff_coached'),
        id('eenc_facilitators'),
      ])
        expect(
          got.some((g) => g.label.startsWith(kind) && g.reference[m]! > 0),
          `${kind} ${m}`,
        ).toBe(true);
    // A country and the region have day rows of their own: the cut months' days are read there.
    const day = dayRollupOf(findRolledUpSource('coaching')!)!;
    for (const unit of [level.country, level.region]) {
      const [row] = await t.db.query<{ n: number }>(
        `select count(*)::int as n from ${day.table} where org_unit_id = $1 and day between '2023-03-10' and '2024-05-17'`,
        [unit.id],
      );
      expect(row!.n, unit.kind).toBeGreaterThan(0);
    }
  });

  it('show the writes made between two queries, with nothing rebuilt', async () => {
    const before = await engineAndReference();
    // A completion and a deactivation on days inside the ranges' last, cut months.
    await complete(['2024-05-15', '2024-02-19'], 2);
    await t.db.query(
      `update health_worker_postings set ended_on = '2024-05-02'
        where id in (select id from health_worker_postings where facility_id = $1 and ended_on is null
                      and ward = 'delivery_room' order by md5(id::text) limit 2)`,
      [level.facility.id],
    );
    const after = await engineAndReference();
    for (const g of after) expect(g.engine, g.label).toEqual(g.reference);
    // The states at the region's end of the first range moved: two staff fewer, the coverage changed.
    const staff = id('delivery_staff_coached', 'denominator');
    const region = (rows: typeof after) => rows.find((g) => g.label === 'region 2023-03-10..2024-05-17')!;
    expect(region(after).engine[staff]).toBe(region(before).engine[staff]! - 2);
    expect(region(after).engine).not.toEqual(region(before).engine);
  });

  it('are served on the dashboard of a country and the region, none left out', async () => {
    const workers = await loadReferenceWorkers(t.db);
    for (const unit of [level.country, level.region])
      for (const [from, to] of RANGES) {
        const res = await admin.get(`/api/indicators/values?orgUnit=${unit.id}&from=${from}&to=${to}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as ValuesResponse;
        expect(body.deferred.filter((d) => COACHING_IDS.includes(d))).toEqual([]);
        const ref = coachingReference(workers, { unit, from, to }, measures);
        for (const d of STATE_IDS) {
          const v = body.indicators.find((x) => x.id === d);
          expect(v?.numerator, `${unit.kind} ${from}..${to} ${d}`).toBe(ref[id(d)]);
          if (registry.parts[d]!.denominator)
            expect(v?.denominator, `${unit.kind} ${from}..${to} ${d} denominator`).toBe(
              ref[id(d, 'denominator')],
            );
        }
      }
  });
});
