import { describe, expect, it } from 'vitest';
import { type ChecklistAnswer, scoreChecklist } from '../../../shared/coaching/checklist-scoring';
import { findChecklist } from '../../../shared/coaching/checklists';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { monthEnd } from '../../../shared/indicators/period';
import { newId } from '../../../shared/ids';
import { orgUnitIdOf } from '../../seed/demo';
import { useTestApp } from '../../test/test-app';
import { type Cell, countCells, type EngineUnit } from '../indicators/indicator-engine';
import { expectRollupMatchesRecords as rollupMatchesRecords } from './coaching-test-helpers';

/**
 * The skills-checklist rollup (source `coaching_checklist`, docs/coaching.md "Checklist indicators")
 * against the records: after each kind of write (a checklist recorded, corrected, deleted with its
 * participant, a worker moved to another country, a country's copy of a checklist, a passing score,
 * a course moved) the trigger-kept rollup, the same counts from the records (`countCellsRaw`) and a
 * rebuild of the rollup agree for every unit from the facility to the region, every month, quarter
 * and year of 2025-2026 and ranges that cut months. Written directly in the tables (the triggers are
 * what is tested), besides the demo's own checklists.
 */
const LC = orgUnitIdOf('VN-DN-LC-H');
const HC = orgUnitIdOf('VN-DN-HC-H');
const VN = orgUnitIdOf('VN');
const LA = orgUnitIdOf('LA');

const { registry } = loadIndicators();
const measures = registry.measures.filter((m) => m.source === 'coaching_checklist');
const BREATHING = findChecklist('eenc_breathing', 1)!;
const codes = BREATHING.domains.flatMap((d) => d.items.map((i) => i.code));
const PASSING = registry.byRef({ indicator: 'checklists_passing', part: 'numerator' });
const AFTER = registry.byRef({ indicator: 'checklist_paired_after', part: 'denominator' });

/** Answers: the first `yes` items yes, the next `partial` partial, the rest no. */
function scored(yes: number, partial: number) {
  const answers: Record<string, ChecklistAnswer> = {};
  codes.forEach((c, i) => (answers[c] = i < yes ? 'yes' : i < yes + partial ? 'partial' : 'no'));
  return { answers, score: scoreChecklist(BREATHING, answers) };
}

describe('coaching checklist rollup against the records', () => {
  const t = useTestApp();
  const units: Record<string, EngineUnit> = {};

  async function unit(id: string): Promise<EngineUnit> {
    const [row] = await t.db.query<EngineUnit>('select id, path, kind from org_units where id = $1', [id]);
    return (units[id] ??= row!);
  }

  /** Every month, quarter and year of 2025-2026, and ranges cutting months, at every level. */
  async function grid(): Promise<Cell[]> {
    const [region] = await t.db.query<{ id: string }>(
      `select id from org_units where kind = 'region' limit 1`,
    );
    const cells: Cell[] = [];
    for (const id of [LC, HC, orgUnitIdOf('VN-DN'), VN, LA, region!.id]) {
      const u = await unit(id);
      for (const y of [2025, 2026]) {
        cells.push({ unit: u, from: `${y}-01-01`, to: `${y}-12-31` });
        for (let q = 0; q < 4; q++)
          cells.push({
            unit: u,
            from: `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`,
            to: monthEnd(`${y}-${String(q * 3 + 3).padStart(2, '0')}-01`),
          });
        for (let m = 1; m <= 12; m++) {
          const from = `${y}-${String(m).padStart(2, '0')}-01`;
          cells.push({ unit: u, from, to: monthEnd(from) });
        }
      }
      cells.push({ unit: u, from: '2025-03-10', to: '2025-03-10' });
      cells.push({ unit: u, from: '2025-03-05', to: '2025-06-16' });
      cells.push({ unit: u, from: '2025-02-11', to: '2026-01-20' });
    }
    return cells;
  }

  const expectRollupMatchesRecords = async () =>
    rollupMatchesRecords(t.db, 'coaching_checklist', await grid(), measures);
  const at = async (id: string, from: string, to: string) =>
    (await countCells(t.db, [{ unit: await unit(id), from, to }], measures))[0]!;

  const ctx = { worker: '', course: '', before: '', after: '', late: '' };

  async function checklist(moment: string, observedOn: string, yes: number, partial = 0, version = 1) {
    const id = newId();
    const { answers, score } = scored(yes, partial);
    await t.db.query(
      `insert into coaching_checklists (id, course_id, worker_id, checklist_id, checklist_version, moment, method,
         observed_on, answers, total, max_total, percent, domains, created_at)
       values ($1, $2, $3, $4, $5, $6, 'mannequin', $7, $8::jsonb, $9, $10, $11, $12::jsonb, now())`,
      [
        id,
        ctx.course,
        ctx.worker,
        version === 1 ? 'eenc_breathing' : 'vn_breathing_copy',
        version,
        moment,
        observedOn,
        JSON.stringify(answers),
        score.total,
        score.max,
        score.percent,
        JSON.stringify(score.domains),
      ],
    );
    return id;
  }

  it('counts a recorded checklist, and a pair once its after-coaching checklist is recorded', async () => {
    ctx.worker = newId();
    await t.db.query(
      `insert into health_workers (id, country_id, name, cadre) values ($1, $2, 'Checklist rollup test', 'midwife')`,
      [ctx.worker, VN],
    );
    ctx.course = newId();
    await t.db.query(
      `insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days)
       values ($1, $2, 'eenc_routine', '2025-03-10', '2025-04-02', 5)`,
      [ctx.course, LC],
    );
    await t.db.query(
      `insert into coaching_participants (course_id, worker_id, days_attended, completed) values ($1, $2, 5, true)`,
      [ctx.course, ctx.worker],
    );
    const march = await at(LC, '2025-03-01', '2025-03-31');
    const april = await at(LC, '2025-04-01', '2025-04-30');
    ctx.before = await checklist('before', '2025-03-10', 3, 2);
    expect((await at(LC, '2025-03-01', '2025-03-31'))[PASSING]).toBe(march[PASSING]);
    await expectRollupMatchesRecords();
    ctx.after = await checklist('after', '2025-04-02', codes.length);
    const now = await at(LC, '2025-04-01', '2025-04-30');
    expect(now[PASSING]! - april[PASSING]!).toBe(1);
    // The after-coaching points of the pair (two per item), dated by the after-coaching checklist.
    expect(now[AFTER]! - april[AFTER]!).toBe(2 * codes.length);
    await expectRollupMatchesRecords();
  });

  it('moves the pair to a later after-coaching checklist, and back when it is deleted', async () => {
    const april = await at(LC, '2025-04-01', '2025-04-30');
    ctx.late = await checklist('after', '2025-06-20', codes.length - 2, 1);
    expect((await at(LC, '2025-04-01', '2025-04-30'))[AFTER]! - april[AFTER]!).toBe(-2 * codes.length);
    await expectRollupMatchesRecords();
    await t.db.query('delete from coaching_checklists where id = $1', [ctx.late]);
    expect(await at(LC, '2025-04-01', '2025-04-30')).toEqual(april);
    await expectRollupMatchesRecords();
  });

  it('follows a corrected checklist: its date, its moment and its score', async () => {
    await t.db.query(
      `update coaching_checklists set observed_on = '2025-05-03', total = 0, percent = 0,
         domains = (select jsonb_object_agg(key, jsonb_set(value, '{total}', '0')) from jsonb_each(domains))
        where id = $1`,
      [ctx.after],
    );
    await expectRollupMatchesRecords();
    await t.db.query(`update coaching_checklists set moment = 'after' where id = $1`, [ctx.before]);
    await expectRollupMatchesRecords();
    await t.db.query(`update coaching_checklists set moment = 'before' where id = $1`, [ctx.before]);
  });

  it("follows a worker's country, a country's copy, a passing score and a course's venue", async () => {
    // A worker moved to another country: the checklists pass at that country's score.
    await t.db.query(
      `insert into coaching_settings (country_id, passing_percent, low_band_percent) values ($1, 10, 5)
       on conflict (country_id) do update set passing_percent = 10, low_band_percent = 5`,
      [LA],
    );
    const march = await at(LC, '2025-03-01', '2025-03-31');
    await t.db.query('update health_workers set country_id = $2 where id = $1', [ctx.worker, LA]);
    expect((await at(LC, '2025-03-01', '2025-03-31'))[PASSING]! - march[PASSING]!).toBe(1);
    await expectRollupMatchesRecords();
    await t.db.query('update coaching_settings set passing_percent = 80 where country_id = $1', [LA]);
    await expectRollupMatchesRecords();

    // A checklist recorded on a country's copy counts as the checklist it copies, once the copy says so.
    await checklist('after', '2025-07-01', 4, 0, 2);
    await t.db.query(
      `insert into coaching_checklist_versions (id, country_id, checklist_id, version, based_on_id, module, name,
         domains, created_at, updated_at)
       values ($1, $2, 'vn_breathing_copy', 2, 'other_checklist', 'eenc_routine', '{}'::jsonb, '[]'::jsonb, now(), now())`,
      [newId(), VN],
    );
    await expectRollupMatchesRecords();
    await t.db.query(
      `update coaching_checklist_versions set based_on_id = 'eenc_breathing' where checklist_id = 'vn_breathing_copy'`,
    );
    await expectRollupMatchesRecords();

    // A course held elsewhere: its checklists count at the new venue.
    await t.db.query('update coaching_courses set venue_id = $2 where id = $1', [ctx.course, HC]);
    await expectRollupMatchesRecords();
  });

  it('drops the checklists of a participant taken off the course', async () => {
    const checklists = registry.byRef({ indicator: 'checklists_passing', part: 'denominator' });
    const hc = await at(HC, '2025-01-01', '2025-12-31');
    await t.db.query('delete from coaching_participants where course_id = $1 and worker_id = $2', [
      ctx.course,
      ctx.worker,
    ]);
    // Before, after and the one on the country's copy.
    expect(hc[checklists]! - (await at(HC, '2025-01-01', '2025-12-31'))[checklists]!).toBe(3);
    await expectRollupMatchesRecords();
  });
});
