import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { loadIndicators } from '../../../shared/indicators/definitions';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { idSeries } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import { enrolInKmcCourse } from '../coaching/coaching-test-helpers';
import { H01, recordBirth } from '../pnc/pnc-test-helpers';
import { type Cell, type Counts, countCells, type EngineUnit } from './indicator-engine';
import { withoutTimeline } from './indicator-source-registry';
import { buildKmcStart } from '../../../shared/kmc/kmc-builders';

/**
 * A live source with a facility timeline (`kmc_facility`) counts from each facility's timeline in
 * JavaScript what its records' LATERAL counts in SQL (indicator-engine.ts, `timelinePart`): the same
 * counts and record-key sums for every level and period kind, after each kind of change the facts read
 * (a declaration made, moved and withdrawn; a KMC start and its date corrected; a worker completing a
 * KMC course; the worker's posting ending; several starts on a day, out of order; an episode moved to
 * another facility, its start withdrawn, deleted). The start days are stored per facility (migration
 * 0130) and must equal those derived from the episodes after each change; the rest is read live.
 */
const { registry } = loadIndicators();
const measures = registry.measures.filter((m) => m.source === 'kmc_facility');
const bornAt = '2026-03-09T08:00:00+07:00';
const newId = idSeries('9160');
const PERIODS: Array<[string, string]> = [
  ['2026-03-01', '2026-03-31'],
  ['2026-02-01', '2026-02-28'],
  ['2026-01-01', '2026-03-31'],
  ['2026-01-01', '2026-12-31'],
  ['2025-01-01', '2025-12-31'],
  ['2026-02-27', '2026-03-04'],
  ['2026-03-05', '2026-03-09'],
  ['2026-03-10', '2026-03-10'],
];

describe('a facility timeline counts what the records count', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');

  const cellsOf = async (): Promise<Cell[]> => {
    const units = await t.db.query<EngineUnit>(
      `select o.id, o.path, o.kind from org_units o
        where o.id::text = any(string_to_array(trim(both '/' from (select path from org_units where id = $1)), '/'))`,
      [H01],
    );
    expect(units.map((u) => u.kind).sort()).toEqual(['country', 'facility', 'province', 'region']);
    return units.flatMap((unit) => PERIODS.map(([from, to]) => ({ unit, from, to })));
  };
  /**
   * The stored start days (migration 0130, kept by triggers on `kmc_episodes`) equal those derived from
   * the episodes: one sorted entry per started episode and facility (a facility whose starts are all
   * gone keeps an empty list).
   */
  const expectStoredStartDays = async () => {
    const stored = await t.db.query<{ facility_id: string; days: number[] }>(
      `select facility_id, days from kmc_facility_start_days where cardinality(days) > 0 order by facility_id`,
    );
    const derived = await t.db.query<{ facility_id: string; days: number[] }>(
      `select facility_id, array_agg(((started_at at time zone 'UTC')::date - date '1970-01-01') order by started_at) as days
         from kmc_episodes where started_at is not null group by facility_id order by facility_id`,
    );
    expect(stored).toEqual(derived);
    return stored;
  };
  /** Counts both ways (as one statement and, above 16 cells, as parts at once); they must agree. */
  const counts = async (): Promise<Array<{ counts: Counts; cell: string }>> => {
    const cells = await cellsOf();
    const timeline = await countCells(t.db, cells, measures, t.clock.now(), { withKeys: true });
    const records = await withoutTimeline('kmc_facility', () =>
      countCells(t.db, cells, measures, t.clock.now(), { withKeys: true }),
    );
    expect(timeline).toEqual(records);
    await expectStoredStartDays();
    const one = await countCells(t.db, [cells[0]!], measures, t.clock.now(), { withKeys: true });
    expect(one[0]).toEqual(timeline[0]);
    return timeline.map((c, i) => ({ counts: c, cell: `${cells[i]!.unit.kind} ${cells[i]!.from}` }));
  };
  const offering = registry.parts.facilities_offering_kmc!.numerator;
  const ready = registry.parts.facilities_ready_for_kmc!.numerator;
  const all = registry.parts.facilities_offering_kmc!.denominator!;
  /** H01's own cells, period → [offering, ready]. */
  const atH01 = async () =>
    Object.fromEntries(
      (await counts())
        .filter((c) => c.cell.startsWith('facility'))
        .map(({ counts: c }, i) => [PERIODS[i]!.join('..'), [c[offering], c[ready], c[all]]]),
    );

  it('agrees with nothing declared, started or trained', async () => {
    const h = await atH01();
    expect(Object.values(h).every(([o, r, n]) => o === 0 && r === 0 && n === 1)).toBe(true);
  });

  it('agrees after a declaration is made, moved and withdrawn', async () => {
    await t.db.query(
      `insert into kmc_facility_readiness (facility_id, offers_kmc, offered_since, places, created_at, updated_at)
       values ($1, true, '2026-02-10', array['kmc_ward'], now(), now())`,
      [H01],
    );
    let h = await atH01();
    expect(h['2026-02-01..2026-02-28']).toEqual([1, 0, 1]);
    expect(h['2026-02-27..2026-03-04']).toEqual([1, 0, 1]);
    expect(h['2025-01-01..2025-12-31']).toEqual([0, 0, 1]);
    await t.db.query(
      `update kmc_facility_readiness set offered_since = '2026-03-05' where facility_id = $1`,
      [H01],
    );
    h = await atH01();
    expect(h['2026-02-27..2026-03-04']).toEqual([0, 0, 1]);
    expect(h['2026-03-05..2026-03-09']).toEqual([1, 0, 1]);
    await t.db.query(
      `update kmc_facility_readiness set offers_kmc = false, offered_since = null, places = '{}' where facility_id = $1`,
      [H01],
    );
    expect(Object.values(await atH01()).every(([o]) => o === 0)).toBe(true);
  });

  it('agrees after KMC is started and its start corrected to another day', async () => {
    const born = await recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: 33,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1800 })],
    });
    const res = await midwife.post('/api/kmc/episodes', {
      id: newId(),
      newbornId: born.newborns[0]!.id,
      ...buildKmcStart('2026-03-09T09:30:00+07:00'),
    });
    expect(res.statusCode, res.body).toBe(201);
    let h = await atH01();
    expect(h['2026-03-05..2026-03-09']).toEqual([1, 0, 1]);
    expect(h['2026-03-10..2026-03-10']).toEqual([0, 0, 1]);
    expect(h['2026-01-01..2026-03-31']).toEqual([1, 0, 1]);
    // The start corrected to the next morning (UTC): counted on the 10th, not the 9th.
    await t.db.query(`update kmc_episodes set started_at = '2026-03-10T01:00:00Z' where id = $1`, [
      res.json<KmcEpisode>().episodeId,
    ]);
    h = await atH01();
    expect(h['2026-03-05..2026-03-09']).toEqual([0, 0, 1]);
    expect(h['2026-03-10..2026-03-10']).toEqual([1, 0, 1]);
  });

  it('agrees after a worker completes a KMC course and after the posting ends', async () => {
    const lead = await t.login('lead.dn');
    const coach = await t.login('coach.dn');
    const { workerId: wid, complete } = await enrolInKmcCourse(lead, coach, H01, 'Trần Thị Timeline');
    await complete();
    let h = await atH01();
    // Offering by the start on the 10th; trained from the course's last day, the 3rd.
    expect(h['2026-03-10..2026-03-10']).toEqual([1, 1, 1]);
    expect(h['2026-02-27..2026-03-04']).toEqual([0, 0, 1]);
    expect(h['2026-03-01..2026-03-31']).toEqual([1, 1, 1]);
    await t.db.query(`update health_worker_postings set ended_on = '2026-03-08' where worker_id = $1`, [wid]);
    h = await atH01();
    expect(h['2026-03-10..2026-03-10']).toEqual([1, 0, 1]);
    expect(h['2026-01-01..2026-03-31']).toEqual([1, 0, 1]);
  });

  it('agrees when the units asked are nested at several depths and in separate subtrees', async () => {
    // Each facility is read once under the outermost unit asked that holds it, and counted for every
    // unit asked on its path: a province with its facilities and another unit of the same country, next to
    // a facility of another subtree read on its own.
    const [province] = await t.db.query<EngineUnit>(
      `select p.id, p.path, p.kind from org_units p, org_units h
        where h.id = $1 and p.kind = 'province' and h.path like p.path || '%'`,
      [H01],
    );
    const inside = await t.db.query<EngineUnit>(
      `select id, path, kind from org_units where path like $1 || '%' and id <> $2 order by path`,
      [province!.path, province!.id],
    );
    const outside = await t.db.query<EngineUnit>(
      `select id, path, kind from org_units where kind = 'facility' and path not like $1 || '%' order by path limit 2`,
      [province!.path],
    );
    expect(inside.some((u) => u.kind === 'facility')).toBe(true);
    expect(outside).toHaveLength(2);
    const units = [province!, ...inside, ...outside];
    for (const periods of [PERIODS.slice(0, 2), PERIODS]) {
      const cells = units.flatMap((unit) => periods.map(([from, to]) => ({ unit, from, to })));
      const timeline = await countCells(t.db, cells, measures, t.clock.now(), { withKeys: true });
      const records = await withoutTimeline('kmc_facility', () =>
        countCells(t.db, cells, measures, t.clock.now(), { withKeys: true }),
      );
      expect(timeline).toEqual(records);
      // The province holds H01, which offers KMC in March 2026 (its starts, the previous tests).
      expect(timeline[0]![offering]).toBeGreaterThan(0);
      expect(timeline[0]![all]).toBe(inside.filter((u) => u.kind === 'facility').length);
    }
  });

  it('agrees with several starts on one day, written out of order, and an episode not started', async () => {
    const born = await recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: 33,
      newborns: [1700, 1750, 1800].map((g, k) => buildNewbornRaw({ birthWeightGrams: g, birthOrder: k + 1 })),
    });
    // The day numbers come in the index's order and the engine reads them as numbers: two starts on
    // the 9th (UTC), one on the 4th recorded last, and a baby not started.
    const starts = ['2026-03-09T10:00:00Z', '2026-03-09T03:00:00Z', null];
    for (const [k, startedAt] of starts.entries()) {
      const res = await midwife.post('/api/kmc/episodes', {
        id: newId(),
        newbornId: born.newborns[k]!.id,
        ...(startedAt
          ? buildKmcStart(startedAt)
          : {
              startedAt,
              incubatorFirst: null,
              place: null,
              provider: null,
              notStartedReason: 'baby_unstable',
            }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await t.db.query(
      `update kmc_episodes set started_at = '2026-03-04T02:00:00Z'
        where started_at = '2026-03-09T10:00:00Z' and facility_id = $1`,
      [H01],
    );
    const h = await atH01();
    // Trained from the 3rd until the posting ended on the 8th (the previous test).
    expect(h['2026-02-27..2026-03-04']).toEqual([1, 1, 1]);
    expect(h['2026-03-05..2026-03-09']).toEqual([1, 0, 1]);
    expect(h['2026-02-01..2026-02-28']).toEqual([0, 0, 1]);
    expect(h['2025-01-01..2025-12-31']).toEqual([0, 0, 1]);
  });

  it('agrees after a start moves to another facility, is withdrawn and its episode deleted', async () => {
    const [other] = await t.db.query<{ id: string }>(
      `select id from org_units where kind = 'facility' and id <> $1 order by path limit 1`,
      [H01],
    );
    const before = await expectStoredStartDays();
    const h01Days = before.find((r) => r.facility_id === H01)!.days;
    expect(h01Days).toHaveLength(3);
    const [moved] = await t.db.query<{ id: string }>(
      `select id from kmc_episodes where facility_id = $1 and started_at is not null order by started_at desc limit 1`,
      [H01],
    );
    // The 10th's start (day 20522) moves to another facility: H01 no longer offers KMC that day.
    await t.db.query(`update kmc_episodes set facility_id = $2 where id = $1`, [moved!.id, other!.id]);
    let h = await atH01();
    expect(h['2026-03-10..2026-03-10']).toEqual([0, 0, 1]);
    let stored = await expectStoredStartDays();
    expect(stored.find((r) => r.facility_id === other!.id)!.days).toEqual([20522]);
    // Two episodes of one statement: one withdrawn (not started), one deleted; a third left alone.
    const [a, b] = await t.db.query<{ id: string }>(
      `select id from kmc_episodes where facility_id = $1 and started_at is not null order by started_at limit 2`,
      [H01],
    );
    await t.db.query(
      `update kmc_episodes set started_at = null, incubator_first = null, place = null, provider = null,
              not_started_reason = 'baby_unstable'
        where id = $1`,
      [a!.id],
    );
    await t.db.query(`delete from kmc_episodes where id = $1`, [b!.id]);
    h = await atH01();
    stored = await expectStoredStartDays();
    expect(stored.find((r) => r.facility_id === H01)).toBeUndefined();
    expect(h['2026-02-27..2026-03-04']).toEqual([0, 0, 1]);
    expect(h['2026-03-01..2026-03-31']).toEqual([0, 0, 1]);
    await t.db.query(`delete from kmc_episodes where facility_id = any($1::uuid[])`, [[H01, other!.id]]);
    h = await atH01();
    expect(Object.values(h).every(([o]) => o === 0)).toBe(true);
    expect(await expectStoredStartDays()).toEqual([]);
  });
});
