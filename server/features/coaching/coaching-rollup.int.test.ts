import { describe, expect, it } from 'vitest';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { monthEnd } from '../../../shared/indicators/period';
import { newId } from '../../../shared/ids';
import { orgUnitIdOf } from '../../seed/demo';
import { useTestApp } from '../../test/test-app';
import { type Cell, countCells, type EngineUnit } from '../indicators/indicator-engine';
import { expectRollupMatchesRecords as rollupMatchesRecords } from './coaching-test-helpers';

/**
 * The coaching rollup (month-end states as signed changes, docs/coaching.md "Indicators") against the
 * records: after each kind of write the trigger-kept rollup, the same counts from the records
 * (`countCellsRaw`) and a rebuild of the rollup agree for every unit from the facility to the region and
 * every month, and the boundaries hold: coached 3 years and 1 day ago is not covered with N = 3,
 * a deactivated worker leaves the denominator from that date, a moved worker counts where they work at
 * the period's end. Written directly in the tables (the triggers are what is tested); values are read as
 * changes from the demo's own workers at the same facilities.
 */
const LC = orgUnitIdOf('VN-DN-LC-H');
const HC = orgUnitIdOf('VN-DN-HC-H');
const VN = orgUnitIdOf('VN');

const { registry } = loadIndicators();
const measures = registry.measures.filter((m) => m.source === 'coaching');
const num = (indicator: string) => registry.byRef({ indicator, part: 'numerator' });
const den = (indicator: string) => registry.byRef({ indicator, part: 'denominator' });
const KEYS = {
  coached: num('health_workers_coached'),
  toStandard: num('health_workers_coached_to_standard'),
  cumulative: num('health_workers_coached_cumulative'),
  covered: num('delivery_staff_coached'),
  staff: den('delivery_staff_coached'),
  facilitators: num('eenc_facilitators'),
} as const;
type Values = Record<keyof typeof KEYS, number>;

describe('coaching rollup: month-end states against the records', () => {
  const t = useTestApp();
  const units: Record<string, EngineUnit> = {};

  async function unit(id: string): Promise<EngineUnit> {
    const [row] = await t.db.query<EngineUnit>('select id, path, kind from org_units where id = $1', [id]);
    return (units[id] ??= row!);
  }
  const valuesOf = (counts: Record<string, number>): Values =>
    Object.fromEntries(Object.entries(KEYS).map(([k, id]) => [k, counts[id] ?? 0])) as Values;
  async function at(facility: string, from: string, to = from): Promise<Values> {
    const [c] = await countCells(t.db, [{ unit: await unit(facility), from, to }], measures);
    return valuesOf(c!);
  }
  /** The change of each count at a facility over `from..to` since `before`. */
  const minus = (a: Values, b: Values) =>
    Object.fromEntries(Object.keys(KEYS).map((k) => [k, a[k as keyof Values] - b[k as keyof Values]]));

  /** Every month of 2025-2031, single days and whole years, at the two facilities, the province, the country and the region. */
  async function grid(): Promise<Cell[]> {
    const ids = [LC, HC, orgUnitIdOf('VN-DN'), VN];
    const [region] = await t.db.query<{ id: string }>(
      `select id from org_units where kind = 'region' limit 1`,
    );
    const cells: Cell[] = [];
    for (const id of [...ids, region!.id]) {
      const u = await unit(id);
      for (let y = 2025; y <= 2031; y++) {
        cells.push({ unit: u, from: `${y}-01-01`, to: `${y}-12-31` });
        for (let m = 1; m <= 12; m++) {
          const from = `${y}-${String(m).padStart(2, '0')}-01`;
          cells.push({ unit: u, from, to: monthEnd(from) });
        }
      }
      for (const d of ['2028-02-29', '2030-03-09', '2030-03-10', '2030-06-15', '2030-06-16', '2031-03-01'])
        cells.push({ unit: u, from: d, to: d });
      cells.push({ unit: u, from: '2030-03-05', to: '2030-06-16' });
      for (let q = 0; q < 4; q++) {
        const from = `2030-${String(q * 3 + 1).padStart(2, '0')}-01`;
        cells.push({ unit: u, from, to: monthEnd(`2030-${String(q * 3 + 3).padStart(2, '0')}-01`) });
      }
      cells.push({ unit: u, from: '2030-07-01', to: '2030-08-31' });
      for (const [from, to] of [
        ['2031-05-10', '2031-06-25'],
        ['2031-12-15', '2032-01-20'],
        ['2031-08-10', '2031-10-05'],
      ])
        cells.push({ unit: u, from: from!, to: to! });
    }
    return cells;
  }
  /** The rollup, the records and a rebuilt rollup count the same in every cell. */
  const expectRollupMatchesRecords = async () =>
    rollupMatchesRecords(t.db, 'coaching', await grid(), measures);

  async function worker(ward = 'delivery_room', facility = LC, activeFrom = '2025-01-01') {
    const id = newId();
    await t.db.query(
      `insert into health_workers (id, country_id, name, cadre) values ($1, $2, 'Rollup test', 'midwife')`,
      [id, VN],
    );
    await posting(id, facility, activeFrom, undefined, ward);
    return id;
  }
  async function posting(
    workerId: string,
    facility: string,
    activeFrom: string,
    endedOn?: string,
    ward = 'delivery_room',
  ) {
    await t.db.query(
      `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from, ended_on)
       values ($1, $2, $3, $4, $5, $6)`,
      [newId(), workerId, facility, ward, activeFrom, endedOn ?? null],
    );
  }
  /** Ends the worker's postings on `on` (a deactivation, or the day of a move). */
  async function endPostings(workerId: string, on: string) {
    await t.db.query(`update health_worker_postings set ended_on = $2 where worker_id = $1`, [workerId, on]);
  }
  /** Moves the worker to `facility` from `on`: the postings they held end that day. */
  async function move(workerId: string, facility: string, on: string) {
    await endPostings(workerId, on);
    await posting(workerId, facility, on);
  }
  async function completed(workerId: string, endsOn: string) {
    const course = newId();
    await t.db.query(
      `insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days)
       values ($1, $2, 'eenc_routine', $3, $3, 1)`,
      [course, LC, endsOn],
    );
    await t.db.query(
      `insert into coaching_participants (course_id, worker_id, days_attended, completed) values ($1, $2, 1, true)`,
      [course, workerId],
    );
    return course;
  }

  const ids: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  let base: Record<string, Values> = {};

  it('counts a worker covered until N years after the course, not a day more', async () => {
    // Exactly 3 years after the course's last day: covered; 3 years and 1 day: not.
    const cases = [
      ['2030-06-15', { covered: 1, staff: 1 }],
      ['2030-06-16', { covered: 0, staff: 1 }],
      ['2030-05-31', { covered: 1, cumulative: 1 }],
      ['2030-06-30', { covered: 0, cumulative: 1 }],
    ] as const;
    const monthTo = (d: string) => [`${d.slice(0, 8)}01`, d] as const;
    for (const [d] of cases) base[d] = await at(LC, ...monthTo(d));
    ids.a = await worker();
    await completed(ids.a, '2027-06-15');
    for (const [d, change] of cases)
      expect(minus(await at(LC, ...monthTo(d)), base[d]!), d).toMatchObject(change);
    // The course's month counts the worker coached there once; the quarter is its last month's state.
    const q2 = await at(LC, '2027-04-01', '2027-06-30');
    const june = await at(LC, '2027-06-01', '2027-06-30');
    expect(q2.covered).toBe(june.covered);
    expect(q2.staff).toBe(june.staff);
    await expectRollupMatchesRecords();
  });

  it('takes a deactivated worker out of the denominator from the date', async () => {
    base = { before: await at(LC, '2030-03-09'), on: await at(LC, '2030-03-10') };
    ids.b = await worker();
    await completed(ids.b, '2029-01-10');
    await endPostings(ids.b, '2030-03-10');
    expect(minus(await at(LC, '2030-03-09'), base.before!)).toMatchObject({ staff: 1, covered: 1 });
    expect(minus(await at(LC, '2030-03-10'), base.on!)).toMatchObject({
      staff: 0,
      covered: 0,
      cumulative: 0,
    });
    await expectRollupMatchesRecords();
  });

  it('counts a moved worker where they work at the end of the period, the course where it was taken', async () => {
    base = { lc: await at(LC, '2030-04-01', '2030-04-30'), hc: await at(HC, '2030-04-01', '2030-04-30') };
    ids.c = await worker();
    await completed(ids.c, '2030-04-10');
    await move(ids.c, HC, '2030-04-20');
    expect(minus(await at(HC, '2030-04-01', '2030-04-30'), base.hc!)).toEqual({
      coached: 0,
      toStandard: 0,
      cumulative: 1,
      covered: 1,
      staff: 1,
      facilitators: 0,
    });
    expect(minus(await at(LC, '2030-04-01', '2030-04-30'), base.lc!)).toEqual({
      coached: 1,
      toStandard: 0,
      cumulative: 0,
      covered: 0,
      staff: 0,
      facilitators: 0,
    });
    await expectRollupMatchesRecords();
  });

  it('follows the leap day, the coverage window, a withdrawn completion and a facilitator', async () => {
    base = { lastDay: await at(LC, '2031-02-28'), after: await at(LC, '2031-03-01') };
    ids.d = await worker();
    const course = await completed(ids.d, '2028-02-29');
    // 29 February + 3 years is 28 February (as in PostgreSQL and shared/coaching/coverage.ts).
    expect(minus(await at(LC, '2031-02-28'), base.lastDay!)).toMatchObject({ covered: 1, staff: 1 });
    expect(minus(await at(LC, '2031-03-01'), base.after!)).toMatchObject({ covered: 0, staff: 1 });
    // N = 2: the worker of the first case (coached 2027-06-15) is covered on 2029-06-15, not a day later.
    const n3 = await at(LC, '2029-06-16');
    await t.db.query(
      `insert into coaching_settings (country_id, coverage_years) values ($1, 2)
       on conflict (country_id) do update set coverage_years = 2`,
      [VN],
    );
    expect((await at(LC, '2029-06-16')).covered).toBeLessThan(n3.covered);
    const june2029 = await at(LC, '2029-06-15');
    await t.db.query(`update coaching_participants set completed = false where worker_id = $1`, [ids.a]);
    expect(june2029.covered - (await at(LC, '2029-06-15')).covered).toBe(1);
    await t.db.query(
      `update health_workers set facilitator_level = 'provincial', facilitator_certified_on = '2026-01-01' where id = $1`,
      [ids.d],
    );
    expect((await at(LC, '2031-03-01')).facilitators - base.after!.facilitators).toBe(1);
    await t.db.query(
      `update coaching_courses set ends_on = '2028-03-01', starts_on = '2028-03-01' where id = $1`,
      [course],
    );
    await t.db.query(`update coaching_settings set coverage_years = 3 where country_id = $1`, [VN]);
    await expectRollupMatchesRecords();
  });

  describe('health workers coached: distinct per month, quarter, year and any range', () => {
    const DN = orgUnitIdOf('VN-DN');
    const Q3 = ['2030-07-01', '2030-09-30'] as const;
    const Q4 = ['2030-10-01', '2030-12-31'] as const;
    const YEAR = ['2030-01-01', '2030-12-31'] as const;
    /** The change of "coached" (and "to standard") at each unit and period since `before`. */
    type Periods = Record<string, readonly [string, string, string]>;
    async function coachedIn(periods: Periods) {
      const out: Record<string, number> = {};
      for (const [name, [u, from, to]] of Object.entries(periods))
        out[name] = (await at(u, from, to)).coached;
      return out;
    }
    /** Expects the change of "coached" since `before` in each period, in the order `periods` lists them. */
    const expectChange = async (before: Record<string, number>, periods: Periods, change: number[]) => {
      const now = await coachedIn(periods);
      expect(Object.keys(periods).map((k) => now[k]! - before[k]!)).toEqual(change);
    };
    const dropParticipation = (course: string) =>
      t.db.query('delete from coaching_participants where course_id = $1', [course]);

    it('counts a worker coached twice in a quarter once in the quarter and the year, and once a month', async () => {
      const periods: Periods = {
        q3: [LC, ...Q3],
        year: [LC, ...YEAR],
        province: [DN, ...Q3],
        july: [LC, '2030-07-01', '2030-07-31'],
        august: [LC, '2030-08-01', '2030-08-31'],
        julyAugust: [LC, '2030-07-01', '2030-08-31'],
      };
      const before = await coachedIn(periods);
      const w = await worker();
      const first = await completed(w, '2030-07-05');
      await completed(w, '2030-08-20');
      // Two months, not a calendar quarter: still one worker over the range (docs/coaching.md).
      await expectChange(before, periods, [1, 1, 1, 1, 1, 1]);
      // Deleting one participation: still coached in the quarter (August), no longer in July.
      await dropParticipation(first);
      await expectChange(before, periods, [1, 1, 1, 0, 1, 1]);
      await expectRollupMatchesRecords();
    });

    it('counts a worker coached in two quarters once in each and once in the year', async () => {
      const periods: Periods = {
        q1: [LC, '2030-01-01', '2030-03-31'],
        q2: [LC, '2030-04-01', '2030-06-30'],
        year: [LC, ...YEAR],
        country: [VN, ...YEAR],
      };
      const before = await coachedIn(periods);
      const w = await worker();
      await completed(w, '2030-01-10');
      await completed(w, '2030-05-10');
      await expectChange(before, periods, [1, 1, 1, 1]);
      await expectRollupMatchesRecords();
    });

    it('counts a worker moved in the quarter once, where they worked at their first course of it', async () => {
      const periods: Periods = {
        lc: [LC, ...Q4],
        hc: [HC, ...Q4],
        province: [DN, ...Q4],
        lcYear: [LC, ...YEAR],
        hcYear: [HC, ...YEAR],
        hcNovember: [HC, '2030-11-01', '2030-11-30'],
      };
      const before = await coachedIn(periods);
      const w = await worker();
      const first = await completed(w, '2030-10-05');
      await move(w, HC, '2030-10-20');
      // The second course's venue is the first facility: a worker counts where they work, not at the venue.
      await completed(w, '2030-11-10');
      await expectChange(before, periods, [1, 0, 1, 1, 0, 1]);
      // Without the first course, the quarter's and the year's first course is the one at the new facility.
      await dropParticipation(first);
      await expectChange(before, periods, [0, 1, 1, 0, 1, 1]);
      await expectRollupMatchesRecords();
    });

    it("moves the quarter to a back-dated posting that covers an earlier course (the insert recounts the worker's postings)", async () => {
      const periods: Periods = { lc: [LC, ...Q4], hc: [HC, ...Q4], province: [DN, ...Q4] };
      const before = await coachedIn(periods);
      const w = await worker('delivery_room', HC, '2030-12-01');
      // A course while on no roster counts nowhere; the one at HC counts there.
      await completed(w, '2030-10-15');
      await completed(w, '2030-12-10');
      await expectChange(before, periods, [0, 1, 1]);
      await posting(w, LC, '2030-10-01', '2030-11-01');
      await expectChange(before, periods, [1, 0, 1]);
      await expectRollupMatchesRecords();
    });

    /** "Coached" and "to standard" at each unit and period, as changes since `before`. */
    async function bothIn(periods: Periods) {
      const out: Record<string, [number, number]> = {};
      for (const [name, [u, from, to]] of Object.entries(periods)) {
        const v = await at(u, from, to);
        out[name] = [v.coached, v.toStandard];
      }
      return out;
    }
    const changeOf = (now: Record<string, [number, number]>, before: Record<string, [number, number]>) =>
      Object.fromEntries(
        Object.keys(now).map((k) => [k, [now[k]![0] - before[k]![0], now[k]![1] - before[k]![1]]]),
      );

    it('counts a worker coached in two months of a custom range once, over ranges cutting months and a year boundary', async () => {
      const periods: Periods = {
        twoMonths: [LC, '2031-05-01', '2031-06-30'],
        cutBoth: [LC, '2031-05-10', '2031-06-25'],
        cutProvince: [DN, '2031-05-10', '2031-06-25'],
        cutCountry: [VN, '2031-05-10', '2031-06-25'],
        afterFirst: [LC, '2031-05-21', '2031-06-25'],
        beforeSecond: [LC, '2031-05-10', '2031-06-19'],
        between: [LC, '2031-05-21', '2031-06-19'],
        acrossYear: [LC, '2031-12-15', '2032-01-20'],
        acrossYearCountry: [VN, '2031-11-01', '2032-02-29'],
        december: [LC, '2031-12-01', '2031-12-31'],
        january: [LC, '2032-01-01', '2032-01-31'],
        days: [LC, '2031-12-20', '2031-12-20'],
      };
      const before = await bothIn(periods);
      const w = await worker();
      await completed(w, '2031-05-20');
      const second = await completed(w, '2031-06-20');
      await completed(w, '2031-12-20');
      await completed(w, '2032-01-10');
      // The June course has an after-coaching checklist at the passing score: "to standard" in every range
      // holding it, though the range's first course (where the worker is counted) is in May.
      await t.db.query(
        `insert into coaching_checklists (id, course_id, worker_id, checklist_id, checklist_version, moment, method,
                                          observed_on, answers, total, max_total, percent, domains, created_at)
         values ($1, $2, $3, 'eenc_breathing', 1, 'after', 'mannequin', '2031-06-20', '{}', 9, 10, 90, '{}', now())`,
        [newId(), second, w],
      );
      expect(changeOf(await bothIn(periods), before)).toEqual({
        twoMonths: [1, 1],
        cutBoth: [1, 1],
        cutProvince: [1, 1],
        cutCountry: [1, 1],
        afterFirst: [1, 1],
        beforeSecond: [1, 0],
        between: [0, 0],
        acrossYear: [1, 0],
        acrossYearCountry: [1, 0],
        december: [1, 0],
        january: [1, 0],
        days: [1, 0],
      });
      await expectRollupMatchesRecords();
    });

    it('counts a worker moved within a custom range once, where they worked at its first course', async () => {
      const range = ['2031-08-10', '2031-10-05'] as const;
      const periods: Periods = {
        lc: [LC, ...range],
        hc: [HC, ...range],
        province: [DN, ...range],
        hcLater: [HC, '2031-09-01', '2031-10-05'],
      };
      const before = await coachedIn(periods);
      const w = await worker();
      const first = await completed(w, '2031-08-15');
      await move(w, HC, '2031-09-01');
      await completed(w, '2031-09-10');
      await completed(w, '2031-10-02');
      await expectChange(before, periods, [1, 0, 1, 1]);
      // The same over the grid in one request (with the country and the region: their range facts are
      // read for every facility at once, rangeSubtreeFactTable), the first course at the first facility.
      await expectRollupMatchesRecords();
      // Without the first course, the range's first course is at the new facility.
      await dropParticipation(first);
      await expectChange(before, periods, [0, 1, 1, 1]);
      await expectRollupMatchesRecords();
    });
  });
});
