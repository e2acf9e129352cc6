import { describe, expect, it } from 'vitest';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { evaluateFilter } from '../../../shared/indicators/filter';
import { monthEnd } from '../../../shared/indicators/period';
import { newId } from '../../../shared/ids';
import { DEFAULT_SCREENING_SETTINGS } from '../../../shared/screening/screening-settings';
import { C01, C02, DN, HC, VN } from '../../test/demo-units';
import { useTestApp } from '../../test/test-app';
import { type Cell, countCells, type EngineUnit } from '../indicators/indicator-engine';
import { expectRollupMatchesRecords } from '../coaching/coaching-test-helpers';

/**
 * The screening rollup (a woman's states as signed changes, docs/screening.md "Indicators") against a
 * count of the women written from the rules alone: per woman, her age in completed years, her screens up
 * to the period's last day and her latest screen of the period, each definition's filter evaluated on
 * them in JavaScript. After each kind of write (women crossing 30 and 50 in a period, a screen five years
 * and a day before the period's end, a screen edited, deleted, a woman moved, the country's target time
 * changed) the engine's counts equal that count in every cell, and the trigger-kept rollup equals the
 * records and a rebuild. Written directly in the tables: the triggers are what is tested.
 */
const { registry } = loadIndicators();
const STATES = registry.measures.filter((m) => m.source === 'screening');
const RESULTS = registry.measures.filter((m) => m.source === 'screening_result');
const ALL = [...STATES, ...RESULTS];

/** Per cell and woman under its unit: what the rules read. */
const WOMEN_SQL = `
select c.i, w.id,
       extract(year from c.d2)::int - w.birth_year
         - case when w.birth_date is not null and to_char(c.d2, 'MM-DD') < to_char(w.birth_date, 'MM-DD') then 1 else 0 end as age,
       (select count(*)::int from screening_events e where e.client_id = w.id and e.taken_on <= c.d2) as screens,
       (select max(e.taken_on)::text from screening_events e where e.client_id = w.id and e.taken_on <= c.d2) as last_on,
       (c.d2 - interval '5 years')::date::text as five_years_before,
       c.d2::text as d2, l.result, l.result_on::text, least(l.triage_on, l.treated_on)::text as followed_on,
       7 * coalesce((select (s.screening ->> 'treatmentTargetWeeks')::int from country_settings s
                      where s.country_id = $4), ${DEFAULT_SCREENING_SETTINGS.treatmentTargetWeeks}) as target_days
  from unnest($1::text[], $2::date[], $3::date[]) with ordinality as c(path, d1, d2, i)
  join org_units o on o.path like c.path || '%'
  join screening_clients w on w.org_unit_id = o.id
  left join lateral (select e.* from screening_events e where e.client_id = w.id and e.taken_on between c.d1 and c.d2
                      order by e.taken_on desc, e.id desc limit 1) l on true`;

type Woman = {
  i: number;
  age: number;
  screens: number;
  last_on: string | null;
  five_years_before: string;
  d2: string;
  result: string | null;
  result_on: string | null;
  followed_on: string | null;
  target_days: number;
};
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The source fields of a woman on a cell's last day, from the rules (shared/screening/screening-indicators.ts). */
function factsOf(w: Woman) {
  const positive = w.result === 'positive' || w.result === 'suspected_cancer';
  return {
    age_30_49: w.age >= 30 && w.age <= 49,
    age_35: w.age === 35,
    age_45: w.age === 45,
    ever_screened: w.screens >= 1,
    screened_5y: w.last_on !== null && w.last_on > w.five_years_before,
    screened_twice: w.screens >= 2,
    result_in_period: w.result !== null && w.result !== 'inadequate',
    positive_in_period: positive,
    followed_in_target:
      positive && w.followed_on !== null && w.followed_on <= addDays(w.result_on!, w.target_days),
    lost_to_follow_up: positive && w.followed_on === null && addDays(w.result_on!, 3 * w.target_days) <= w.d2,
  };
}

describe('screening rollup: states at the period end against the women', () => {
  const t = useTestApp();
  const units: EngineUnit[] = [];

  async function grid(): Promise<Cell[]> {
    if (units.length === 0) {
      const [region] = await t.db.query<{ id: string }>(
        `select id from org_units where kind = 'region' limit 1`,
      );
      for (const id of [C01, C02, HC, DN, VN, region!.id]) {
        const [u] = await t.db.query<EngineUnit>('select id, path, kind from org_units where id = $1', [id]);
        units.push(u!);
      }
    }
    const cells: Cell[] = [];
    for (const unit of units) {
      for (let y = 2025; y <= 2027; y++) {
        cells.push({ unit, from: `${y}-01-01`, to: `${y}-12-31` });
        for (let q = 0; q < 4; q++) {
          const from = `${y}-${String(3 * q + 1).padStart(2, '0')}-01`;
          cells.push({ unit, from, to: monthEnd(`${y}-${String(3 * q + 3).padStart(2, '0')}-01`) });
        }
        for (let m = 1; m <= 12; m++) {
          const from = `${y}-${String(m).padStart(2, '0')}-01`;
          cells.push({ unit, from, to: monthEnd(from) });
        }
      }
      for (const d of ['2026-02-28', '2026-03-01', '2026-06-29', '2026-06-30', '2026-07-14', '2026-07-15'])
        cells.push({ unit, from: d, to: d });
      cells.push(
        { unit, from: '2026-03-02', to: '2026-09-19' },
        { unit, from: '2025-11-20', to: '2026-09-20' },
      );
    }
    return cells;
  }

  /** Each measure's count per cell, from the women and the rules. */
  async function fromTheRules(cells: readonly Cell[]) {
    const women = await t.db.query<Woman>(WOMEN_SQL, [
      cells.map((c) => c.unit.path),
      cells.map((c) => c.from),
      cells.map((c) => c.to),
      VN,
    ]);
    const out = cells.map(() => Object.fromEntries(ALL.map((m) => [m.id, 0])));
    for (const w of women) {
      const facts = factsOf(w);
      for (const m of ALL) if (evaluateFilter(m.where, facts)) out[w.i - 1]![m.id]! += 1;
    }
    return out;
  }

  /** The engine equals the rules in every cell; the trigger-kept rollup equals the records and a rebuild. */
  async function expectExact() {
    const cells = await grid();
    expect(await countCells(t.db, cells, ALL)).toEqual(await fromTheRules(cells));
    await expectRollupMatchesRecords(t.db, 'screening', cells, STATES);
  }

  async function woman(unit: string, birthYear: number, birthDate: string | null) {
    const id = newId();
    await t.db.query(
      `insert into screening_clients (id, org_unit_id, name, search_text, birth_year, birth_date, step, ends_on)
       values ($1, $2, 'Rollup test', 'rollup test', $3, $4, 'screen', $5)`,
      [id, unit, birthYear, birthDate, `${birthYear + 50}-01-01`],
    );
    return id;
  }
  async function screen(client: string, takenOn: string, more: Record<string, string> = {}) {
    const id = newId();
    await t.db.query(
      `insert into screening_events (id, client_id, test, sample_by, taken_on, place_id, result, result_on, treated_on, treatment)
       values ($1, $2, 'hpv_dna', 'provider', $3, $4, $5, $6, $7, $8)`,
      [
        id,
        client,
        takenOn,
        C01,
        more.result ?? null,
        more.resultOn ?? null,
        more.treatedOn ?? null,
        more.treatedOn ? 'thermal_ablation' : null,
      ],
    );
    return id;
  }
  const at = async (unit: string, from: string, to: string) => {
    const [u] = await t.db.query<EngineUnit>('select id, path, kind from org_units where id = $1', [unit]);
    const [c] = await countCells(t.db, [{ unit: u!, from, to }], ALL);
    return (indicator: string, part: 'numerator' | 'denominator') => c![registry.byRef({ indicator, part })]!;
  };

  const ids: Record<string, string> = {};
  const idOf = (name: string) => ids[name]!;

  it('counts women crossing 30 and 50, 35 and 45 within a period, on their birthdays', async () => {
    const before = await at(C01, '2026-07-01', '2026-07-14');
    ids.turns30 = await woman(C01, 1996, '1996-07-15');
    ids.turns50 = await woman(C01, 1976, '1976-09-20');
    ids.leap = await woman(C01, 1996, '1996-02-29');
    ids.yearOnly = await woman(C02, 1996, null);
    ids.at35 = await woman(C01, 1991, '1991-05-10');
    ids.at45 = await woman(C02, 1981, '1981-11-30');
    await screen(idOf('turns50'), '2019-03-01');
    await screen(idOf('at45'), '2016-01-10');
    await screen(idOf('at45'), '2024-01-10');
    // 14 July 2026: the woman born 15 July 1996 is 29, the one born 20 September 1976 is 49.
    const mid = await at(C01, '2026-07-01', '2026-07-14');
    expect(
      mid('screening_coverage_ever_30_49', 'denominator') -
        before('screening_coverage_ever_30_49', 'denominator'),
    ).toBe(3);
    await expectExact();
  });

  it('counts a screen five years and a day before the period end out of the five years', async () => {
    const june = await at(C01, '2026-06-01', '2026-06-30');
    ids.fiveAndADay = await woman(C01, 1985, '1985-04-04');
    await screen(idOf('fiveAndADay'), '2021-06-29');
    ids.fiveExactly = await woman(C01, 1985, '1985-04-05');
    await screen(idOf('fiveExactly'), '2021-07-01');
    ids.leapScreen = await woman(C02, 1980, '1980-01-20');
    await screen(idOf('leapScreen'), '2020-02-29', { result: 'negative', resultOn: '2020-03-05' });
    const after = await at(C01, '2026-06-01', '2026-06-30');
    const d = (p: 'numerator' | 'denominator') =>
      after('screening_coverage_5y_30_49', p) - june('screening_coverage_5y_30_49', p);
    expect([d('numerator'), d('denominator')]).toEqual([1, 2]);
    await expectExact();
  });

  it('follows a screening edited', async () => {
    const e = await screen(idOf('turns30'), '2026-05-01', { result: 'positive', resultOn: '2026-05-08' });
    await expectExact();
    await t.db.query(
      `update screening_events set taken_on = '2025-12-30', result_on = '2026-01-05' where id = $1`,
      [e],
    );
    await t.db.query(
      `update screening_events set treated_on = '2026-01-20', treatment = 'thermal_ablation' where id = $1`,
      [e],
    );
    await expectExact();
  });

  it('follows a screening deleted, a woman moved, her birth date corrected and a woman deleted', async () => {
    const [first] = await t.db.query<{ id: string }>(
      `select id from screening_events where client_id = $1 order by taken_on limit 1`,
      [idOf('at45')],
    );
    await t.db.query('delete from screening_events where id = $1', [first!.id]);
    // Moved with her screenings (those of the period count at her new unit).
    await t.db.query(`update screening_clients set org_unit_id = $2 where id = any($1)`, [
      [idOf('at35'), idOf('turns30')],
      C02,
    ]);
    await t.db.query(`update screening_clients set birth_date = '1996-08-15' where id = $1`, [
      idOf('turns30'),
    ]);
    await expectExact();
    await t.db.query('delete from screening_clients where id = $1', [idOf('turns50')]);
    await expectExact();
  });

  it('counts a changed target time at the next query', async () => {
    const client = await woman(C01, 1988, '1988-03-03');
    await screen(client, '2026-02-02', {
      result: 'positive',
      resultOn: '2026-02-09',
      treatedOn: '2026-02-26',
    });
    const at4 = await at(C01, '2026-01-01', '2026-03-31');
    await t.db.query(
      `insert into country_settings (country_id, screening) values ($1, '{"treatmentTargetWeeks": 2}')
       on conflict (country_id) do update set screening = coalesce(country_settings.screening, '{}') || '{"treatmentTargetWeeks": 2}'`,
      [VN],
    );
    const at2 = await at(C01, '2026-01-01', '2026-03-31');
    expect(
      at4('screening_positives_treated_in_target', 'numerator') -
        at2('screening_positives_treated_in_target', 'numerator'),
    ).toBe(1);
    await expectExact();
  });
});
